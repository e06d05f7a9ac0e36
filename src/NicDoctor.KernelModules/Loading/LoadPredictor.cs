using NicDoctor.KernelModules.Elf;
using NicDoctor.KernelModules.Signing;

namespace NicDoctor.KernelModules.Loading;

/// <summary>
/// Predicts what the target kernel's <c>load_module()</c> does with a module, check by check in
/// the kernel's order (kernel/module/main.c, version.c, signing.c of 6.1), and says it with the
/// kernel's own format strings. Evaluation stops at the first fatal check, as the kernel does;
/// unresolved symbols are all reported, as simplify_symbols() does.
/// </summary>
public static class LoadPredictor
{
    // include/linux/license.h license_is_gpl_compatible().
    private static readonly string[] GplCompatible = ["GPL", "GPL v2", "GPL and additional rights", "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL"];

    public static LoadPrediction Predict(ModuleFile module, KernelTarget target)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(target);
        var findings = new List<LoadFinding>();
        ElfImage elf = module.Elf;

        // find_sec() only sees SHF_ALLOC sections; .modinfo gives the name used in messages.
        ElfSection? modinfo = FindAlloc(elf, ".modinfo");
        var info = modinfo is null ? [] : module.ReadModinfo();
        string? modinfoName = info.FirstOrDefault(e => e.Key == "name").Value;
        string name = modinfoName ?? "(missing .modinfo section or name field)";
        string moduleName = modinfoName ?? ModuleDirectory.ModuleNameOf(module.Source);
        LoadPrediction Done() => new(module.Source, moduleName, target.Description, findings);

        // 1. module_sig_check()
        if (module.HasSignatureMarker)
        {
            ModuleSignatureTrailer? trailer = module.SignatureTrailer;
            if (trailer is null)
            {
                findings.Add(new(LoadEffect.Refused, "signature", "(no message) -EBADMSG: Bad message",
                    "the module ends with the signature marker but struct module_signature is malformed; every error other than a missing key or unsigned module is fatal"));
                return Done();
            }
            if (trailer.IdType != ModuleSignatureTrailer.IdTypePkcs7)
            {
                findings.Add(new(SignatureEffect(target), "signature", $"{moduleName}: not signed with expected PKCS#7 message",
                    SignatureDetail(target, "module with unsupported crypto")));
            }
            else if (trailer.Algorithm != 0 || trailer.Hash != 0 || trailer.SignerLength != 0 || trailer.KeyIdLength != 0)
            {
                findings.Add(new(LoadEffect.Refused, "signature", $"{moduleName}: PKCS#7 signature info has unexpected non-zero params", "-EBADMSG is fatal even without signature enforcement"));
                return Done();
            }
            else
            {
                ModuleSignature? signature = module.ReadSignature();
                findings.Add(new(LoadEffect.Unknown, "signature", string.Empty,
                    signature is null
                        ? "the PKCS#7 signature does not decode; the kernel will refuse it (-EBADMSG)"
                        : $"signed by '{signature.Signer}' (key {ModuleInfo.Hex(signature.KeyId).Replace("\n\t\t", string.Empty, StringComparison.Ordinal)}, {signature.HashAlgorithm}); " +
                          "whether that key is in the kernel's keyring is not checked here. If it is not: " +
                          (target.SignaturePolicy == SignaturePolicy.Enforce ? "'Loading of module with unavailable key is rejected'" : "the module loads and taints (E)") +
                          "; if the module changed after signing, the load fails (-EKEYREJECTED)."));
            }
        }
        else if (target.SignaturePolicy == SignaturePolicy.Enforce)
        {
            findings.Add(new(LoadEffect.Refused, "signature", "Loading of unsigned module is rejected",
                "signatures are enforced (CONFIG_MODULE_SIG_FORCE, module.sig_enforce=1 or lockdown under Secure Boot): sign it with scripts/sign-file"));
            return Done();
        }

        // 2. elf_validity_check(): the architecture must be the target's.
        if (target.Machine is { } machine && elf.Header.Machine != machine)
        {
            findings.Add(new(LoadEffect.Refused, "elf", $"Invalid architecture in ELF header: {elf.Header.Machine}", $"the target's modules have e_machine {machine}"));
            return Done();
        }

        // 3. setup_load_info()
        if (elf.SymbolTable is null)
        {
            findings.Add(new(LoadEffect.Refused, "symbols", $"{name}: module has no symbols (stripped?)",
                "the .symtab section is gone (plain `strip`); strip only debug information: `nicdoctor module strip` or `strip --strip-debug`"));
            return Done();
        }
        ElfSection? thisModule = FindAlloc(elf, ".gnu.linkonce.this_module");
        if (thisModule is null)
        {
            findings.Add(new(LoadEffect.Refused, "this_module", $"{name}: No module found in object", "no SHF_ALLOC .gnu.linkonce.this_module section: not built by kbuild/modpost"));
            return Done();
        }

