using System.IO.Compression;
using System.Text;
using NicDoctor.KernelLog.Framing;

namespace NicDoctor.KernelLog.Tests;

/// <summary>Per-line framing detection; mixed files; gzip; the journal JSON and RFC 5424 shapes.</summary>
public sealed class FramingTests
{
    [Theory]
    [InlineData("[ 1234.567890] text", LogFraming.DmesgRaw, "text")]
    [InlineData("<6>[    0.000000] text", LogFraming.DmesgRaw, "text")]
    [InlineData("[Thu Nov  5 16:44:42 2020] text", LogFraming.DmesgHuman, "text")]
    [InlineData("Nov  5 16:44:42 host kernel: text", LogFraming.Syslog, "text")]
    [InlineData("Nov 05 16:44:42.123456 host kernel: text", LogFraming.Syslog, "text")]
    [InlineData("2020-11-05T16:44:42+0800 host kernel: text", LogFraming.SyslogIso, "text")]
    [InlineData("2020-11-05T16:44:42.123456+08:00 host kernel: [ 12.5] text", LogFraming.SyslogIso, "text")]
    [InlineData("2019-03-08T16:47:12,290474+0000 text", LogFraming.DmesgIso, "text")]
    [InlineData("<4>1 2020-11-05T16:44:42.000Z host kernel - - - text", LogFraming.Rfc5424, "text")]
    [InlineData("Tue Feb  6 08:12:34 2024 kern.warn kernel: [1312436.190159] text", LogFraming.Logread, "text")]
    [InlineData("6,1234,5678,-;text", LogFraming.Kmsg, "text")]
    [InlineData("  Tx Queue             <0>", LogFraming.Bare, "  Tx Queue             <0>")]
    public void Detects_the_framing_and_splits_off_the_text(string line, LogFraming framing, string text)
    {
        FramedLine framed = LineFramer.Frame(line, LogFraming.Bare, 2020);
        Assert.Equal(framing, framed.Framing);
        Assert.Equal(text, framed.Text);
    }

    [Fact]
    public void Iso_and_rfc5424_keep_the_offset()
    {
        FramedLine iso = LineFramer.Frame("2020-11-05T16:44:42.123456+08:00 host kernel: [ 12.5] text", LogFraming.Bare, 2020);
        Assert.Equal(new DateTime(2020, 11, 5, 16, 44, 42).AddTicks(1234560), iso.Time.Wall);
        Assert.Equal(TimeSpan.FromHours(8), iso.Time.UtcOffset);
        Assert.Equal(12.5, iso.Time.SinceBoot);
        Assert.Equal("host", iso.Host);
        FramedLine rfc = LineFramer.Frame("<4>1 2020-11-05T16:44:42.000Z myhost kernel - - - text", LogFraming.Bare, 2020);
        Assert.Equal(("myhost", TimeSpan.Zero), (rfc.Host, rfc.Time.UtcOffset));
    }

    [Fact]
    public void Syslog_lines_of_other_programs_are_not_kernel_messages()
    {
        FramedLine framed = LineFramer.Frame("Nov  5 16:44:42 host myapp[42]: NETDEV WATCHDOG: eth0 (x): transmit queue 1 timed out", LogFraming.Bare, 2020);
        Assert.False(framed.IsKernel);
        Assert.Empty(Fixtures.AnalyzeText("Nov  5 16:44:42 host myapp[42]: NETDEV WATCHDOG: eth0 (x): transmit queue 1 timed out\n").Events);
    }

    [Fact]
    public void Kmsg_records_from_the_abi_document_with_their_dictionary_lines()
    {
        (List<KernelEvent> events, KernelLogScan scan) = Fixtures.Analyze("real/kmsg-abi-example.kmsg");
        Assert.Empty(events);
        Assert.Empty(scan.Diagnostics);
        FramedLine first = LineFramer.Frame("7,160,424069,-;pci_root PNP0A03:00: host bridge window [io  0x0000-0x0cf7] (ignored)", LogFraming.Bare, 2020);
        Assert.Equal(0.424069, first.Time.SinceBoot);
        FramedLine device = LineFramer.Frame(" DEVICE=+acpi:PNP0A03:00", LogFraming.Kmsg, 2020);
        Assert.Equal((LogFraming.KmsgContinuation, "+acpi:PNP0A03:00"), (device.Framing, device.Device));
    }

    [Fact]
    public void Kmsg_device_line_gives_the_pci_address_and_escaped_newlines_split_a_dump()
    {
        // The field case's line and an ixgbe dump re-framed as /dev/kmsg records (format: Documentation/ABI/testing/dev-kmsg).
        const string kmsg = "4,812,74970382378,-;i40e: module has no symbols (stripped?)\n"
            + "3,813,89886276567,-;ixgbe 0000:02:00.1 eth3: Detected Tx Unit Hang\\x0a  Tx Queue             <6>\\x0a  TDH, TDT             <0>, <9>\n"
            + " SUBSYSTEM=pci\n"
            + " DEVICE=+pci:0000:02:00.1\n";
        List<KernelEvent> events = Fixtures.AnalyzeText(kmsg).Events;
        Assert.Equal(2, events.Count);
        Assert.Equal(74970.382378, events[0].Time.SinceBoot);
        Assert.Equal((6, "0", "9"), (events[1].Queue!.Value, events[1].Fields["TDH"], events[1].Fields["TDT"]));
    }

