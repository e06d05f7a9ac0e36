using System.CommandLine;
using NicDoctor.Initramfs;
using NicDoctor.Initramfs.Image;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary>Arguments and options several initramfs subcommands share, and opening the image.</summary>
internal static class InitramfsArguments
{
    public static Argument<string> Image() => new("IMAGE")
    {
        Description = "The initramfs image (e.g. /boot/initrd.img-$(uname -r))",
    };

    public static Option<int[]> Part() => new("--part", "-P")
    {
        Description = "Only part N (1-based, as 'examine' numbers them); repeat for several",
        HelpName = "N",
    };

    public static Argument<string[]> Patterns(string description) => new("GLOB")
    {
        Description = description,
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <param name="path">The image file.</param>
    /// <param name="readAhead">Decompress on a second thread: for verbs that read the file data.</param>
    public static InitramfsImage Open(string path, bool readAhead = false)
    {
        if (!File.Exists(path))
            throw new UserErrorException(path, Directory.Exists(path) ? "is a directory, not an image file" : "no such file");
        InitramfsImage image = InitramfsImage.Open(path);
        image.ReadAhead = readAhead;
        return image;
    }

    /// <summary>Runs a body, turning engine format errors into the CLI's "bad input" category.</summary>
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
    }

    public static IReadOnlySet<int>? PartSet(int[]? parts)
    {
        if (parts is null || parts.Length == 0)
            return null;
        foreach (int p in parts)
        {
            if (p < 1)
                throw new UserErrorException("--part", $"{p}: parts are numbered from 1");
        }
        return parts.ToHashSet();
    }
}
