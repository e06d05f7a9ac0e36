namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// LZO1X block decompression (the format lzop writes with methods 1-3), bounds-checked on every
/// step. Written from the public format description (the kernel's lzo1x_decompress_safe logic);
/// no .NET library offers it.
/// </summary>
internal static class Lzo1xDecompressor
{
    private const int M2MaxOffset = 0x0800;

    /// <summary>Decodes <paramref name="input"/> into <paramref name="output"/>; returns bytes written or -1 if corrupt.</summary>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int ip = 0, op = 0, t, next, state = 0, matchPos;
        if (input.Length < 3)
            return -1;
        if (input[ip] > 17)
        {
            t = input[ip++] - 17;
            if (t < 4)
            {
                next = t;
                if (!CopyLiterals(input, ref ip, output, ref op, next))
                    return -1;
                state = next;
            }
            else
            {
                if (!CopyLiterals(input, ref ip, output, ref op, t))
                    return -1;
                state = 4;
            }
        }
        while (true)
        {
            if (ip >= input.Length)
                return -1;
            t = input[ip++];
            if (t < 16)
            {
                if (state == 0)
                {
                    if (t == 0)
                    {
                        if (!RunLength(input, ref ip, 15, out int extra))
                            return -1;
                        t = extra;
                    }
                    t += 3;
                    if (!CopyLiterals(input, ref ip, output, ref op, t))
                        return -1;
                    state = 4;
                    continue;
                }
                if (ip >= input.Length)
                    return -1;
                next = t & 3;
                if (state != 4)
                {
                    matchPos = op - 1 - (t >> 2) - (input[ip++] << 2);
                    t = 2;
                }
                else
                {
                    matchPos = op - (1 + M2MaxOffset) - (t >> 2) - (input[ip++] << 2);
                    t = 3;
                }
            }
            else if (t >= 64)
            {
                if (ip >= input.Length)
                    return -1;
                next = t & 3;
                matchPos = op - 1 - ((t >> 2) & 7) - (input[ip++] << 3);
                t = (t >> 5) - 1 + 2;
            }
            else if (t >= 32)
            {
                t = (t & 31) + 2;
                if (t == 2)
                {
                    if (!RunLength(input, ref ip, 31, out int extra))
                        return -1;
                    t += extra;
                }
                if (ip + 2 > input.Length)
                    return -1;
                int word = input[ip] | (input[ip + 1] << 8);
                ip += 2;
                matchPos = op - 1 - (word >> 2);
                next = word & 3;
            }
            else
            {
                matchPos = op - ((t & 8) << 11);
                t = (t & 7) + 2;
                if (t == 2)
                {
                    if (!RunLength(input, ref ip, 7, out int extra))
                        return -1;
                    t += extra;
                }
                if (ip + 2 > input.Length)
                    return -1;
                int word = input[ip] | (input[ip + 1] << 8);
                ip += 2;
                matchPos -= word >> 2;
                next = word & 3;
                if (matchPos == op)
                    return t == 3 && ip == input.Length ? op : -1; // end-of-stream marker
                matchPos -= 0x4000;
            }
            if (matchPos < 0 || op + t > output.Length)
                return -1;
            for (int i = 0; i < t; i++)
                output[op + i] = output[matchPos + i]; // may overlap: byte by byte on purpose
            op += t;
            if (!CopyLiterals(input, ref ip, output, ref op, next))
                return -1;
            state = next;
        }
    }

    /// <summary>A length continued by zero bytes (255 each) and a final byte, plus <paramref name="bias"/>.</summary>
    private static bool RunLength(ReadOnlySpan<byte> input, ref int ip, int bias, out int length)
    {
        length = 0;
        long zeros = 0;
        while (ip < input.Length && input[ip] == 0)
        {
            ip++;
            zeros++;
        }
        if (ip >= input.Length || zeros > int.MaxValue / 256)
            return false;
        length = (int)(zeros * 255) + bias + input[ip++];
        return true;
    }

    private static bool CopyLiterals(ReadOnlySpan<byte> input, ref int ip, Span<byte> output, ref int op, int count)
    {
        if (count == 0)
            return true;
        if (ip + count > input.Length || op + count > output.Length)
            return false;
        input.Slice(ip, count).CopyTo(output[op..]);
        ip += count;
        op += count;
        return true;
    }
}
