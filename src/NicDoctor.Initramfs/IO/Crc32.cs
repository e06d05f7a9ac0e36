namespace NicDoctor.Initramfs.IO;

/// <summary>CRC-32 (IEEE 802.3, reflected 0xEDB88320), as lzop and zlib compute it. Start value 0.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data, uint value = 0)
    {
        uint crc = ~value;
        foreach (byte x in data)
            crc = Table[(byte)(crc ^ x)] ^ (crc >> 8);
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < table.Length; i++)
        {
            uint c = i;
            for (int bit = 0; bit < 8; bit++)
                c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
