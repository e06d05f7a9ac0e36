using NicDoctor.Nic.Sampling;
using NicDoctor.Nic.Sources;

namespace NicDoctor.Nic.Tests;

/// <summary>Captures laid out as a sosreport keeps them (<c>sos_commands/networking</c>, <c>sos_commands/pci</c>).</summary>
public sealed class CaptureDirectorySourceTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nicdoctor-sos-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Sosreport_layout_gives_the_same_facts_and_samples_as_the_flat_sample()
    {
        string net = Directory.CreateDirectory(Path.Combine(_dir, "sos_commands/networking")).FullName;
        string pci = Directory.CreateDirectory(Path.Combine(_dir, "sos_commands/pci")).FullName;
        foreach (string name in new[] { "ethtool_eno3", "ethtool_-i_eno3", "ethtool_-S_eno3" })
            File.Copy(Path.Combine(TestPaths.SeedSample, name), Path.Combine(net, name));
        File.WriteAllText(Path.Combine(net, "ethtool_--show-priv-flags_eno3"), "Private flags for eno3:\n");
        // sos collects lspci -nnvv; the X722 1GbE port with ids as lspci -nn prints them.
        File.WriteAllText(Path.Combine(pci, "lspci_-nnvv"),
            "1a:00.2 Ethernet controller [0200]: Intel Corporation Ethernet Connection X722 for 1GbE [8086:37d1] (rev 09)\n\tKernel driver in use: i40e\n");

        using var sos = new CaptureDirectorySource(_dir);
        using var flat = new CaptureDirectorySource(TestPaths.SeedSample);
        NicFacts f = Assert.Single(sos.Inventory());
        Assert.Equal("eno3", f.Name);
        Assert.Equal(("8086", "37d1"), (f.VendorId, f.DeviceId));
        Assert.Equal(Assert.Single(flat.Inventory()) with { VendorId = "8086", DeviceId = "37d1" }, f);
        var a = sos.Samples("eno3", 1, TimeSpan.Zero, SystemSampleClock.Instance, TestContext.Current.CancellationToken);
        var b = flat.Samples("eno3", 1, TimeSpan.Zero, SystemSampleClock.Instance, TestContext.Current.CancellationToken);
        Assert.Equal(b.Select(s => s.Stats.Values.ToArray()), a.Select(s => s.Stats.Values.ToArray()));
    }

    [Fact]
    public void No_queue_map_without_a_sysfs_tree()
    {
        using var source = new CaptureDirectorySource(TestPaths.SeedSample);
        Assert.Throws<FileNotFoundException>(() => source.QueueMap("eno3"));
    }
}
