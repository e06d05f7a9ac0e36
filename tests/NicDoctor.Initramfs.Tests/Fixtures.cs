namespace NicDoctor.Initramfs.Tests;

/// <summary>
/// Small real archives made by GNU cpio and the real compressors from a tree with every file
/// type (file, dir, symlink, hard links, fifo, char device), built per test in a temp directory.
/// </summary>
internal sealed class Fixtures : IDisposable
{
    private readonly TempDirectory _dir = new();

    public Fixtures()
    {
        // Fixed content and mtimes; the device node needs root (tests run as root in CI).
        Tools.Sh("""
            mkdir -p tree/etc/cmdline.d tree/bin tree/dev tree/lib/firmware tree2/usr/share tree3/kernel/x86/microcode
            printf 'root=/dev/sda1 rd.driver.pre=i40e\n' > tree/etc/cmdline.d/10-root.conf
            printf '#!/bin/sh\necho hello\n' > tree/bin/hello && chmod 0755 tree/bin/hello
            ln -s hello tree/bin/hi
            ln tree/bin/hello tree/bin/hello-hardlink
            mkfifo tree/dev/initctl
            mknod tree/dev/null2 c 1 3
            head -c 300000 /boot/vmlinuz-* > tree/lib/firmware/blob.bin
            chmod 0600 tree/lib/firmware/blob.bin
            printf 'second archive\n' > tree2/usr/share/readme
            head -c 5000 /boot/System.map-* > tree3/kernel/x86/microcode/AuthenticAMD.bin
            find tree tree2 tree3 -exec touch -h -d '2024-01-02 03:04:05 UTC' {} +
            """, _dir.Path);
    }

    public string Path => _dir.Path;

    public string this[string relative] => _dir[relative];

    /// <summary>cpio archive of <paramref name="tree"/> in <paramref name="format"/> (newc, crc, odc); returns its path.</summary>
    public string Cpio(string tree, string format = "newc", string? name = null)
    {
        string output = _dir[name ?? $"{tree}.{format}.cpio"];
        Tools.Sh($"cd '{_dir[tree]}' && find . | LC_ALL=C sort | cpio -o -H {format} --quiet > '{output}'");
        return output;
    }

    /// <summary>Compresses a file with the real tool (kernel-compatible flags); returns the new path.</summary>
    public string Compress(string file, string codec)
    {
        string output = $"{file}.{codec}";
        Tools.Sh($"{Tools.Compressor(codec)} < '{file}' > '{output}'");
        return output;
    }

    /// <summary>GNU cpio's listing of a plain cpio file.</summary>
    public static string[] CpioList(string cpioFile) =>
        Tools.Lines(Tools.Sh($"cpio -t --quiet < '{cpioFile}'"));

    /// <summary>Concatenates pieces; an int piece is that many zero bytes.</summary>
    public string Concat(string name, params object[] pieces)
    {
        string output = _dir[name];
        using var stream = File.Create(output);
        foreach (object piece in pieces)
        {
            if (piece is int zeros)
                stream.Write(new byte[zeros]);
            else
                stream.Write(File.ReadAllBytes((string)piece));
        }
        return output;
    }

    public void Dispose() => _dir.Dispose();
}
