namespace NicDoctor.VmBench;

/// <summary>The guest did not get to <c>NDTEST done</c>; the message ends with the last console lines.</summary>
public sealed class VmBootException(string message) : Exception(message);
