using System.Runtime.InteropServices;
using NicDoctor.Initramfs.Compression.Native;
using NicDoctor.Initramfs.IO;

namespace NicDoctor.Initramfs.Compression;

/// <summary>
/// xz (<c>lzma_stream_decoder</c>, one stream, no concatenation) or .lzma (<c>lzma_alone_decoder</c>,
/// which parses the 13-byte header itself) through the system liblzma. Both stop at
/// <c>LZMA_STREAM_END</c>; <c>avail_in</c> then says where the member ended.
/// </summary>
internal sealed unsafe class LzmaNativeStream : StepDecompressionStream
{
    private LzmaNative.LzmaStream* _stream;
    private int? _check;

    public LzmaNativeStream(ForwardReader input, CodecErrorContext errors, bool xz) : base(input, errors)
    {
        // liblzma keeps internal pointers into the stream struct: native memory, zeroed = LZMA_STREAM_INIT.
        _stream = (LzmaNative.LzmaStream*)NativeMemory.AllocZeroed((nuint)sizeof(LzmaNative.LzmaStream));
        int ret = xz
            ? LzmaNative.StreamDecoder(_stream, ulong.MaxValue, LzmaNative.TellAnyCheck)
            : LzmaNative.AloneDecoder(_stream, ulong.MaxValue);
        if (ret != LzmaNative.Ok)
        {
            NativeMemory.Free(_stream);
            _stream = null;
            throw new InvalidOperationException($"liblzma decoder init failed ({LzmaNative.Describe(ret)})");
        }
    }

    public override string? Detail => XzCodec.DescribeCheck(_check) is { } check ? $"check {check}" : null;

    public override IReadOnlyList<string> KernelProblems => XzCodec.CheckProblems(_check);

    protected override bool Step(byte* source, int sourceLength, byte* destination, int destinationLength,
        out int consumed, out int produced, out string? problem)
    {
        ObjectDisposedException.ThrowIf(_stream is null, this);
        _stream->NextIn = source;
        _stream->AvailIn = (nuint)sourceLength;
        _stream->NextOut = destination;
        _stream->AvailOut = (nuint)destinationLength;
        int ret = LzmaNative.Code(_stream, LzmaNative.Run);
        consumed = sourceLength - (int)_stream->AvailIn;
        produced = destinationLength - (int)_stream->AvailOut;
        problem = null;
        switch (ret)
        {
            case LzmaNative.Ok or LzmaNative.BufError:
                return false;
            case LzmaNative.StreamEnd:
                return true;
            case LzmaNative.GetCheck:
                _check = LzmaNative.GetCheckType(_stream);
                return false;
            default:
                problem = LzmaNative.Describe(ret);
                return false;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (_stream is not null)
        {
            LzmaNative.End(_stream);
            NativeMemory.Free(_stream);
            _stream = null;
        }
        base.Dispose(disposing);
    }
}
