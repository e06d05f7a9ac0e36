namespace NicDoctor.Initramfs.IO;

/// <summary>Adler-32 (RFC 1950), as lzop stores it per block. Start value 1.</summary>
internal static class Adler32
{
    private const uint Modulus = 65521;

    // The largest n with 255n(n+1)/2 + (n+1)(Modulus-1) < 2^32: sums stay in 32 bits that long.
    private const int MaxRun = 5552;

    public static uint Compute(ReadOnlySpan<byte> data, uint value = 1)
    {
        uint a = value & 0xFFFF;
        uint b = value >> 16;
        while (!data.IsEmpty)
        {
            int run = Math.Min(data.Length, MaxRun);
            foreach (byte x in data[..run])
            {
                a += x;
                b += a;
            }
            a %= Modulus;
            b %= Modulus;
            data = data[run..];
        }
        return (b << 16) | a;
    }
}
