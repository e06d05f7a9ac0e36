namespace NicDoctor.Nic;

/// <summary>Link facts from <c>ethtool IF</c> (ETHTOOL_GLINKSETTINGS / GSET and GLINK).</summary>
/// <param name="SpeedMbps">Null when the driver reports an unknown speed.</param>
/// <param name="Duplex"><c>Full</c>, <c>Half</c>, or null when unknown.</param>
/// <param name="LinkDetected">Null when not reported.</param>
/// <param name="Port">Port type as ethtool prints it (<c>Twisted Pair</c>, <c>FIBRE</c>, <c>Other</c>).</param>
/// <param name="AutoNegotiation">Whether auto-negotiation is on.</param>
public sealed record LinkSettings(int? SpeedMbps, string? Duplex, string? Port, bool? AutoNegotiation, bool? LinkDetected);