    [Fact]
    public void Journal_json_message_time_host_and_device()
    {
        // One journal entry in `journalctl -k -o json` shape (field names: systemd.journal-fields(7)),
        // carrying the field case's watchdog line.
        const string json = """{"__REALTIME_TIMESTAMP":"1604565882000000","__MONOTONIC_TIMESTAMP":"74970382378","_SOURCE_MONOTONIC_TIMESTAMP":"74970382000","_TRANSPORT":"kernel","SYSLOG_IDENTIFIER":"kernel","_HOSTNAME":"node7","_KERNEL_DEVICE":"+pci:0000:1a:00.2","_KERNEL_SUBSYSTEM":"pci","MESSAGE":"i40e 0000:1a:00.2 eno3: NETDEV WATCHDOG: CPU: 45: transmit queue 44 timed out 5120 ms"}""";
        KernelEvent ev = Assert.Single(Fixtures.AnalyzeText(json + "\n").Events);
        Assert.Equal(("eno3", "i40e", "0000:1a:00.2", 44, 45, 5120L), (ev.Interface, ev.Driver, ev.PciAddress, ev.Queue, ev.Cpu, ev.TimeoutMs));
        Assert.Equal("node7", ev.Host);
        Assert.Equal(new DateTime(2020, 11, 5, 8, 44, 42), ev.Time.Wall);
        Assert.Equal(74970.382, ev.Time.SinceBoot);
    }

    [Fact]
    public void Journal_json_byte_array_messages_and_broken_lines()
    {
        string bytes = string.Join(",", Encoding.UTF8.GetBytes("i40e: module has no symbols (stripped?)"));
        string text = "{\"_TRANSPORT\":\"kernel\",\"MESSAGE\":[" + bytes + "]}\n{\"MESSAGE\":\"NETDEV WATCHDOG: eth0 (x): transmit queue 1 timed out\"\n";
        (List<KernelEvent> events, KernelLogScan scan) = Fixtures.AnalyzeText(text);
        Assert.Equal("module.no-symbols", Assert.Single(events).PatternId);
        Assert.Equal(LogDiagnosticId.MalformedJournalJson, Assert.Single(scan.Diagnostics).Id);
    }

    [Fact]
    public void Mixed_framings_in_one_file()
    {
        string mixed = File.ReadAllText(Fixtures.Path("real/r8125-netdev-crit-6.8.dmesg"))
            + File.ReadAllText(Fixtures.Path("real/mtk-logread-6.8.log"))
            + File.ReadAllText(Fixtures.Path("real/igb-syslog-tx-unit-hang.log"))
            + File.ReadAllText(Fixtures.Path("real/module-lkrg-dmesg-T.log"));
        List<KernelEvent> events = Fixtures.AnalyzeText(mixed).Events;
        Assert.Equal(3 + 3 + 2, events.Count(e => e.Kind is KernelEventKind.NetdevWatchdog or KernelEventKind.TxHang));
        Assert.Equal(4, events.Count(e => e.Kind is KernelEventKind.ModuleLoadFailure or KernelEventKind.ModuleTaint));
    }

    [Fact]
    public void Gzip_files_are_read_through()
    {
        string path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"klog-{Guid.NewGuid():N}.gz");
        try
        {
            using (FileStream file = File.Create(path))
            using (var gz = new GZipStream(file, CompressionLevel.Fastest))
            {
                byte[] seed = File.ReadAllBytes(Fixtures.RepoPath("samples/i40e-queue44/dmesg_-T"));
                gz.Write(seed);
            }
            var events = new List<KernelEvent>();
            KernelLogScan scan = new KernelLogAnalyzer().ScanFile(path, events.Add);
            Assert.Equal(30, scan.Lines);
            Assert.Equal(44, Assert.Single(events).Queue);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_directory_lists_kernel_logs_oldest_rotation_first()
    {
        string dir = Directory.CreateTempSubdirectory("klog-").FullName;
        try
        {
            Directory.CreateDirectory(System.IO.Path.Combine(dir, "sos_commands", "kernel"));
            Directory.CreateDirectory(System.IO.Path.Combine(dir, "var", "log"));
            foreach (string f in new[] { "sos_commands/kernel/dmesg", "var/log/messages", "var/log/messages.1", "var/log/messages.2.gz", "var/log/secure", "var/log/kern.log" })
                File.WriteAllText(System.IO.Path.Combine(dir, f), "");
            IReadOnlyList<string> files = KernelLogSource.FilesIn(dir);
            Assert.Equal(["sos_commands/kernel/dmesg", "var/log/kern.log", "var/log/messages.2.gz", "var/log/messages.1", "var/log/messages"],
                files.Select(f => System.IO.Path.GetRelativePath(dir, f)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
