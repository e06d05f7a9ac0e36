using System.Diagnostics;

namespace NicDoctor.Upgrade.Images;

/// <summary>
/// Runs the host's own image generator into a new file: <c>dracut --force NEW KVER</c> or
/// <c>mkinitramfs -o NEW KVER</c> (what update-initramfs runs), always with the kernel release
/// given — never the running kernel's or the highest installed one by default.
/// </summary>
public sealed class RebuildImageStrategy : IBootImageStrategy
{
    public string Name => "rebuild";

    /// <summary>The generator command of the host under <paramref name="root"/>, with placeholders; null when none is installed.</summary>
    public static IReadOnlyList<string>? DetectGenerator(string root)
    {
        foreach (string dir in new[] { "usr/bin", "usr/sbin", "sbin", "bin" })
        {
            if (File.Exists(Path.Join(root, dir, "dracut")))
                return ["dracut", "--force", "{new}", "{kver}"];
        }
        foreach (string dir in new[] { "usr/sbin", "sbin" })
        {
            if (File.Exists(Path.Join(root, dir, "mkinitramfs")))
                return ["mkinitramfs", "-o", "{new}", "{kver}"];
        }
        return null;
    }

    public string? Unavailable(string root) => DetectGenerator(root) is null
        ? $"{Path.Join(root, "usr/bin/dracut")} and mkinitramfs not found: no generator to rebuild the image with (give --image-generator)"
        : null;

    public void Build(BootImageBuildRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Generator.Count == 0)
            throw new InvalidOperationException("rebuild: the plan names no generator");
        var start = new ProcessStartInfo(Expand(request.Generator[0], request))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in request.Generator.Skip(1))
            start.ArgumentList.Add(Expand(arg, request));
        using Process process = Process.Start(start) ?? throw new IOException($"{start.FileName}: could not start");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdout.Result;
        if (process.ExitCode != 0)
            throw new IOException($"{string.Join(' ', start.ArgumentList.Prepend(start.FileName))}: exit {process.ExitCode}: {LastLine(stderr)}");
        if (!File.Exists(request.NewImage))
            throw new IOException($"{start.FileName} exited 0 but wrote no {request.NewImage}");
    }

    public static string Expand(string template, BootImageBuildRequest request) => template
        .Replace("{new}", request.NewImage, StringComparison.Ordinal)
        .Replace("{kver}", request.KernelRelease, StringComparison.Ordinal)
        .Replace("{root}", request.Root, StringComparison.Ordinal)
        .Replace("{current}", request.CurrentImage, StringComparison.Ordinal)
        .Replace("{module}", request.InstalledModule, StringComparison.Ordinal);

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no message)";
}