        ElfSection? versionsSection = FindAlloc(elf, "__versions");
        var versions = versionsSection is null ? new Dictionary<string, ulong>() : module.ReadVersions().GroupBy(v => v.Symbol).ToDictionary(g => g.Key, g => g.First().Crc, StringComparer.Ordinal);
        bool hasVersions = versionsSection is not null;
        bool forcedTaintShown = false;
        bool noVersionWarned = false;
        bool lockdepOffShown = false;

        // 4. check_modstruct_version(): module_layout's CRC stands for the layout of struct module.
        if (target.FindExport("module_layout") is { Crc: not 0 } layout)
        {
            if (!CheckVersion("module_layout", layout.Crc))
                return Done();
        }

        // struct module size (checked directly since 6.x; older kernels catch it through module_layout).
        if (target.StructModuleSize is { } size && thisModule.Size != size)
        {
            findings.Add(new(LoadEffect.Refused, "struct module", $"module {moduleName}: .gnu.linkonce.this_module section size must match the kernel's built struct module size at run time",
                $"this module's struct module is {thisModule.Size} bytes, the target's {size}: it was built against other kernel headers/config"));
            return Done();
        }

        // 5. check_modinfo()
        string? vermagic = info.FirstOrDefault(e => e.Key == "vermagic").Value;
        if (vermagic is null)
        {
            if (!ForceLoad("bad vermagic"))
                return Done();
        }
        else if (target.Vermagic is { } targetMagic && !SameMagic(vermagic, targetMagic, hasVersions))
        {
            findings.Add(new(LoadEffect.Refused, "vermagic", $"{name}: version magic '{vermagic}' should be '{targetMagic}'",
                hasVersions ? "with modversions the kernel release (first word) is not compared; the build options after it differ"
                    : "without __versions the whole string, kernel release included, must match"));
            return Done();
        }
        else if (target.Vermagic is null)
        {
            findings.Add(new(LoadEffect.Unknown, "vermagic", string.Empty, "the target's vermagic is unknown (no module tree given): not compared"));
        }
        if (!info.Any(e => e.Key == "intree"))
            findings.Add(new(LoadEffect.Taints, "out-of-tree", $"{moduleName}: loading out-of-tree module taints kernel.", "taint O; expected for vendor drivers"));
        if (!info.Any(e => e.Key == "retpoline") && target.Vermagic is not null)
            findings.Add(new(LoadEffect.Warning, "retpoline", $"{moduleName}: loading module not compiled with retpoline compiler.", "only printed when the target kernel uses retpolines"));
        if (info.Any(e => e.Key == "staging"))
            findings.Add(new(LoadEffect.Taints, "staging", $"{moduleName}: module is from the staging directory, the quality is unknown, you have been warned.", "taint C"));
        string license = info.FirstOrDefault(e => e.Key == "license").Value ?? "unspecified";
        bool proprietary = !GplCompatible.Contains(license, StringComparer.Ordinal);
        if (proprietary)
        {
            findings.Add(new(LoadEffect.Taints, "license", $"{moduleName}: module license '{license}' taints kernel.", "taint P; GPL-only exports become unavailable"));
            LockdepOff();
        }

        // Unsigned (or unverifiable) modules taint E on a CONFIG_MODULE_SIG kernel.
        if (!module.HasSignatureMarker && target.SignaturePolicy == SignaturePolicy.Taint)
            findings.Add(new(LoadEffect.Taints, "signature", $"{moduleName}: module verification failed: signature and/or required key missing - tainting kernel",
                "unsigned module: taint E (refused where signatures are enforced, e.g. Secure Boot lockdown)"));

