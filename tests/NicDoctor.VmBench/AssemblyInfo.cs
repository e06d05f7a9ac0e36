// The bench drives Linux tools (QEMU, cpio, mkinitramfs) and boots Linux kernels.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
