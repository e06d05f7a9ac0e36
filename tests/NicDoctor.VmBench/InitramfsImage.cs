namespace NicDoctor.VmBench;

/// <summary>Operations on whole initramfs images (one or more concatenated, possibly compressed cpio archives).</summary>
public static class InitramfsImage
{
    /// <summary>
    /// Writes <paramref name="parts"/> one after another into <paramref name="outputPath"/>, padding
    /// each part with zero bytes to a multiple of 4. The kernel unpacks every part in order and later
    /// files replace earlier ones; it skips zero padding between parts but needs each part to start
    /// 4-byte aligned (otherwise: "Initramfs unpacking failed: invalid magic at start of compressed archive").
    /// </summary>
    public static void Concatenate(string outputPath, params IReadOnlyList<string> parts)
    {
        AtomicFile.Write(outputPath, output =>
        {
            foreach (var part in parts)
            {
                using (var input = File.OpenRead(part))
                    input.CopyTo(output);
                int pad = (int)((4 - output.Position % 4) % 4);
                output.Write(new byte[pad]);
            }
        });
    }
}
