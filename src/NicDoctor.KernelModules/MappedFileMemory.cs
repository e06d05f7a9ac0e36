using System.Buffers;
using System.IO.MemoryMappedFiles;

namespace NicDoctor.KernelModules;

/// <summary>
/// A read-only memory map of a whole file exposed as <see cref="Memory{T}"/>, so an uncompressed
/// module is read only where it is looked at (kmod mmaps plain modules for the same reason).
/// The map is released by <see cref="ModuleFile.Dispose"/>; an undisposed map stays until exit.
/// </summary>
internal sealed unsafe class MappedFileMemory : MemoryManager<byte>
{
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _pointer;
    private readonly int _length;

    private MappedFileMemory(MemoryMappedFile file, MemoryMappedViewAccessor view, int length)
    {
        _file = file;
        _view = view;
        _length = length;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _pointer = pointer + view.PointerOffset;
    }

    public static MappedFileMemory Open(FileStream stream)
    {
        long length = stream.Length;
        if (length is 0 or > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(stream), length, "file too small or too large to map");
        var file = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        return new MappedFileMemory(file, view, (int)length);
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        if (disposing)
        {
            _view.Dispose();
            _file.Dispose();
        }
    }
}
