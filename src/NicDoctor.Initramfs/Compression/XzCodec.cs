using NicDoctor.Initramfs.Compression.Native;
using NicDoctor.Initramfs.IO;
using SharpCompress.Compressors.Xz;

namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// xz, one stream per member: the system liblzma when it loads (about twice as fast), else
/// SharpCompress <c>XZStream</c>. Reports the integrity check: the kernel wants crc32.
/// </summary>
internal sealed class XzCodec : CompressionCodec
{
    public override CompressionMethod Method => CompressionMethod.Xz;
    public override string Name => "xz";

    public override DecompressionStream Open(ForwardReader input, CodecErrorContext errors) =>
        NativeCodecs.Lzma ? new LzmaNativeStream(input, errors, xz: true) : new XzMemberStream(input, errors);

    /// <summary>The check in words, the same for both decoders; null while not known yet.</summary>
    internal static string? DescribeCheck(int? check) => check switch
    {
        null => null,
        LzmaNative.CheckNone => "none",
        LzmaNative.CheckCrc32 => "crc32",
        LzmaNative.CheckCrc64 => "crc64",
        LzmaNative.CheckSha256 => "sha256",
        _ => $"type {check}",
    };

    internal static IReadOnlyList<string> CheckProblems(int? check) =>
        check is { } c && c is not (LzmaNative.CheckCrc32 or LzmaNative.CheckNone)
            ? [$"xz integrity check is {DescribeCheck(c)}; the kernel's XZ decoder needs crc32 (xz --check=crc32)"]
            : [];

    private sealed class XzMemberStream(ForwardReader input, CodecErrorContext errors)
        : LibraryDecompressionStream(input, errors, s => new XZStream(s))
    {
        // SharpCompress's CheckType values are the xz format's check IDs, as liblzma's are.
        private int? Check => Decoder is XZStream { HeaderIsRead: true } xz ? (int)xz.Header.BlockCheckType : null;

        public override string? Detail => DescribeCheck(Check) is { } check ? $"check {check}" : null;

        public override IReadOnlyList<string> KernelProblems => CheckProblems(Check);
    }
}
