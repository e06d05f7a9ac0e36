namespace NicDoctor.Boot.Tests;

/// <summary>A throw-away root tree: a copy of one fixture (Fixtures/NAME) plus files a test adds.</summary>
internal sealed class SandboxRoot : IDisposable
{
    private SandboxRoot(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public static SandboxRoot Empty() => new(Directory.CreateTempSubdirectory("nicdoctor-boot-").FullName);

    public static SandboxRoot FromFixture(string name)
    {
        var sandbox = Empty();
        Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", name), sandbox.Root);
        return sandbox;
    }

    /// <summary>The sandbox file for the host path <paramref name="hostPath"/>.</summary>
    public string PathOf(string hostPath) => Path.Join(Root, hostPath);

    public string Write(string hostPath, string text)
    {
        string full = PathOf(hostPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public string Write(string hostPath, byte[] bytes)
    {
        string full = PathOf(hostPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    public string CopyIn(string hostPath, string source)
    {
        string full = PathOf(hostPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.Copy(source, full, overwrite: true);
        return full;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from))
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (string dir in Directory.EnumerateDirectories(from))
            Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}
