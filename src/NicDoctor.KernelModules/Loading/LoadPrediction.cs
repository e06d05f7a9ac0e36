namespace NicDoctor.KernelModules.Loading;

/// <summary>The predicted verdict for one module on one kernel, findings in the order the kernel checks.</summary>
public sealed record LoadPrediction(string Module, string ModuleName, string Target, IReadOnlyList<LoadFinding> Findings)
{
    public bool Loads => Findings.All(f => f.Effect != LoadEffect.Refused);
}
