namespace NicDoctor.KernelLog.Tests;

/// <summary>
/// Rows with no real quoted line found in public reports (Fixtures/SOURCES.md): each line here is
/// the row's kernel format string (quoted in its pattern's Source) with values filled in.
/// </summary>
public sealed class FormatStringRowsTests
{
    [Theory]
    [InlineData("mlx5_core 0000:3b:00.0 ens1f0: TX timeout on queue: 5, SQ: 0x1b0, CQ: 0x4f2, SQ Cons: 0x10 SQ Prod: 0x22, usecs since last trans: 16212000", "mlx5.tx-timeout-queue", KernelEventKind.TxHang, 5)]
    [InlineData("mlx4_en 0000:04:00.0 eth2: TX timeout on queue: 7, QP: 0x20e, CQ: 0x95, Cons: 0xffffffff, Prod: 0x3a", "mlx4.tx-timeout-queue", KernelEventKind.TxHang, 7)]
    [InlineData("mlx5_core 0000:3b:00.0 ens1f0: TX timeout detected", "mlx5.tx-timeout-detected", KernelEventKind.TxHang, null)]
    [InlineData("bnxt_en 0000:3b:00.0 ens2f0np0: TX timeout detected, starting reset task!", "bnxt.tx-timeout", KernelEventKind.TxHang, null)]
    [InlineData("ice 0000:17:00.0 ens801f0: tx_timeout: VSI_num: 6, Q 12, NTC: 0x25, HW_HEAD: 0x25, NTU: 0x2a, INT: 0x0", "ice.tx-timeout", KernelEventKind.TxHang, 12)]
    [InlineData("ice 0000:17:00.0 ens801f0: tx_timeout recovery level 1, txqueue 12", "i40e.tx-timeout-recovery", KernelEventKind.TxTimeoutRecovery, 12)]
    [InlineData("ice 0000:17:00.0 ens801f0: Fake Tx hang detected on queue 3, timeout caused by PFC storm", "ice.fake-tx-hang", KernelEventKind.TxHang, 3)]
    [InlineData("i40e 0000:1a:00.2 eno3: tx_timeout recovery unsuccessful, device is in non-recoverable state.", "i40e.tx-timeout-unsuccessful", KernelEventKind.TxTimeoutRecovery, null)]
    [InlineData("i40e 0000:1a:00.2: VSI_seid 390, Hung TX queue 44, tx_pending_hw: 3, NTC:0x1f0, HWB: 0x1f0, NTU: 0x1f3, TAIL: 0x1f3", "i40e.hung-tx-queue", KernelEventKind.TxHang, 44)]
    [InlineData("i40e 0000:1a:00.2: VSI_seid 390, Issuing force_wb for TX queue 44, Interrupt Reg: 0x1", "i40e.force-wb", KernelEventKind.TxTimeoutRecovery, 44)]
    [InlineData("virtio_net virtio0 eth0: TX timeout on queue: 0, sq: output.0, vq: 0x1, name: output.0, 8352000 usecs ago", "virtio_net.tx-timeout", KernelEventKind.TxHang, 0)]
    [InlineData("tg3 0000:02:00.0 eth0: transmit timed out, resetting", "tg3.transmit-timed-out", KernelEventKind.TxHang, null)]
    [InlineData("vmxnet3 0000:0b:00.0 ens192: tx hang", "vmxnet3.tx-hang", KernelEventKind.TxHang, null)]
    [InlineData("vmxnet3 0000:0b:00.0 ens192: resetting", "vmxnet3.resetting", KernelEventKind.NicReset, null)]
    [InlineData("r8169 0000:02:00.0 enp2s0: ASPM disabled on Tx timeout", "r8169.aspm-disabled-on-tx-timeout", KernelEventKind.TxHang, null)]
    [InlineData("ena 0000:00:05.0 ens5: TX timeout on invalid queue 9", "ena.tx-timeout-invalid-queue", KernelEventKind.TxHang, 9)]
    [InlineData("ixgbe 0000:02:00.1 eth3: tx hang 1 detected on queue 6, resetting adapter", "ixgbe.tx-hang-reset", KernelEventKind.NicReset, 6)]
    [InlineData("igb 0000:09:00.0 eth0: Reset adapter", "intel.reset-adapter", KernelEventKind.NicReset, null)]
    [InlineData("e1000e 0000:00:19.0 eth0: Reset adapter unexpectedly", "e1000e.reset-unexpectedly", KernelEventKind.NicReset, null)]
    [InlineData("i40e 0000:1a:00.2: fw 3.33.47882 api 1.7 nvm 3.33 0x80000f09 255.65535.255", "i40e.fw-version", KernelEventKind.Firmware, null)]
    [InlineData("Lockdown: insmod: unsigned module loading is restricted; see man kernel_lockdown.7", "module.lockdown", KernelEventKind.ModuleLoadFailure, null)]
    [InlineData("Loading of unsigned module is rejected", "module.signature-rejected", KernelEventKind.ModuleLoadFailure, null)]
    [InlineData("tg3 0000:02:00.0 eth0: Link is up at 1000 Mbps, full duplex", "tg3.link-up", KernelEventKind.LinkUp, null)]
    [InlineData("mlx5_core 0000:3b:00.0 ens1f0: Link down", "mlx5.link-down", KernelEventKind.LinkDown, null)]
    [InlineData("mlx5_core 0000:3b:00.0 ens1f0: Link up", "mlx5.link", KernelEventKind.LinkUp, null)]
    [InlineData("tg3 0000:02:00.0 eth0: Link is down", "tg3.link-down", KernelEventKind.LinkDown, null)]
    [InlineData("i40e 0000:1a:00.2 eno3: tx_timeout: no netdev hung queue found", "i40e.no-hung-queue", KernelEventKind.TxHang, null)]
    [InlineData("mlx5_core 0000:3b:00.0: Recovered 3 eqes on EQ 0x11", "mlx5.eq-recovered", KernelEventKind.TxTimeoutRecovery, null)]
    [InlineData("mlx5_core 0000:3b:00.0: firmware version: 16.35.2000", "mlx5.fw-version", KernelEventKind.Firmware, null)]
    [InlineData("i40e 0000:1a:00.0: The driver for the device detected an older version of the NVM image v1.2 than expected v1.9. Please update the NVM image.", "i40e.nvm-older", KernelEventKind.Firmware, null)]
    [InlineData("i40e 0000:1a:00.0: The driver for the device detected a newer version of the NVM image v1.15 than expected v1.9. Please install the most recent version of the network driver.", "i40e.nvm-newer", KernelEventKind.Firmware, null)]
    [InlineData("i40e 0000:1a:00.0: Direct firmware load for i40e/ddp/icp.pkg failed with error -2", "firmware.load-failed", KernelEventKind.Firmware, null)]
    [InlineData("i40e: module license 'Proprietary' taints kernel.", "module.license-taint", KernelEventKind.ModuleTaint, null)]
    [InlineData("i40e: module uses symbol (pci_enable_msix_range) from namespace PCI_IOV, but does not import it.", "module.namespace-not-imported", KernelEventKind.ModuleLoadFailure, null)]
    [InlineData("i40e: No module found in object", "module.no-module-found", KernelEventKind.ModuleLoadFailure, null)]
    public void Each_row_matches_its_format_string(string line, string patternId, KernelEventKind kind, int? queue)
    {
        KernelEvent ev = Assert.Single(Fixtures.AnalyzeText("[  100.000000] " + line + "\n").Events);
        Assert.Equal(patternId, ev.PatternId);
        Assert.Equal(kind, ev.Kind);
        Assert.Equal(queue, ev.Queue);
    }

