namespace NicDoctor.VmBench;

/// <summary>The emulated network card, if any (always on QEMU's user-mode network).</summary>
public enum VmNic
{
    /// <summary>No network device (QEMU's default NIC is disabled too).</summary>
    None,

    /// <summary>Intel 82574L, driven by e1000e (<c>-device e1000e</c>).</summary>
    E1000e,

    /// <summary>virtio network, driven by virtio_net on virtio_pci (<c>-device virtio-net-pci</c>).</summary>
    VirtioNet,
}
