namespace NicDoctor.KernelLog.Extraction;

/// <summary>What a WARNING/BUG block made of a line offered to it.</summary>
internal enum BlockLine
{
    /// <summary>A structural line (header, task, modules, hardware, registers, frame): kept.</summary>
    Structure,

    /// <summary>Not structure, but may be the block's message (<c>NETDEV WATCHDOG: …</c>): the caller decides.</summary>
    Message,

    /// <summary>The end marker (<c>---[ end trace … ]---</c>): kept, block complete.</summary>
    End,

    /// <summary>Not part of this block: the block is over, the line is someone else's.</summary>
    NotMine,
}
