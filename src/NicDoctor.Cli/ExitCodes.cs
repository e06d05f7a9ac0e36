namespace NicDoctor.Cli;

/// <summary>The process exit codes every command uses (README documents them).</summary>
internal static class ExitCodes
{
    /// <summary>Success: nothing wrong found, the check passed.</summary>
    public const int Ok = 0;

    /// <summary>The command worked and found a problem (a finding, a failed check, a stalled queue).</summary>
    public const int Findings = 1;

    /// <summary>Bad command line or unreadable/invalid input.</summary>
    public const int UsageOrInput = 2;

    /// <summary>Output pipe closed by the reader (like a process killed by SIGPIPE).</summary>
    public const int BrokenPipe = 141;
}
