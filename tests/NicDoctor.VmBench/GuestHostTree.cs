namespace NicDoctor.VmBench;

/// <summary>
/// A sandbox root describing the VM guest as the host-fit check reads a host: / is ext4 on
/// /dev/vda, vda's device is bound to virtio_blk on a virtio-pci function (sysfs links laid out
/// as the real kernel does), and the real kernel's modules.dep / modules.builtin.
/// </summary>
public sealed class GuestHostTree : IDisposable
{
    private GuestHostTree(string root) => Root = root;

    public string Root { get; }

    public static GuestHostTree VirtioExt4(DebianKernel kernel)
    {
        var tree = new GuestHostTree(Directory.CreateTempSubdirectory("nicdoctor-guesthost-").FullName);
        tree.Write("proc/mounts", "/dev/vda / ext4 rw,relatime 0 0\nproc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n");
        tree.Write("proc/cmdline", "console=ttyS0 root=/dev/vda rootfstype=ext4\n");
        const string Pci = "sys/devices/pci0000:00/0000:00:04.0";
        Directory.CreateDirectory(tree.Full($"{Pci}/virtio1/block/vda"));
        foreach (var dir in new[] { "sys/block", "sys/bus/virtio/drivers/virtio_blk", "sys/bus/pci/drivers/virtio-pci", "sys/module/virtio_blk", "sys/module/virtio_pci" })
            Directory.CreateDirectory(tree.Full(dir));
        tree.Link("sys/block/vda", "../devices/pci0000:00/0000:00:04.0/virtio1/block/vda");
        tree.Link($"{Pci}/virtio1/block/vda/device", "../../../virtio1");
        tree.Link($"{Pci}/virtio1/driver", "../../../../bus/virtio/drivers/virtio_blk");
        tree.Link($"{Pci}/driver", "../../../bus/pci/drivers/virtio-pci");
        tree.Link("sys/bus/virtio/drivers/virtio_blk/module", "../../../../module/virtio_blk");
        tree.Link("sys/bus/pci/drivers/virtio-pci/module", "../../../../module/virtio_pci");
        string modules = $"lib/modules/{kernel.Release}";
        Directory.CreateDirectory(tree.Full(modules));
        foreach (var file in new[] { "modules.dep", "modules.builtin" })
            File.Copy(Path.Combine(kernel.ModulesDirectory, file), tree.Full($"{modules}/{file}"));
        return tree;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private string Full(string relative) => Path.Combine(Root, relative);

    private void Write(string relative, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Full(relative))!);
        File.WriteAllText(Full(relative), text);
    }

    private void Link(string relative, string target) => File.CreateSymbolicLink(Full(relative), target);
}
