namespace NicDoctor.KernelModules.Loading;

/// <summary>What the target kernel does with a module that is not validly signed.</summary>
public enum SignaturePolicy
{
    /// <summary>No CONFIG_MODULE_SIG: signatures are ignored.</summary>
    NotChecked,

    /// <summary>CONFIG_MODULE_SIG without enforcement: loads, taints 'E'.</summary>
    Taint,

    /// <summary>CONFIG_MODULE_SIG_FORCE, module.sig_enforce=1 or lockdown (Secure Boot): refused.</summary>
    Enforce,
}
