using NicDoctor.Initramfs.Manifest;
using NicDoctor.Initramfs.Write;

namespace NicDoctor.Initramfs.Tests.Write;

/// <summary>
/// <c>create --manifest</c>: manifests written in 3cpio's format (man page §Manifest) over real
/// files (a Debian kernel module, the contents of a real mkinitramfs image), read back by GNU cpio,
/// zstd and bsdtar; with 3cpio 0.14 present, the same manifest through <c>3cpio --create</c>.
/// </summary>
public sealed class ManifestTests : IDisposable
{
    private const long T = 1_700_000_000;
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Module => $"/{WriteFixtures.IntelModules}/e1000e/e1000e.ko";

    /// <summary>Inputs on disk (relative to the temp dir) and a manifest using every line shape.</summary>
    private string EveryShapeManifest(bool sockets = true)
    {
        Tools.Sh($"""
            mkdir -p src/sub
            head -c 3000 /boot/System.map-{Tools.Kernel} > src/ucode.bin
            printf 'private\n' > src/a && chmod 640 src/a && touch -d @1600000000 src/a
            ln src/a src/b
            ln -s ../lib/e1000e.ko src/disklink
            printf 'bare\n' > src/sub/bare.txt && chmod 600 src/sub/bare.txt
            """, _dir.Path);
        long moduleSize = new FileInfo(Module).Length;
        string sock = sockets ? $"-\trun/sock\tsock\t755\t0\t0\t{T}\n" : "";
        string manifest = $"""
            # early microcode, uncompressed, as in the man page's example
            #cpio
            src/ucode.bin	kernel/x86/microcode/GenuineIntel.bin	file	644	0	0	{T}
            #cpio: zstd -9
            -	.	dir	755	0	0	{T}
            -	usr	dir	755	0	0	{T}
            -	usr/lib	dir	755	0	0	{T}
            {Module}	usr/lib/e1000e.ko	file	644	0	0	{T}	{moduleSize}
            src/a	usr/lib/a	-	-	0	0	-
            src/b	usr/lib/b
            -	usr/lib/link	link	777	0	0	{T}	e1000e.ko
            src/disklink	usr/lib/disklink
            -	dev	dir	755	0	0	{T}
            -	dev/console	char	600	0	5	{T}	5	1
            -	dev/sda	block	660	0	6	{T}	8	0
            -	run	dir	755	0	0	{T}
            -	run/fifo	fifo	600	0	0	{T}
            {sock}-	empty	file	644	1	2	{T}	0
            src/sub/bare.txt

            """;
        File.WriteAllText(_dir["manifest"], manifest);
        return _dir["manifest"];
    }

    private void CreateFromManifest(string image, string manifest, long? epoch = null)
    {
        ManifestImage parsed = InitramfsManifest.Read(manifest, _dir.Path, epoch);
        AtomicFile.Write(image, s => ImageWriter.Write(s, parsed.Segments), (UnixFileMode)0x1B6 & ~parsed.OutputUmask);
    }

