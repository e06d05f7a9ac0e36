using NicDoctor.Initramfs.IO;
using SharpCompress.Compressors.Xz;

namespace NicDoctor.Initramfs.Compression;

/// <summary>xz via SharpCompress <c>XZStream</c>. Reports the integrity check: the kernel wants crc32.</summary>
internal sealed class XzCodec : CompressionCodec
{
    public override CompressionMethod Method => CompressionMethod.Xz;
    public override string Name => "xz";

    public override DecompressionStream Open(ForwardReader input, CodecErrorContext errors) => new XzMemberStream(input, errors);

    private sealed class XzMemberStream(ForwardReader input, CodecErrorContext errors)
        : LibraryDecompressionStream(input, errors, s => new XZStream(s))
    {
        private CheckType? Check => Decoder is XZStream { HeaderIsRead: true } xz ? xz.Header.BlockCheckType : null;

        public override string? Detail => Check is { } check ? $"check {Describe(check)}" : null;

        public override IReadOnlyList<string> KernelProblems =>
            Check is { } check && check is not (CheckType.CRC32 or CheckType.NONE)
                ? [$"xz integrity check is {Describe(check)}; the kernel's XZ decoder needs crc32 (xz --check=crc32)"]
                : [];

        private static string Describe(CheckType check) => check.ToString().ToLowerInvariant();
    }
}
