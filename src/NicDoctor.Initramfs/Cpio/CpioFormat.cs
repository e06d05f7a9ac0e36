namespace NicDoctor.Initramfs.Cpio;

/// <summary>The cpio header variants an initramfs tool meets.</summary>
public enum CpioFormat
{
    /// <summary><c>070701</c>: "new ASCII", what the kernel and every initramfs generator use.</summary>
    Newc,

    /// <summary><c>070702</c>: newc plus a 32-bit sum of the data bytes, which the kernel checks.</summary>
    Crc,

    /// <summary><c>070707</c>: POSIX "portable ASCII" (octal). The kernel refuses it ("use -H newc").</summary>
    Odc,
}