    /// <summary>Offset of the first zstd frame, found by its magic (not by our reader).</summary>
    private static long ZstdOffset(string image) =>
        long.Parse(Tools.Sh($"LC_ALL=C grep -obUaP '\\x28\\xb5\\x2f\\xfd' '{image}' | head -1 | cut -d: -f1").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Every_line_shape_is_written_as_GNU_cpio_and_zstd_read_it()
    {
        string image = _dir["out.img"];
        CreateFromManifest(image, EveryShapeManifest());

        long main = ZstdOffset(image);
        Tools.Sh($"mkdir early main && (cd early && cpio -idm --quiet < '{image}') && tail -c +{main + 1} '{image}' | zstd -dcq | (cd main && cpio -idm --quiet)", _dir.Path);
        Assert.Equal("f 644 0:0 1 ./kernel/x86/microcode/GenuineIntel.bin \n",
            Tools.Sh("cd early && find . -type f -printf '%y %m %U:%G %n %p %l\\n'", _dir.Path));
        string[] expected =
        [
            "b 660 0:6 1 ./dev/sda ",
            "c 600 0:5 1 ./dev/console ",
            "f 600 0:0 1 ./src/sub/bare.txt ",       // bare path: everything from lstat, name without "./"
            "f 640 0:0 2 ./usr/lib/a ",              // "-" and empty fields from lstat; a hard link with b
            "f 640 0:0 2 ./usr/lib/b ",
            "f 644 0:0 1 ./usr/lib/e1000e.ko ",
            "f 644 1:2 1 ./empty ",
            "l 777 0:0 1 ./usr/lib/disklink ../lib/e1000e.ko",
            "l 777 0:0 1 ./usr/lib/link e1000e.ko",
            "p 600 0:0 1 ./run/fifo ",
            "s 755 0:0 1 ./run/sock ",
        ];
        Assert.Equal(expected, Tools.Lines(Tools.Sh("cd main && find . ! -type d -printf '%y %m %U:%G %n %p %l\\n' | LC_ALL=C sort", _dir.Path)));
        Assert.Equal("5:1 8:0", Tools.Sh("stat -c '%Hr:%Lr' main/dev/console main/dev/sda | paste -sd' '", _dir.Path).Trim());
        Tools.Sh($"cmp main/usr/lib/e1000e.ko '{Module}' && cmp main/usr/lib/a src/a && cmp main/usr/lib/b src/a && cmp main/src/sub/bare.txt src/sub/bare.txt && cmp early/kernel/x86/microcode/GenuineIntel.bin src/ucode.bin", _dir.Path);
        Assert.Equal($"1600000000 {T}", Tools.Sh("stat -c %Y main/usr/lib/a main/usr/lib/e1000e.ko | paste -sd' '", _dir.Path).Trim());
        // GNU cpio and bsdtar agree on the names, in manifest order.
        string names = Tools.Sh($"tail -c +{main + 1} '{image}' | zstd -dcq | cpio -t --quiet");
        Assert.Equal(names, Tools.Sh($"tail -c +{main + 1} '{image}' | zstd -dcq | bsdtar -tf -"));
        Assert.StartsWith(".\nusr\nusr/lib\nusr/lib/e1000e.ko\nusr/lib/a\nusr/lib/b\n", names, StringComparison.Ordinal);
        // An input that others may not read keeps the image from them too (src/a is 0640).
        Assert.Equal("600", Tools.Sh($"stat -c %a '{image}'").Trim());
    }

    [Fact]
    public void Bare_paths_from_find_give_GNU_cpio_the_same_tree_as_its_own_archive()
    {
        WriteFixtures.UnpackRealImage(_dir["real"]);
        string tree = _dir["real/main"];
        Tools.Sh($"cd '{tree}' && find . | LC_ALL=C sort > '{_dir["bare.manifest"]}'");
        ManifestImage parsed = InitramfsManifest.Read(_dir["bare.manifest"], tree, sourceDateEpoch: null);
        string image = _dir["bare.img"];
        AtomicFile.Write(image, s => ImageWriter.Write(s, parsed.Segments));

        ImageSegmentPlan only = Assert.Single(parsed.Segments);
        Assert.Equal("none", only.Compression.ToString()); // no #cpio line: one uncompressed archive, as 3cpio
        Tools.Sh($"mkdir back && cd back && cpio -idm --quiet < '{image}'", _dir.Path);
        Tools.Sh($"diff -r --no-dereference '{tree}' back", _dir.Path);
        // GNU cpio's own archive of the same list: the same long listing except the link count
        // (GNU cpio stores a directory's st_nlink, 3cpio and we store 2), sorted because GNU cpio
        // moves hard-linked names to the end (both put the data on the last name).
        string ours = Tools.Sh($"cpio -tv --quiet --numeric-uid-gid < '{image}' | awk '{{$2=\"\"; print}}' | LC_ALL=C sort");
        string theirs = Tools.Sh($"cd '{tree}' && cpio -o -H newc --quiet < '{_dir["bare.manifest"]}' | cpio -tv --quiet --numeric-uid-gid | awk '{{$2=\"\"; print}}' | LC_ALL=C sort");
        Assert.True(Tools.Lines(ours).Length > 500);
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public void Source_date_epoch_clamps_newer_mtimes_only_and_two_runs_are_identical()
    {
        Tools.Sh("printf old > old && touch -d @1000000000 old && printf new > new", _dir.Path);
        File.WriteAllText(_dir["m"], "#cpio: xz -3\nold\nnew\n-\tdir\tdir\t755\t0\t0\t4000000000\n");
        CreateFromManifest(_dir["1.img"], _dir["m"], epoch: 1_500_000_000);
        CreateFromManifest(_dir["2.img"], _dir["m"], epoch: 1_500_000_000);

        Assert.Equal(File.ReadAllBytes(_dir["1.img"]), File.ReadAllBytes(_dir["2.img"]));
        Tools.Sh($"mkdir x && cd x && xz -dc '{_dir["1.img"]}' | cpio -idm --quiet", _dir.Path);
        Assert.Equal("1000000000 1500000000 1500000000", Tools.Sh("stat -c %Y x/old x/new x/dir | paste -sd' '", _dir.Path).Trim());
        Assert.Contains("CRC32", Tools.Sh($"xz --robot --list '{_dir["1.img"]}'"), StringComparison.Ordinal);
    }

    public static TheoryData<string, int, string> BadManifests => new()
    {
        { "#cpio\n#cpi0 is a comment\n#cpiox\n", 3, "unknown cpio archive directive" },
        { "#cpio: brotli -9\n", 1, "unknown compression format 'brotli'" },
        { "# ok\n-\tetc\tdir\t755\t0\t0\t0\n-\tx\tpipe\t644\t0\t0\t0\n", 3, "unknown file type 'pipe'" },
        { "-\tetc\tdir\t7a5\t0\t0\t0\n", 1, "invalid mode '7a5'" },
        { "-\tetc\tdir\t755\troot\t0\t0\n", 1, "invalid uid 'root'" },
        { "\n\nno/such/file\n", 3, "no/such/file" },
        { "-\tetc/x\tfile\t644\t0\t0\t0\t12\n", 1, "no filesize given and no location" },
        { "small\tx\tfile\t644\t0\t0\t0\t99\n", 1, "has 5 bytes, the manifest says 99" },
        { "-\tl\tlink\t777\t0\t0\t0\n", 1, "neither a link target nor a location" },
        { "-\t-\tdir\n", 1, "neither location nor name" },
        { "-\td\tdir\t100755\t0\t0\t0\n", 1, "mode 100755 names another file type" },
        { "-\tetc\tdir\t755\t0\t0\t0\nsmall\t../../etc/evil\n", 2, "name '../../etc/evil' has a '..' component" },
        { "small\t/abs/evil\n", 1, "name '/abs/evil' is absolute" },
    };

    [Theory]
    [MemberData(nameof(BadManifests))]
    public void A_bad_line_is_named_by_number_before_anything_is_written(string manifest, int line, string reason)
    {
        File.WriteAllText(_dir["small"], "small");
        File.WriteAllText(_dir["bad.manifest"], manifest);
        var error = Assert.Throws<ManifestFormatException>(() => InitramfsManifest.Read(_dir["bad.manifest"], _dir.Path));
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{_dir["bad.manifest"]}: line {line}: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_CLI_exits_2_with_the_manifest_line_and_writes_nothing()
    {
        File.WriteAllText(_dir["bad.manifest"], "#cpio: zstd\n-\tetc\tdir\t755\t0\t0\t0\nmissing/file\n");
        CliResult result = Cli.Run("initramfs", "create", _dir["out.img"], "--manifest", _dir["bad.manifest"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{_dir["bad.manifest"]}: line 3: ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_dir.Path, "*.img*", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetFiles(_dir.Path, ".*.tmp"));

        // And a good manifest through the CLI, read back by GNU cpio.
        File.WriteAllText(_dir["good.manifest"], "-\tetc\tdir\t755\t0\t0\t0\n");
        Assert.Equal(0, Cli.Run("initramfs", "create", _dir["out.img"], "--manifest", _dir["good.manifest"]).ExitCode);
        Assert.Equal("etc\n", Tools.Sh($"cpio -t --quiet < '{_dir["out.img"]}'"));
    }

    [Fact]
    public void Levels_are_clamped_and_unknown_parameters_ignored_with_a_warning_as_3cpio_does()
    {
        File.WriteAllText(_dir["m"], "#cpio: zstd -22 --long\n-\td\tdir\t755\t0\t0\t0\n#cpio: gzip\n-\te\tdir\t755\t0\t0\t0\n#cpio:\n-\tf\tdir\t755\t0\t0\t0\n");
        ManifestImage parsed = InitramfsManifest.Read(_dir["m"]);
        Assert.Equal(["zstd:19", "gzip:6", "none"], parsed.Segments.Select(s => s.Compression.ToString()));
        Assert.Equal(2, parsed.Warnings.Count);
        Assert.Contains("level 22", parsed.Warnings[0], StringComparison.Ordinal);
        Assert.Contains("'--long'", parsed.Warnings[1], StringComparison.Ordinal);
    }

    /// <summary>3cpio 0.14 built by another helper for measuring, if it is there.</summary>
    private static string? ThreeCpio() =>
        Tools.Sh("find /var/tmp/3cpio -name 3cpio -type f -perm -u+x 2>/dev/null | head -1 || true").Trim() is { Length: > 0 } path ? path : null;

    [Fact]
    public void The_same_manifest_gives_3cpio_s_bytes_uncompressed_and_its_tree_compressed()
    {
        string? threecpio = ThreeCpio();
        Assert.SkipWhen(threecpio is null, "3cpio is not built at /var/tmp/3cpio");
        string manifest = EveryShapeManifest();

        // Uncompressed: every header field follows 3cpio's rules, so the bytes are equal.
        Tools.Sh($"grep -v '^#cpio' '{manifest}' > plain.manifest && SOURCE_DATE_EPOCH=1650000000 '{threecpio}' --create theirs.img < plain.manifest", _dir.Path);
        CreateFromManifest(_dir["ours.img"], _dir["plain.manifest"], epoch: 1_650_000_000);
        Assert.Equal(File.ReadAllBytes(_dir["theirs.img"]), File.ReadAllBytes(_dir["ours.img"]));

        // With the zstd part: 3cpio lists and extracts our image as its own.
        Tools.Sh($"'{threecpio}' --create theirs-z.img < '{manifest}'", _dir.Path);
        CreateFromManifest(_dir["ours-z.img"], manifest);
        Assert.Equal(Tools.Sh($"'{threecpio}' -tv '{_dir["theirs-z.img"]}'"), Tools.Sh($"'{threecpio}' -tv '{_dir["ours-z.img"]}'"));
        Tools.Sh($"mkdir t o && '{threecpio}' -x --make-directories -C t theirs-z.img && '{threecpio}' -x --make-directories -C o ours-z.img", _dir.Path);
        // diff -r cannot compare devices, fifos and sockets: compare the metadata, then each file's bytes.
        // Directory mtimes are left out: --make-directories creates kernel/ at extraction time.
        const string Tree = "(find . -type d -printf '%m %U:%G %p\\n'; find . ! -type d -exec stat -c '%F %a %u:%g %h %Y %t:%T %n %N' {} +) | LC_ALL=C sort";
        Assert.Equal(Tools.Sh($"cd t && {Tree}", _dir.Path), Tools.Sh($"cd o && {Tree}", _dir.Path));
        Tools.Sh("cd t && find . -type f -exec cmp {} ../o/{} \\;", _dir.Path);
    }
}
