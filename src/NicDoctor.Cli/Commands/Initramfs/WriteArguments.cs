using System.CommandLine;
using NicDoctor.Initramfs;
using NicDoctor.Initramfs.Compression.Encoding;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary>Options the writing subcommands share, and turning engine argument errors into usage errors (exit 2).</summary>
internal static class WriteArguments
{
    public static Option<string> Compress(string description) => new("--compress")
    {
        Description = description + $" Codecs: {string.Join(", ", CompressionEncoders.Names)}, none",
        HelpName = "CODEC[:LEVEL]",
    };

    public static CompressionChoice? ParseCompress(string? text)
    {
        if (text is null)
            return null;
        try
        {
            return CompressionChoice.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UserErrorException("--compress", e.Message);
        }
    }

    /// <summary>SOURCE_DATE_EPOCH from the environment (reproducible-builds.org), or null.</summary>
    public static long? SourceDateEpoch()
    {
        string? text = Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH");
        if (string.IsNullOrEmpty(text))
            return null;
        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long epoch)
            ? epoch
            : throw new UserErrorException("SOURCE_DATE_EPOCH", $"'{text}' is not a number of seconds");
    }

    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (CpioFormatException ex)
        {
            throw ex.ToInvalidData();
        }
        catch (NicDoctor.Initramfs.Manifest.ManifestFormatException ex)
        {
            throw new UserErrorException(ex.SourceName, $"line {ex.Line}: {ex.Reason}");
        }
        catch (ArgumentException ex)
        {
            throw new UserErrorException("initramfs", ex.Message);
        }
        catch (NotSupportedException ex)
        {
            throw new UserErrorException("initramfs", ex.Message);
        }
    }
}
