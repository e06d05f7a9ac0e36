using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using NicDoctor.Initramfs.Cpio;
using NicDoctor.Initramfs.Image;

namespace NicDoctor.Initramfs.Repack;

/// <summary>
/// <c>repack --depmod</c>: copies each module tree a change touches (<c>(usr/)lib/modules/KVER</c>)
/// out of the image into a staging directory, applies the changes there, runs the system
/// <c>depmod -b STAGING KVER</c>, and offers every index file of the image whose bytes depmod
/// changed as a replacement. Index files the image does not carry are not added. The staging
/// directory lives until the repack is done (its files are the replacements' sources).
/// </summary>
internal sealed partial class DepmodStage : IDisposable
{
    /// <summary>What depmod writes (kmod 30); only those already in the image are replaced.</summary>
    private static readonly string[] IndexNames =
    [
        "modules.dep", "modules.dep.bin", "modules.alias", "modules.alias.bin", "modules.softdep", "modules.weakdep",
        "modules.symbols", "modules.symbols.bin", "modules.builtin.bin", "modules.builtin.alias.bin", "modules.devname",
    ];

    [GeneratedRegex("^((?:usr/)?lib/modules/([^/]+))/")]
    private static partial Regex ModuleRoot();

    private readonly DirectoryInfo _staging;

    private DepmodStage(DirectoryInfo staging) => _staging = staging;

    public List<(string Path, string Source)> IndexReplacements { get; } = [];

    public static DepmodStage Run(string inputPath, List<InitramfsRepacker.PendingChange> changes, List<string> warnings)
    {
        // Roots: (stored prefix, kernel release) of every module a change names.
        var roots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (InitramfsRepacker.PendingChange c in changes)
        {
            if (c.Stem is not null && ModuleRoot().Match(c.Path) is { Success: true } m)
                roots[m.Groups[1].Value] = m.Groups[2].Value;
        }
        var stage = new DepmodStage(Directory.CreateTempSubdirectory("nicdoctor-depmod-"));
        try
        {
            if (roots.Count == 0)
            {
                warnings.Add("--depmod: no change names a kernel module under (usr/)lib/modules/KVER; the index was left as it is");
                return stage;
            }
            var indexes = new Dictionary<string, (string Stored, string Staged)>(StringComparer.Ordinal);
            stage.Extract(inputPath, roots, indexes);
            foreach ((string root, string release) in roots)
            {
                string tree = Path.Combine(stage._staging.FullName, "lib", "modules", release);
                if (!Directory.Exists(tree))
                    throw new ArgumentException($"--depmod: {root} is not in the image, so there is no module index to regenerate");
                foreach (InitramfsRepacker.PendingChange c in changes.Where(c => c.Path.StartsWith(root + "/", StringComparison.Ordinal)))
                    ApplyToTree(tree, c.Path[(root.Length + 1)..], c);
                var before = indexes.Where(i => i.Key.StartsWith(root + "/", StringComparison.Ordinal))
                    .ToDictionary(i => i.Key, i => Hash(i.Value.Staged), StringComparer.Ordinal);
                RunDepmod(stage._staging.FullName, release, warnings);
                foreach ((string stored, string staged) in indexes.Values.Where(i => before.ContainsKey(i.Stored)))
                {
                    if (!File.Exists(staged))
                        warnings.Add($"--depmod: depmod did not write {stored}; the image's copy was kept");
                    else if (!Hash(staged).AsSpan().SequenceEqual(before[stored]))
                        stage.IndexReplacements.Add((stored, staged));
                }
            }
            return stage;
        }
        catch
        {
            stage.Dispose();
            throw;
        }
    }

    private void Extract(string inputPath, Dictionary<string, string> roots, Dictionary<string, (string, string)> indexes)
    {
        using InitramfsImage image = InitramfsImage.Open(inputPath);
        while (image.GetNextSegment() is { } segment)
        {
            while (segment.GetNextEntry() is { } entry)
            {
                string path = ArchivePath.Normalize(entry.Name);
                if (ModuleRoot().Match(path) is not { Success: true } m || !roots.ContainsKey(m.Groups[1].Value))
                    continue;
                string relative = path[(m.Groups[1].Value.Length + 1)..];
                if (relative.Split('/').Any(c => c is ".." or "." or ""))
                    continue; // never write outside the staging tree
                string target = Path.Combine(_staging.FullName, "lib", "modules", m.Groups[2].Value, relative);
                if (entry.EntryType == CpioEntryType.Directory)
                    Directory.CreateDirectory(target);
                else if (entry.EntryType == CpioEntryType.RegularFile)
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    using (var file = new FileStream(target, FileMode.Create, FileAccess.Write))
                        entry.DataStream?.CopyTo(file);
                    if (!relative.Contains('/', StringComparison.Ordinal) && IndexNames.Contains(relative))
                        indexes[path] = (path, target);
                }
            }
        }
    }

    /// <summary>The same change on the staged tree; modules are matched by stem, as the repack does.</summary>
    private static void ApplyToTree(string tree, string relative, InitramfsRepacker.PendingChange change)
    {
        string full = Path.Combine(tree, relative);
        string? existing = File.Exists(full) ? full : null;
        if (existing is null && change.Stem is not null && Directory.Exists(Path.GetDirectoryName(full)))
        {
            string stem = Path.GetFileName(ArchivePath.ModuleStem(relative)!);
            existing = Directory.EnumerateFiles(Path.GetDirectoryName(full)!)
                .FirstOrDefault(f => ArchivePath.ModuleStem(Path.GetFileName(f)) == stem);
        }
        if (existing is not null)
            File.Delete(existing);
        if (change.Kind == EntryChangeKind.Remove)
            return;
        string name = full;
        if (ArchivePath.ModuleStem(full) is { } moduleStem && ArchivePath.ModuleStem(Path.GetFileName(change.Source!)) is { } sourceStem)
            name = moduleStem + Path.GetFileName(change.Source!)[sourceStem.Length..];
        Directory.CreateDirectory(Path.GetDirectoryName(name)!);
        File.Copy(change.Source!, name, overwrite: true);
    }

    private static void RunDepmod(string basedir, string release, List<string> warnings)
    {
        string program = new[] { "/usr/sbin/depmod", "/sbin/depmod" }.FirstOrDefault(File.Exists) ?? "depmod";
        var psi = new ProcessStartInfo(program, ["-b", basedir, release]) { RedirectStandardError = true, RedirectStandardOutput = true };
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new IOException($"--depmod: cannot run depmod ({e.Message}); install kmod", e);
        }
        using (process)
        {
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            _ = stdout.Result;
            if (process.ExitCode != 0)
                throw new IOException($"--depmod: depmod -b {basedir} {release} failed ({process.ExitCode}): {stderr.Trim()}");
            warnings.AddRange(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(l => "depmod: " + l));
        }
    }

    private static byte[] Hash(string file)
    {
        using FileStream stream = File.OpenRead(file);
        return SHA256.HashData(stream);
    }

    public void Dispose()
    {
        try
        {
            _staging.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
