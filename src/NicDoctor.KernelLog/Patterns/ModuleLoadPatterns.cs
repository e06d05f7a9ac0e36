using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>
/// The module loader's refusals and taints: <c>kernel/module/main.c</c>, <c>kernel/module/version.c</c>,
/// <c>kernel/module/signing.c</c> (older kernels: <c>kernel/module.c</c>), <c>security/lockdown/lockdown.c</c>.
/// </summary>
internal static partial class ModuleLoadPatterns
{
    public static IEnumerable<MessagePattern> All =>
    [
        new("module.no-symbols", KernelEventKind.ModuleLoadFailure, "module has no symbols (stripped?)", NoSymbols(),
            "kernel/module/main.c elf_validity_cache_index_sym() (older kernel/module.c setup_load_info()): pr_warn \"%s: module has no symbols (stripped?)\"")
        { OnFullText = true },
        new("module.version-magic", KernelEventKind.ModuleLoadFailure, "version magic '", VersionMagic(),
            "kernel/module/main.c check_modinfo(): pr_err \"%s: version magic '%s' should be '%s'\"")
        { OnFullText = true },
        new("module.symbol-version-disagrees", KernelEventKind.ModuleLoadFailure, "disagrees about version of symbol", Disagrees(),
            "kernel/module/version.c check_version(): pr_warn \"%s: disagrees about version of symbol %s\"")
        { OnFullText = true },
        new("module.unknown-symbol", KernelEventKind.ModuleLoadFailure, "Unknown symbol", UnknownSymbol(),
            "kernel/module/main.c simplify_symbols(): pr_warn \"%s: Unknown symbol %s (err %d)\"")
        { OnFullText = true },
        new("module.no-module-found", KernelEventKind.ModuleLoadFailure, "No module found in object", NoModuleFound(),
            "kernel/module.c (pre-5.19) setup_load_info(): \"%s: No module found in object\"")
        { OnFullText = true },
        new("module.namespace-not-imported", KernelEventKind.ModuleLoadFailure, "but does not import it", NamespaceNotImported(),
            "kernel/module/main.c verify_namespace_is_imported(): \"%s: module uses symbol (%s) from namespace %s, but does not import it.\"")
        { OnFullText = true },
        new("module.lockdown", KernelEventKind.ModuleLoadFailure, "Lockdown: ", Lockdown(),
            "security/lockdown/lockdown.c lockdown_is_locked_down(): \"Lockdown: %s: %s is restricted; see man kernel_lockdown.7\"")
        { OnFullText = true },
        new("module.signature-rejected", KernelEventKind.ModuleLoadFailure, "Loading of ", Rejected(),
            "kernel/module/signing.c module_sig_check(): pr_notice \"Loading of %s is rejected\"")
        { OnFullText = true },
        new("module.unsigned-taint", KernelEventKind.ModuleTaint, "module verification failed", VerificationFailed(),
            "kernel/module/signing.c module_sig_check() / main.c: pr_notice_once \"%s: module verification failed: signature and/or required key missing - tainting kernel\"")
        { OnFullText = true },
        new("module.out-of-tree-taint", KernelEventKind.ModuleTaint, "loading out-of-tree module taints kernel", OutOfTree(),
            "kernel/module/main.c module_augment_kernel_taints(): \"%s: loading out-of-tree module taints kernel.\"")
        { OnFullText = true },
        new("module.license-taint", KernelEventKind.ModuleTaint, "module license '", License(),
            "kernel/module/main.c set_license(): \"%s: module license '%s' taints kernel.\"")
        { OnFullText = true },
    ];

    [GeneratedRegex(@"^(?<module>[\w-]+|\(missing \.modinfo section or name field\)): module has no symbols \(stripped\?\)", RegexOptions.CultureInvariant)]
    private static partial Regex NoSymbols();

    [GeneratedRegex(@"^(?<module>[\w-]+): version magic '(?<vermagic>[^']*)' should be '(?<expected>[^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex VersionMagic();

    [GeneratedRegex(@"^(?<module>[\w-]+): disagrees about version of symbol (?<symbol>\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex Disagrees();

    [GeneratedRegex(@"^(?<module>[\w-]+): Unknown symbol (?<symbol>\S+) \(err (?<error>-?\d+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex UnknownSymbol();

    [GeneratedRegex(@"^(?<module>[\w-]+): No module found in object", RegexOptions.CultureInvariant)]
    private static partial Regex NoModuleFound();

    [GeneratedRegex(@"^(?<module>[\w-]+): module uses symbol \((?<symbol>[^)]+)\) from namespace (?<namespace>\S+), but does not import it", RegexOptions.CultureInvariant)]
    private static partial Regex NamespaceNotImported();

    [GeneratedRegex(@"^Lockdown: (?<comm>[^:]+): (?<what>.*?module.*?) is restricted; see man kernel_lockdown\.7", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Lockdown();

    [GeneratedRegex(@"^Loading of (?<what>.*module.*) is rejected", RegexOptions.CultureInvariant)]
    private static partial Regex Rejected();

    [GeneratedRegex(@"^(?<module>[\w-]+): module verification failed: signature and/or\s+required key missing - tainting kernel", RegexOptions.CultureInvariant)]
    private static partial Regex VerificationFailed();

    [GeneratedRegex(@"^(?<module>[\w-]+): loading out-of-tree module taints kernel", RegexOptions.CultureInvariant)]
    private static partial Regex OutOfTree();

    [GeneratedRegex(@"^(?<module>[\w-]+): module license '(?<license>[^']*)' taints kernel", RegexOptions.CultureInvariant)]
    private static partial Regex License();
}
