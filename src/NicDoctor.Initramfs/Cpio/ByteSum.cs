using System.Numerics;
using System.Runtime.InteropServices;

namespace NicDoctor.Initramfs.Cpio;

/// <summary>The crc-format "checksum": a 32-bit wrapping sum of every data byte (not a CRC).</summary>
internal static class ByteSum
{
    public static uint Add(uint sum, ReadOnlySpan<byte> bytes)
    {
        // Widen to ushort lanes in chunks small enough that lanes cannot overflow (128 * 2 * 255 < 65536).
        int i = 0;
        if (Vector.IsHardwareAccelerated && bytes.Length >= Vector<byte>.Count)
        {
            ReadOnlySpan<Vector<byte>> vectors = MemoryMarshal.Cast<byte, Vector<byte>>(bytes);
            int v = 0;
            while (v < vectors.Length)
            {
                int chunk = Math.Min(128, vectors.Length - v);
                Vector<ushort> acc = Vector<ushort>.Zero;
                for (int k = 0; k < chunk; k++)
                {
                    Vector.Widen(vectors[v + k], out Vector<ushort> lo, out Vector<ushort> hi);
                    acc += lo + hi;
                }
                Vector.Widen(acc, out Vector<uint> a, out Vector<uint> b);
                sum += Vector.Sum(a + b);
                v += chunk;
            }
            i = vectors.Length * Vector<byte>.Count;
        }
        for (; i < bytes.Length; i++)
            sum += bytes[i];
        return sum;
    }
}
