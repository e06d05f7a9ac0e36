namespace NicDoctor.Fuzz.Targets;

/// <summary>
/// One engine's input reader driven with arbitrary bytes. <see cref="Run"/> catches only the
/// exceptions the engine documents for bad input and returns it; anything else escapes and is a
/// finding (afl sees the process crash; the corpus replay test fails).
/// </summary>
public abstract class FuzzTarget
{
    /// <summary>The name used by fuzz/run.sh and as the corpus folder, e.g. <c>initramfs</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The engine assemblies afl instruments (the rest of the process is not traced).</summary>
    public abstract IReadOnlyList<string> InstrumentedAssemblies { get; }

    /// <summary>The input's name in error messages: a documented exception's message starts with it.</summary>
    public abstract string InputName { get; }

    /// <summary>Feeds <paramref name="input"/> to the engine the way its CLI command does; returns the documented bad-input exception, if one was thrown.</summary>
    public abstract Exception? Run(ReadOnlySpan<byte> input);

    /// <summary>Whether a documented exception says which input and where (file name first).</summary>
    public virtual bool NamesInput(Exception documented) => documented.Message.StartsWith(InputName + ": ", StringComparison.Ordinal);

    public static IReadOnlyList<FuzzTarget> All { get; } =
        [new InitramfsTarget(), new ModuleTarget(), new KernelLogTarget(), new NicTextTarget()];

    public static FuzzTarget? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
