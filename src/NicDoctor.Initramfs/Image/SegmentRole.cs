namespace NicDoctor.Initramfs.Image;

/// <summary>What a part of an image is for, judged from its place and content.</summary>
public enum SegmentRole
{
    /// <summary>Uncompressed part with <c>kernel/x86/microcode/*</c> files, read by the early loader.</summary>
    EarlyMicrocode,

    /// <summary>The main root filesystem (the last compressed part, else the largest part).</summary>
    Main,

    /// <summary>Anything else (firmware/module parts, extra archives).</summary>
    Extra,
}
