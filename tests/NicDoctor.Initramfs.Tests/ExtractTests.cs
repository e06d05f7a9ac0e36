namespace NicDoctor.Initramfs.Tests;

/// <summary>Extraction equals GNU cpio's, and hostile archives write nothing outside the destination.</summary>
public sealed class ExtractTests
{
    /// <summary>
    /// Type, mode, size, link target, link count and file mtime of every path, plus file hashes.
    /// Directory mtimes are left out: GNU cpio -m does not restore them (files created later bump them).
    /// </summary>
    internal static string Describe(string dir) => Tools.Sh($"""
        cd '{dir}'
        find . -mindepth 1 -type f -printf '%P %y %m %s %T@ %n\n' | LC_ALL=C sort
        find . -mindepth 1 -type d -printf '%P %y %m\n' | LC_ALL=C sort
        find . -mindepth 1 \( -type l -o -type p -o -type c -o -type b \) -printf '%P %y %m %l\n' | LC_ALL=C sort
        find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum
        """);

    [Theory]
    [InlineData("zstd")]
    [InlineData("gzip")]
    public void RealImage_ExtractsLikeGnuCpio(string codec)
    {
        string image = Tools.MkinitramfsImage(codec);
        using var dir = new TempDirectory();
        Tools.Sh($"mkdir ours gnu && cd gnu && {Tools.Decompressor(codec)} '{image}' | cpio -idm --quiet --no-absolute-filenames", dir.Path);

        CliResult result = Cli.Run("initramfs", "extract", image, "-C", dir["ours"]);

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        string gnu = Describe(dir["gnu"]);
        Assert.True(gnu.Length > 10000);
        Assert.Equal(gnu, Describe(dir["ours"]));
    }

    [Fact]
    public void FixtureTree_EveryFileType_ExtractsLikeGnuCpio()
    {
        using var fx = new Fixtures();
        string image = fx.Concat("initrd.img", fx.Cpio("tree3"), fx.Compress(fx.Cpio("tree"), "lz4"));
        Tools.Sh("mkdir ours gnu && cd gnu && cpio -idm --quiet < ../tree3.newc.cpio && cpio -idm --quiet < ../tree.newc.cpio", fx.Path);

        CliResult result = Cli.Run("initramfs", "extract", image, "-C", fx["ours"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(Describe(fx["gnu"]), Describe(fx["ours"]));
        // The hard link is a hard link, not a copy.
        Assert.Equal("2\n", Tools.Sh($"stat -c %h '{fx["ours/bin/hello-hardlink"]}'"));
    }

    [Fact]
    public void ExistingFile_IsNotOverwrittenWithoutForce()
    {
        using var fx = new Fixtures();
        string image = fx.Cpio("tree2");
        Directory.CreateDirectory(fx["dest/usr/share"]);
        File.WriteAllText(fx["dest/usr/share/readme"], "mine");

        CliResult refused = Cli.Run("initramfs", "extract", image, "-C", fx["dest"]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("already exists (use --force to overwrite)", refused.Stderr);
        Assert.Equal("mine", File.ReadAllText(fx["dest/usr/share/readme"]));

        CliResult forced = Cli.Run("initramfs", "extract", image, "-C", fx["dest"], "--force");
        Assert.Equal(0, forced.ExitCode);
        Assert.Equal("second archive\n", File.ReadAllText(fx["dest/usr/share/readme"]));
    }

    [Fact]
    public void HostileArchive_WritesNothingOutsideTheDestination()
    {
        using var dir = new TempDirectory();
        string outside = dir["outside"];
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "sentinel"), "untouched");
        File.WriteAllText(Path.Combine(outside, "sentinel2"), "untouched");
        var archive = new HostileArchive()
            .File("../escape-dotdot", "x")
            .File("a/../../escape-nested", "x")
            .File(dir["escape-absolute"], "x")
            .Symlink("link", outside)
            .File("link/pwned", "x")
            .Symlink("rel", "../outside")
            .File("rel/pwned2", "x")
            .Directory("rel/sub")
            .Symlink("sentinel-link", Path.Combine(outside, "sentinel"))
            .File("sentinel-link", "overwritten through a symlink")
            .HardLinked("../outside/hard", "inside-hard", "x")
            .HardLinkedThroughSymlink("hl-first", "hl-second", Path.Combine(outside, "sentinel2"), "PWNED")
            .File("ok/file", "fine");
        File.WriteAllBytes(dir["evil.cpio"], archive.ToArray());
        string Outside() => Tools.Sh($"find '{dir.Path}' -mindepth 1 -path '{dir["dest"]}' -prune -o -printf '%P %y %s %T@\\n' | sort");
        string before = Outside();

        CliResult first = Cli.Run("initramfs", "extract", dir["evil.cpio"], "-C", dir["dest"], "--force");

        Assert.Equal(1, first.ExitCode);
        Assert.Contains("refused", first.Stdout);
        Assert.Equal("untouched", File.ReadAllText(Path.Combine(outside, "sentinel")));
        Assert.Equal("untouched", File.ReadAllText(Path.Combine(outside, "sentinel2")));
        Assert.Equal("PWNED", File.ReadAllText(dir["dest/hl-second"])); // the data still lands, inside
        Assert.Equal("fine", File.ReadAllText(dir["dest/ok/file"]));
        Assert.Equal(before, Outside());
        Assert.False(System.IO.File.Exists(dir["escape-dotdot"]) || System.IO.File.Exists(dir["escape-nested"]) || System.IO.File.Exists(dir["escape-absolute"]));
    }
}
