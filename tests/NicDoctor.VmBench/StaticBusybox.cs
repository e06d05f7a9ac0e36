using System.Buffers.Binary;

namespace NicDoctor.VmBench;

/// <summary>
/// Checks that a busybox binary can run alone in the guest: Debian's <c>busybox</c> package also
/// installs /bin/busybox, but dynamically linked, and the guest has no libc.
/// </summary>
internal static class StaticBusybox
{
    private const uint PtInterp = 3;

    public static void Verify(string path)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: not found (apt-get install busybox-static)", path);
        if (HasInterpreter(path))
            throw new InvalidOperationException($"{path} is dynamically linked; the guest needs a static one (apt-get install busybox-static)");
    }

    /// <summary>True when the ELF64 file has a PT_INTERP program header (needs a dynamic loader).</summary>
    private static bool HasInterpreter(string path)
    {
        using var file = File.OpenRead(path);
        var header = new byte[64];
        file.ReadExactly(header);
        if (header[0] != 0x7f || header[1] != (byte)'E' || header[2] != (byte)'L' || header[3] != (byte)'F' || header[4] != 2)
            throw new InvalidDataException($"{path}: offset 0x0: not an ELF64 file");
        ulong phoff = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(0x20));
        ushort phentsize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x36));
        ushort phnum = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(0x38));
        var entry = new byte[phentsize];
        for (int i = 0; i < phnum; i++)
        {
            file.Position = (long)phoff + (i * phentsize);
            file.ReadExactly(entry);
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry) == PtInterp)
                return true;
        }
        return false;
    }
}
