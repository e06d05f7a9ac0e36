using System.Buffers.Binary;

namespace NicDoctor.KernelModules.Signing;

/// <summary>
/// The bytes appended by scripts/sign-file: [signer][key id][signature][struct module_signature]
/// ["~Module signature appended~\n"]. Offsets are into the decompressed module.
/// </summary>
public sealed record ModuleSignatureTrailer(
    byte Algorithm,
    byte Hash,
    byte IdType,
    byte SignerLength,
    byte KeyIdLength,
    uint SignatureLength,
    long StructOffset)
{
    public const string Marker = "~Module signature appended~\n";

    /// <summary>sizeof(struct module_signature).</summary>
    public const int StructSize = 12;

    /// <summary>PKEY_ID_PKCS7, the only id type the kernel accepts.</summary>
    public const byte IdTypePkcs7 = 2;

    /// <summary>Where the signature data starts, i.e. where the ELF image ends.</summary>
    public long PayloadOffset => StructOffset - SignatureLength - KeyIdLength - SignerLength;

    /// <summary>True when <paramref name="image"/> ends with the marker.</summary>
    public static bool HasMarker(ReadOnlySpan<byte> image) =>
        image.Length >= Marker.Length && image.EndsWith("~Module signature appended~\n"u8);

    /// <summary>
    /// Decodes the trailer, or returns null when the marker is absent or the fields are outside
    /// what kmod accepts (algo &lt; 2, hash &lt; 9, id_type &lt; 3, sig_len != 0 and fits).
    /// </summary>
    public static ModuleSignatureTrailer? TryRead(ReadOnlySpan<byte> image)
    {
        if (!HasMarker(image))
            return null;
        int size = image.Length - Marker.Length;
        if (size < StructSize)
            return null;
        size -= StructSize;
        ReadOnlySpan<byte> s = image.Slice(size, StructSize);
        var trailer = new ModuleSignatureTrailer(s[0], s[1], s[2], s[3], s[4], BinaryPrimitives.ReadUInt32BigEndian(s[8..]), size);
        if (trailer.Algorithm >= 2 || trailer.Hash >= 9 || trailer.IdType >= 3)
            return null;
        if (trailer.SignatureLength == 0 || size < (long)trailer.SignerLength + trailer.KeyIdLength + trailer.SignatureLength)
            return null;
        return trailer;
    }
}
