namespace NicDoctor.KernelLog.Tests;

/// <summary>Module loader refusals and taints, from public reports and the field case (Fixtures/SOURCES.md).</summary>
public sealed class ModuleLoadTests
{
    [Fact]
    public void Stripped_module_from_the_field_case()
    {
        KernelEvent ev = Assert.Single(Fixtures.Analyze("real/module-stripped-seed.dmesg").Events);
        Assert.Equal((KernelEventKind.ModuleLoadFailure, "module.no-symbols", "i40e"), (ev.Kind, ev.PatternId, ev.Driver));
        Assert.Equal(74970.382378, ev.Time.SinceBoot);
    }

    [Fact]
    public void Symbol_crc_mismatch_prints_two_lines_per_symbol()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/module-symbol-version.dmesg").Events;
        Assert.Equal(["module.symbol-version-disagrees", "module.unknown-symbol", "module.symbol-version-disagrees", "module.unknown-symbol"], events.Select(e => e.PatternId));
        Assert.All(events, e => Assert.Equal("aquacomputer_d5next", e.Driver));
        Assert.Equal("hid_unregister_driver", events[0].Fields["symbol"]);
        Assert.Equal(("hid_hw_start", "-22"), (events[3].Fields["symbol"], events[3].Fields["error"]));
    }

    [Fact]
    public void Taints_and_missing_symbols_in_dmesg_T()
    {
        List<KernelEvent> events = Fixtures.Analyze("real/module-lkrg-dmesg-T.log").Events;
        Assert.Equal([KernelEventKind.ModuleTaint, KernelEventKind.ModuleTaint, KernelEventKind.ModuleLoadFailure, KernelEventKind.ModuleLoadFailure], events.Select(e => e.Kind));
        Assert.Equal(["module.out-of-tree-taint", "module.unsigned-taint", "module.unknown-symbol", "module.unknown-symbol"], events.Select(e => e.PatternId));
        Assert.Equal(("__module_address", "-2"), (events[2].Fields["symbol"], events[2].Fields["error"]));
        Assert.Equal(new DateTime(2021, 7, 20, 13, 17, 28), events[0].Time.Wall);
        Assert.All(events, e => Assert.Equal("p_lkrg", e.Driver));
    }

    [Fact]
    public void Version_magic_keeps_both_strings_with_their_trailing_space()
    {
        KernelEvent ev = Assert.Single(Fixtures.Analyze("real/module-vermagic-journal.log").Events);
        Assert.Equal(("cartographer", "5.1.6-arch1-1-ARCH SMP preempt mod_unload ", "5.1.7-arch1-1-ARCH SMP preempt mod_unload "),
            (ev.Driver, ev.Fields["vermagic"], ev.Fields["expected"]));
        KernelEvent old = Assert.Single(Fixtures.Analyze("real/module-vermagic-2.6.dmesg").Events);
        Assert.Equal(("spl", "2.6.18-194.17.1.el5 SMP mod_unload gcc-4.1"), (old.Driver, old.Fields["expected"]));
    }

    [Fact]
    public void Module_layout_mismatch()
    {
        KernelEvent ev = Assert.Single(Fixtures.Analyze("real/module-layout.dmesg").Events);
        Assert.Equal(("8188eu", "module_layout"), (ev.Driver, ev.Fields["symbol"]));
    }
}
