namespace NicDoctor.Cli;

/// <summary>Maps an exception to one stderr line and an exit code.</summary>
internal static class ErrorReporter
{
    private const int EPIPE = 32;

    public static int Report(Exception ex, TextWriter stderr, bool verbose)
    {
        if (IsBrokenPipe(ex))
            return ExitCodes.BrokenPipe; // the reader went away (| head): say nothing

        (string line, int code) = ex switch
        {
            UserErrorException u => ($"{u.What}: {u.Why}", ExitCodes.UsageOrInput),
            // Format errors (InvalidDataException is sealed, so engines throw it directly or their
            // own FormatException subclass) already name the file and the offset or line.
            InvalidDataException d => (d.Message, ExitCodes.UsageOrInput),
            FormatException f => (f.Message, ExitCodes.UsageOrInput),
            FileNotFoundException f => ($"{f.FileName ?? "file"}: not found", ExitCodes.UsageOrInput),
            DirectoryNotFoundException d => (d.Message, ExitCodes.UsageOrInput),
            UnauthorizedAccessException a => ($"permission denied: {a.Message}", ExitCodes.Findings),
            IOException io => (io.Message, ExitCodes.Findings),
            OperationCanceledException => ("interrupted", ExitCodes.Findings),
            _ => ($"internal error: {ex.GetType().Name}: {ex.Message}", ExitCodes.Findings),
        };
        stderr.WriteLine($"nicdoctor: {OneLine(line)}");
        if (verbose)
            stderr.WriteLine(ex.ToString());
        return code;
    }

    private static bool IsBrokenPipe(Exception ex) =>
        ex is IOException { HResult: EPIPE } || (ex is IOException && ex.Message.Contains("Broken pipe", StringComparison.Ordinal));

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