        // 6. simplify_symbols(): every undefined symbol must resolve, with a matching CRC.
        bool x86 = elf.Header.Machine is ElfConstants.EM_386 or ElfConstants.EM_X86_64;
        var imports = new HashSet<string>(info.Where(e => e.Key == "import_ns").Select(e => e.Value), StringComparer.Ordinal);
        foreach (ElfSymbol symbol in module.ReadImports())
        {
            KernelExport? export = target.FindExport(symbol.Name);
            if (export is not null && export.GplOnly && proprietary)
                export = null;
            if (export is null)
            {
                if (symbol.Binding == ElfConstants.STB_WEAK || (x86 && symbol.Name == "_GLOBAL_OFFSET_TABLE_"))
                    continue;
                if (!target.HasVmlinuxExports)
                {
                    findings.Add(new(LoadEffect.Unknown, "symbols", string.Empty, $"{symbol.Name}: not exported by any module of the target; vmlinux exports unknown (give --symvers)"));
                    continue;
                }
                findings.Add(new(LoadEffect.Refused, "symbols", $"{moduleName}: Unknown symbol {symbol.Name} (err -2)",
                    "the target kernel does not export this symbol" + (proprietary ? " to non-GPL modules" : string.Empty)));
                continue;
            }
            if (!CheckVersion(symbol.Name, export.Crc))
            {
                findings.Add(new(LoadEffect.Refused, "symbols", $"{moduleName}: Unknown symbol {symbol.Name} (err -22)", null));
                continue;
            }
            if (export.Namespace is { } ns && !imports.Contains(ns))
            {
                findings.Add(new(LoadEffect.Refused, "symbols", $"{moduleName}: module uses symbol ({symbol.Name}) from namespace {ns}, but does not import it.", "add MODULE_IMPORT_NS(" + ns + ")"));
                findings.Add(new(LoadEffect.Refused, "symbols", $"{moduleName}: Unknown symbol {symbol.Name} (err -22)", null));
            }
        }
        return Done();

        // kernel/module/version.c check_version(); false means the symbol is refused.
        bool CheckVersion(string symbol, uint crc)
        {
            if (crc == 0)
                return true;
            if (!hasVersions)
                return ForceLoad(symbol);
            if (!versions.TryGetValue(symbol, out ulong have))
            {
                if (!noVersionWarned)
                    findings.Add(new(LoadEffect.Warning, "modversions", $"{name}: no symbol version for {symbol}", "printed once per load"));
                noVersionWarned = true;
                return true;
            }
            if ((uint)have == crc)
                return true;
            findings.Add(new(LoadEffect.Refused, "modversions", $"{name}: disagrees about version of symbol {symbol}",
                $"module built against CRC 0x{have:x8}, the target exports 0x{crc:x8}"));
            return false;
        }

        // try_to_force_load(): with CONFIG_MODULE_FORCE_LOAD a taint, otherwise -ENOEXEC.
        bool ForceLoad(string reason)
        {
            if (!target.ForceLoadAllowed)
            {
                findings.Add(new(LoadEffect.Refused, "modversions", "(no message) -ENOEXEC: Exec format error",
                    $"{reason}: the module has no version information and the target lacks CONFIG_MODULE_FORCE_LOAD"));
                return false;
            }
            if (!forcedTaintShown)
            {
                findings.Add(new(LoadEffect.Taints, "modversions", $"{moduleName}: {reason}: kernel tainted.", "taint F (forced): no version information to check"));
                LockdepOff();
            }
            forcedTaintShown = true;
            return true;
        }

        // add_taint() with LOCKDEP_NOW_UNRELIABLE (kernel/panic.c): the first such taint of a boot turns lock debugging off, and says so.
        void LockdepOff()
        {
            if (!lockdepOffShown)
                findings.Add(new(LoadEffect.Warning, "taint", "Disabling lock debugging due to kernel taint", "printed once per boot, by the first taint that makes lockdep unreliable (F, P)"));
            lockdepOffShown = true;
        }
    }

    /// <summary>
    /// kernel/module/version.c same_magic(): with CRCs (an SHF_ALLOC __versions) everything from the
    /// first space on is compared, so the kernel release may differ; otherwise the whole string.
    /// </summary>
    public static bool SameMagic(string moduleMagic, string kernelMagic, bool hasCrcs)
    {
        ArgumentNullException.ThrowIfNull(moduleMagic);
        ArgumentNullException.ThrowIfNull(kernelMagic);
        if (hasCrcs)
        {
            moduleMagic = AfterFirstWord(moduleMagic);
            kernelMagic = AfterFirstWord(kernelMagic);
        }
        return string.Equals(moduleMagic, kernelMagic, StringComparison.Ordinal);
    }

    private static string AfterFirstWord(string magic)
    {
        int space = magic.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? string.Empty : magic[space..];
    }

    private static ElfSection? FindAlloc(ElfImage elf, string name) => elf.Sections.FirstOrDefault(s => s.IsAlloc && s.Name == name);

    private static LoadEffect SignatureEffect(KernelTarget target) => target.SignaturePolicy == SignaturePolicy.Enforce ? LoadEffect.Refused : LoadEffect.Taints;

    private static string SignatureDetail(KernelTarget target, string reason) => target.SignaturePolicy == SignaturePolicy.Enforce
        ? $"'Loading of {reason} is rejected'"
        : $"{reason}: loads, taints E";
}
