using NicDoctor.KernelModules;

namespace NicDoctor.Fuzz.Targets;

/// <summary>
/// A .ko file (any compression) as <c>module info</c> reads it: ELF header and sections, modinfo,
/// __versions, exports, imports, signature trailer. Documented bad-input exception:
/// <see cref="InvalidDataException"/> from <see cref="ModuleFormatException"/>.
/// </summary>
public sealed class ModuleTarget : FuzzTarget
{
    public override string Name => "module";

    public override IReadOnlyList<string> InstrumentedAssemblies => ["NicDoctor.KernelModules.dll"];

    public override string InputName => "fuzz.ko";

    public override Exception? Run(ReadOnlySpan<byte> input)
    {
        try
        {
            using ModuleFile module = ModuleFile.Read(new MemoryStream(input.ToArray(), writable: false), InputName);
            _ = module.ReadModinfo();
            _ = module.GetModinfo("vermagic");
            _ = module.ReadVersions();
            _ = module.ThisModuleSize;
            _ = module.ReadExports();
            _ = module.ReadImports();
            _ = module.ReadSignature();
            return null;
        }
        catch (InvalidDataException ex)
        {
            return ex;
        }
    }
}
