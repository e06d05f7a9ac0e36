using NicDoctor.Diagnosis.Rules;

namespace NicDoctor.Diagnosis.Tests;

public class DriverVersionTests
{
    private static readonly FixedIn HungQueue = new() { OutOfTree = "2.3.6", InKernel = "2.3.0", Mainline = "4.16" };

    [Theory]
    // RHEL in-box drivers (versions from RHEL release notes and the case).
    [InlineData("1.6.27-k", "3.10.0-693.el7.x86_64", FixState.Lacks)]
    [InlineData("1.5.10-k", "3.10.0-514.el7.x86_64", FixState.Lacks)]
    [InlineData("2.8.20-k", "3.10.0-1160.el7.x86_64", FixState.Has)]
    // Out-of-tree releases: 2.1.26 lacks the patch, 2.3.6 is the first tag with it, 2.13.10 fixed the case.
    [InlineData("2.1.26", "3.10.0-693.el7.x86_64", FixState.Lacks)]
    [InlineData("2.3.6", "3.10.0-693.el7.x86_64", FixState.Has)]
    [InlineData("2.13.10", "3.10.0-693.el7.x86_64", FixState.Has)]
    // In-tree drivers of modern kernels report the kernel release.
    [InlineData("6.1.0-56-amd64", "6.1.0-56-amd64", FixState.Has)]
    [InlineData("4.15.0-20-generic", "4.15.0-20-generic", FixState.Lacks)]
    [InlineData(null, "6.1.0-56-amd64", FixState.Unknown)]
    [InlineData("unknown", "6.1.0-56-amd64", FixState.Unknown)]
    public void Classifies_versions_as_ethtool_prints_them(string? version, string kernel, FixState expected)
    {
        Assert.Equal(expected, DriverVersion.Check(version, kernel, HungQueue));
    }

    [Fact]
    public void Missing_fix_version_for_a_build_kind_is_unknown()
    {
        Assert.Equal(FixState.Unknown, DriverVersion.Check("6.1.0-56-amd64", "6.1.0-56-amd64", new FixedIn { OutOfTree = "2.7.11" }));
    }
}
