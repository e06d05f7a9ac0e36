using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;

namespace NicDoctor.KernelModules.Signing;

/// <summary>
/// What an appended module signature says, in the terms kmod's modinfo prints:
/// <c>sig_id</c>, <c>signer</c>, <c>sig_key</c>, <c>sig_hashalgo</c>, <c>signature</c>.
/// </summary>
public sealed record ModuleSignature(
    ModuleSignatureTrailer Trailer,
    string IdType,
    string Signer,
    byte[] KeyId,
    string HashAlgorithm,
    byte[] Signature)
{
    private static readonly string[] IdTypes = ["PGP", "X509", "PKCS#7"];
    private static readonly string[] HashNames = ["md4", "md5", "sha1", "rmd160", "sha256", "sha384", "sha512", "sha224", "sm3"];

    /// <summary>
    /// Reads the signature of a decompressed module, or null when there is none kmod would
    /// report (no marker, implausible header, or PKCS#7 that does not decode).
    /// </summary>
    public static ModuleSignature? TryRead(ReadOnlySpan<byte> image)
    {
        ModuleSignatureTrailer? trailer = ModuleSignatureTrailer.TryRead(image);
        if (trailer is null)
            return null;
        long end = trailer.StructOffset;
        ReadOnlySpan<byte> signature = image.Slice((int)(end - trailer.SignatureLength), (int)trailer.SignatureLength);
        if (trailer.IdType == ModuleSignatureTrailer.IdTypePkcs7)
            return FromPkcs7(trailer, signature);

        // Legacy (pre-4.3) layout: signer name, key id and raw signature stored side by side.
        ReadOnlySpan<byte> keyId = image.Slice((int)(end - trailer.SignatureLength - trailer.KeyIdLength), trailer.KeyIdLength);
        ReadOnlySpan<byte> signer = image.Slice((int)trailer.PayloadOffset, trailer.SignerLength);
        return new ModuleSignature(trailer, IdTypes[trailer.IdType], System.Text.Encoding.UTF8.GetString(signer),
            keyId.ToArray(), HashNames[trailer.Hash], signature.ToArray());
    }

    private static ModuleSignature? FromPkcs7(ModuleSignatureTrailer trailer, ReadOnlySpan<byte> der)
    {
        var cms = new SignedCms();
        try
        {
            cms.Decode(der);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException or FormatException)
        {
            return null;
        }
        if (cms.SignerInfos.Count == 0)
            return null;
        SignerInfo signer = cms.SignerInfos[0];
        if (signer.SignerIdentifier.Value is not X509IssuerSerial issuerSerial)
            return null;
        string? hash = HashName(signer.DigestAlgorithm.Value);
        if (hash is null)
            return null;
        return new ModuleSignature(trailer, IdTypes[trailer.IdType], CommonName(issuerSerial.IssuerName),
            SerialBytes(issuerSerial.SerialNumber), hash, signer.GetSignature());
    }

    /// <summary>
    /// The issuer's commonName, as kmod prints it; like kmod, with no CN the last attribute is used.
    /// </summary>
    private static string CommonName(string issuer)
    {
        try
        {
            var name = new X500DistinguishedName(issuer);
            string? last = null;
            foreach (X500RelativeDistinguishedName rdn in name.EnumerateRelativeDistinguishedNames())
            {
                last = rdn.GetSingleElementValue();
                if (rdn.GetSingleElementType().Value == "2.5.4.3")
                    return last ?? string.Empty;
            }
            return last ?? string.Empty;
        }
        catch (CryptographicException)
        {
            return issuer;
        }
    }

    /// <summary>The serial number as OpenSSL's BN_bn2bin gives it: big-endian, no leading zeros.</summary>
    private static byte[] SerialBytes(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex);
        int skip = 0;
        while (skip < bytes.Length && bytes[skip] == 0)
            skip++;
        return bytes[skip..];
    }

    private static string? HashName(string? oid) => oid switch
    {
        "1.2.840.113549.2.4" => "md4",
        "1.2.840.113549.2.5" => "md5",
        "1.3.14.3.2.26" => "sha1",
        "1.3.36.3.2.1" => "rmd160",
        "2.16.840.1.101.3.4.2.1" => "sha256",
        "2.16.840.1.101.3.4.2.2" => "sha384",
        "2.16.840.1.101.3.4.2.3" => "sha512",
        "2.16.840.1.101.3.4.2.4" => "sha224",
        "1.2.156.10197.1.401" => "sm3",
        _ => null,
    };
}