    [Fact]
    public void Microseconds_become_timeout_ms()
    {
        KernelEvent ev = Assert.Single(Fixtures.AnalyzeText("mlx5_core 0000:3b:00.0 ens1f0: TX timeout on queue: 5, SQ: 0x1b0, CQ: 0x4f2, SQ Cons: 0x10 SQ Prod: 0x22, usecs since last trans: 16212000\n").Events);
        Assert.Equal(16212, ev.TimeoutMs);
        Assert.Equal(("mlx5_core", "0000:3b:00.0", "ens1f0"), (ev.Driver, ev.PciAddress, ev.Interface));
    }

    [Fact]
    public void Every_row_names_its_kernel_source_and_its_anchor_is_in_its_regex()
    {
        Assert.All(Patterns.PatternTable.All, p =>
        {
            Assert.Contains(".c", p.Source, StringComparison.Ordinal);
            Assert.Matches("^[a-z0-9_-]+\\.[a-z0-9-]+$", p.Id);
        });
        Assert.Equal(Patterns.PatternTable.All.Count, Patterns.PatternTable.All.Select(p => p.Id).Distinct().Count());
    }

    /// <summary>
    /// Every row of the pattern table is matched by some line the tests read: a real fixture line
    /// (Fixtures/real) or a format-string line above. A row nothing exercises is a row nobody knows works.
    /// </summary>
    [Fact]
    public void Every_pattern_row_is_matched_by_a_fixture_or_a_format_string_line()
    {
        var covered = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in Directory.GetFiles(Fixtures.Path("real")))
            covered.UnionWith(Fixtures.Analyze("real/" + Path.GetFileName(file)).Events.Select(e => e.PatternId));
        var rows = typeof(FormatStringRowsTests).GetMethod(nameof(Each_row_matches_its_format_string))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>();
        foreach (InlineDataAttribute row in rows)
        {
            covered.UnionWith(Fixtures.AnalyzeText("[  100.000000] " + (string)row.Data[0]! + "\n").Events.Select(e => e.PatternId));
        }
        covered.UnionWith(Fixtures.AnalyzeText("NETDEV WATCHDOG: eth0: transmit timed out\n").Events.Select(e => e.PatternId)); // LegacyWatchdogTests
        string[] missing = [.. NicDoctor.KernelLog.Patterns.PatternTable.All.Select(p => p.Id).Where(id => !covered.Contains(id))];
        Assert.True(missing.Length == 0, "rows no test line matches: " + string.Join(", ", missing));
    }
}
