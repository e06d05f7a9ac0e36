using NicDoctor.Fuzz.Targets;
using SharpFuzz;

// Usage: NicDoctor.Fuzz TARGET            (under afl-fuzz, input from afl's shared memory/stdin)
//        NicDoctor.Fuzz TARGET FILE...    (replay files once each; exit 1 on an undocumented exception)
if (args.Length == 0 || FuzzTarget.Find(args[0]) is not { } target)
{
    Console.Error.WriteLine($"usage: NicDoctor.Fuzz {{{string.Join('|', FuzzTarget.All.Select(t => t.Name))}}} [FILE...]");
    return 2;
}
if (args.Length > 1)
{
    int failures = 0;
    foreach (string file in args[1..])
    {
        try
        {
            Exception? documented = target.Run(File.ReadAllBytes(file));
            Console.WriteLine($"{file}: {documented?.Message ?? "ok"}");
        }
        catch (Exception ex)
        {
            failures++;
            Console.Error.WriteLine($"{file}: {ex}");
        }
    }
    return failures == 0 ? 0 : 1;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var copy = new MemoryStream();
    stream.CopyTo(copy);
    _ = target.Run(copy.GetBuffer().AsSpan(0, (int)copy.Length));
});
return 0;
