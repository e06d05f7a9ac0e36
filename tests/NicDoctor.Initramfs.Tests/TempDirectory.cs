namespace NicDoctor.Initramfs.Tests;

/// <summary>A scratch directory removed at the end of the test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = Directory.CreateTempSubdirectory("nicdoctor-initramfs-").FullName;
    }

    public string Path { get; }

    public string this[string relative] => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            Tools.Sh($"chmod -R u+rwx '{Path}' 2>/dev/null || true; rm -rf '{Path}'");
        }
        catch (InvalidOperationException)
        {
        }
    }
}
