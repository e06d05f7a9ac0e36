using System.Text.Json;

namespace NicDoctor.Initramfs.Tests;

/// <summary>The <c>nicdoctor initramfs</c> verbs, end to end, against GNU cpio.</summary>
public sealed class CliTests
{
    [Fact]
    public void List_PrintsExactlyWhatGnuCpioPrints_ForEveryPart()
    {
        using var fx = new Fixtures();
        string image = fx.Concat("initrd.img", fx.Cpio("tree3"), fx.Compress(fx.Cpio("tree"), "zstd"), 16, fx.Cpio("tree2"));
        string expected = Tools.Sh($"cd '{fx.Path}' && cpio -t --quiet < tree3.newc.cpio && cpio -t --quiet < tree.newc.cpio && cpio -t --quiet < tree2.newc.cpio");

        CliResult result = Cli.Run("initramfs", "list", image);

        Assert.Equal((0, ""), (result.ExitCode, result.Stderr));
        Assert.Equal(expected, result.Stdout);
    }

    [Fact]
    public void List_PartAndGlob_Select()
    {
        using var fx = new Fixtures();
        string image = fx.Concat("initrd.img", fx.Cpio("tree3"), fx.Compress(fx.Cpio("tree"), "gzip"));
        string expected = Tools.Sh($"cd '{fx.Path}' && cpio -t --quiet 'etc/*' < tree.newc.cpio");

        CliResult result = Cli.Run("initramfs", "list", "--part", "2", image, "etc/*");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Stdout);
    }

    [Fact]
    public void ListLong_AgreesWithGnuCpioTv_ExceptTheDateFormat()
    {
        using var dir = new TempDirectory();
        // A regular file, a hard-linked pair, a symlink, directories, an odd mode.
        Tools.Sh("mkdir -p t/etc t/bin && printf hi > t/etc/a && ln t/etc/a t/etc/hard && ln -s ../etc/a t/bin/l"
            + " && printf '#!/bin/sh\n' > t/bin/run && chmod 4750 t/bin/run"
            + " && (cd t && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > t.cpio", dir.Path);
        // Mode, links, owner, group, size, then the name (and "-> target"); dates dropped from both.
        string gnu = Tools.Sh("cpio -tv --quiet < t.cpio | awk '{ $6 = $7 = $8 = \"\"; print }' | tr -s ' '", dir.Path);

        CliResult result = Cli.Run("initramfs", "list", "--long", dir["t.cpio"]);

        Assert.Equal(0, result.ExitCode);
        File.WriteAllText(dir["ours.txt"], result.Stdout);
        string ours = Tools.Sh("awk '{ $6 = $7 = \"\"; print }' ours.txt | sed 's/ link to .*$//' | tr -s ' '", dir.Path);
        Assert.Equal(gnu, ours);
        Assert.Contains("-rwsr-x---", ours, StringComparison.Ordinal);
    }

    [Fact]
    public void Examine_Json_DescribesParts()
    {
        using var fx = new Fixtures();
        string early = fx.Cpio("tree3");
        string image = fx.Concat("initrd.img", early, fx.Compress(fx.Cpio("tree"), "xz"));

        CliResult result = Cli.Run("initramfs", "examine", "--json", image);

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        JsonElement parts = json.RootElement.GetProperty("parts");
        Assert.Equal(2, parts.GetArrayLength());
        Assert.Equal("early microcode", parts[0].GetProperty("role").GetString());
        Assert.Equal("xz", parts[1].GetProperty("compression").GetString());
        Assert.Equal("check crc32", parts[1].GetProperty("compressionDetail").GetString());
        Assert.Equal("main", parts[1].GetProperty("role").GetString());
        Assert.Equal(new FileInfo(early).Length, parts[1].GetProperty("start").GetInt64());
        Assert.Equal(new FileInfo(fx["tree.newc.cpio"]).Length, parts[1].GetProperty("uncompressedSize").GetInt64());
    }

    [Fact]
    public void Cat_PrintsOneFile()
    {
        using var fx = new Fixtures();
        string image = fx.Compress(fx.Cpio("tree"), "gzip");
        CliResult result = Cli.Run("initramfs", "cat", image, "etc/cmdline.d/*.conf");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllText(fx["tree/etc/cmdline.d/10-root.conf"]), result.Stdout);
    }

    [Fact]
    public void Cat_Json_GivesEachFilesBytesAsBase64WithItsSha256()
    {
        using var fx = new Fixtures();
        string image = fx.Concat("initrd.img", fx.Cpio("tree3"), fx.Compress(fx.Cpio("tree"), "zstd"));

        CliResult result = Cli.Run("initramfs", "cat", "--json", image, "etc/cmdline.d/*.conf");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        JsonElement file = Assert.Single(json.RootElement.EnumerateArray());
        string onDisk = fx["tree/etc/cmdline.d/10-root.conf"];
        Assert.Equal("etc/cmdline.d/10-root.conf", file.GetProperty("path").GetString());
        Assert.Equal(2, file.GetProperty("part").GetInt32());
        Assert.Equal(File.ReadAllBytes(onDisk), Convert.FromBase64String(file.GetProperty("base64").GetString()!));
        Assert.Equal(Tools.Sh($"sha256sum < '{onDisk}'")[..64], file.GetProperty("sha256").GetString());
    }

    [Fact]
    public void Verify_CorruptCrc_ExitsOneWithOffset()
    {
        using var fx = new Fixtures();
        byte[] bytes = File.ReadAllBytes(fx.Cpio("tree", "crc"));
        bytes[bytes.AsSpan().IndexOf("echo hello"u8)] = (byte)'E';
        File.WriteAllBytes(fx["bad.img"], bytes);

        CliResult result = Cli.Run("initramfs", "verify", fx["bad.img"]);

        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"error: part 1: bad\.img: offset 0x[0-9a-f]+: bad data checksum", result.Stdout);
    }

    [Fact]
    public void Verify_WarnsOfDuplicatesAndNamesThatLeaveTheRoot()
    {
        using var dir = new TempDirectory();
        byte[] archive = new HostileArchive()
            .File("../up", "x")
            .File("/abs/file", "x")
            .File("etc/a", "1")
            .File("etc/a", "2")
            .ToArray();
        File.WriteAllBytes(dir["names.img"], archive);

        CliResult result = Cli.Run("initramfs", "verify", "--json", dir["names.img"]);

        // Bootable (the kernel keeps such names inside rootfs), and both problems reported.
        Assert.Equal(0, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("wouldBoot").GetBoolean());
        string[] warnings = [.. json.RootElement.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("severity").GetString() == "warning").Select(f => f.GetProperty("message").GetString()!)];
        Assert.Equal(2, warnings.Length);
        Assert.Contains(warnings, w => w.StartsWith("1 path(s) stored more than once; the last copy wins: etc/a (parts 1 and 1)", StringComparison.Ordinal));
        Assert.Contains(warnings, w => w.StartsWith("2 absolute or '..' name(s)", StringComparison.Ordinal) && w.EndsWith(": ../up, /abs/file", StringComparison.Ordinal));
    }

    [Fact]
    public void List_TruncatedImage_ExitsTwoWithOneLine()
    {
        using var fx = new Fixtures();
        byte[] bytes = File.ReadAllBytes(fx.Compress(fx.Cpio("tree"), "gzip"));
        File.WriteAllBytes(fx["cut.img"], bytes[..(bytes.Length / 2)]);

        CliResult result = Cli.Run("initramfs", "list", fx["cut.img"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Matches(@"^nicdoctor: cut\.img: offset 0x[0-9a-f]+: truncated gzip data: the member starting at 0x0 ends early\n$", result.Stderr);
    }

    [Fact]
    public void MissingImage_IsUsageError()
    {
        CliResult result = Cli.Run("initramfs", "examine", "/nonexistent/initrd.img");
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("nicdoctor: /nonexistent/initrd.img: no such file\n", result.Stderr);
    }
}
