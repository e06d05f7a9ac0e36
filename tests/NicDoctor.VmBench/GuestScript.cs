namespace NicDoctor.VmBench;

/// <summary>Shell snippets for guest /init scripts that tests keep needing.</summary>
public static class GuestScript
{
    /// <summary>The marker key <see cref="Insmod"/> reports under.</summary>
    public const string InsmodKey = "insmod";

    /// <summary>
    /// insmod each file in order; after each, a marker <c>insmod=&lt;file name&gt;:&lt;exit code&gt;:&lt;insmod's output&gt;</c>
    /// (so a clean load reads <c>e1000e.ko:0:</c>).
    /// </summary>
    public static string Insmod(IEnumerable<string> guestPaths) => $$"""
        for m in {{string.Join(' ', guestPaths)}}; do
          out=$(insmod "$m" 2>&1); ndtest {{InsmodKey}}=$(basename "$m"):$?:$out
        done
        """;

    /// <summary>The marker value <see cref="Insmod"/> prints for a clean load of <paramref name="guestPath"/>.</summary>
    public static string InsmodSucceeded(string guestPath) => Path.GetFileName(guestPath) + ":0:";

    /// <summary>Polls the shell condition <paramref name="condition"/> every 0.1 s until it holds, for at most <paramref name="seconds"/>.</summary>
    public static string WaitUntil(string condition, int seconds = 10) =>
        $"i=0; until {condition} || [ $i -ge {seconds * 10} ]; do sleep 0.1; i=$((i+1)); done";
}
