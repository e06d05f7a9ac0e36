using NicDoctor.Fleet.Metrics;

namespace NicDoctor.Fleet.Tests;

public class ExpositionWriterTests
{
    [Fact]
    public void Label_values_and_help_are_escaped_as_the_format_requires()
    {
        var family = new MetricFamily("nicdoctor_nic_info", MetricType.Gauge, "Help with \\ backslash\nand newline.", "device", "version");
        family.Add(1, "eth\"0", "a\\b\nc");
        string text = ExpositionWriter.ToText([family]);
        // Expected lines written by hand from the text format 0.0.4 rules.
        Assert.Equal(
            "# HELP nicdoctor_nic_info Help with \\\\ backslash\\nand newline.\n" +
            "# TYPE nicdoctor_nic_info gauge\n" +
            "nicdoctor_nic_info{device=\"eth\\\"0\",version=\"a\\\\b\\nc\"} 1\n",
            text);
        ToolResult check = Tool.PromtoolCheckMetrics(text);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
    }

    [Fact]
    public void Counters_keep_all_64_bits_and_duplicates_are_dropped()
    {
        var family = new MetricFamily("nicdoctor_queue_bytes_total", MetricType.Counter, "Bytes.", "queue");
        Assert.True(family.Add(ulong.MaxValue, "0"));
        Assert.False(family.Add(5UL, "0"));
        family.Add(0.25, "1");
        string text = ExpositionWriter.ToText([family]);
        Assert.Contains("nicdoctor_queue_bytes_total{queue=\"0\"} 18446744073709551615\n", text, StringComparison.Ordinal);
        Assert.Contains("nicdoctor_queue_bytes_total{queue=\"1\"} 0.25\n", text, StringComparison.Ordinal);
        ToolResult check = Tool.PromtoolCheckMetrics(text);
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
    }
}
