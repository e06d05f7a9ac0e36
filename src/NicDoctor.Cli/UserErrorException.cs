namespace NicDoctor.Cli;

/// <summary>
/// A mistake in what the user asked for, found after parsing (unknown sample name, missing
/// file). Printed as one line <c>nicdoctor: WHAT: WHY</c>, exit code 2.
/// </summary>
internal sealed class UserErrorException(string what, string why) : Exception($"{what}: {why}")
{
    public string What { get; } = what;
    public string Why { get; } = why;
}
