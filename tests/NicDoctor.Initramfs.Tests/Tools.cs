using System.Diagnostics;

namespace NicDoctor.Initramfs.Tests;

/// <summary>Runs the real tools (GNU cpio, compressors, mkinitramfs) that make inputs and oracles.</summary>
internal static class Tools
{
    /// <summary>The installed Debian kernel the tests use (the running one if installed, else the newest).</summary>
    public static readonly string Kernel = NicDoctor.VmBench.DebianKernel.Locate().Release;

    public static string AssetsDirectory => Path.Combine(AppContext.BaseDirectory, "assets");

    /// <summary>Runs a bash command; throws with its stderr when it fails. Returns stdout.</summary>
    public static string Sh(string script, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo("bash", ["-c", "set -euo pipefail; " + script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        using var process = Process.Start(psi)!;
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"command failed ({process.ExitCode}): {script}\n{stderr.Result}");
        return stdout;
    }

    /// <summary>Lines of output, in order, without the trailing empty line.</summary>
    public static string[] Lines(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A real mkinitramfs image for the installed kernel, built once and cached; <paramref name="small"/>: MODULES=list.</summary>
    public static string MkinitramfsImage(string codec, bool small = false) =>
        Sh($"'{AssetsDirectory}/make-mkinitramfs-image.sh' {Kernel} {codec}{(small ? " small" : "")}").Trim();

    public static string Decompressor(string codec) => codec switch
    {
        "gzip" => "gzip -dc",
        "zstd" => "zstd -dcq",
        "xz" => "xz -dc",
        "lzma" => "xz --format=lzma -dc",
        "bzip2" => "bzip2 -dc",
        "lz4" => "lz4 -dc",
        "lzop" => "lzop -dc",
        _ => throw new ArgumentOutOfRangeException(nameof(codec)),
    };

    public static string Compressor(string codec) => codec switch
    {
        "gzip" => "gzip -n -c",
        "zstd" => "zstd -q -c",
        "xz" => "xz --check=crc32 -c",
        "lzma" => "xz --format=lzma -c",
        "bzip2" => "bzip2 -c",
        "lz4" => "lz4 -l -c",
        "lzop" => "lzop -c",
        _ => throw new ArgumentOutOfRangeException(nameof(codec)),
    };
}
