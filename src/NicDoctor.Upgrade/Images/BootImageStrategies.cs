namespace NicDoctor.Upgrade.Images;

/// <summary>The strategies by plan.json name.</summary>
public static class BootImageStrategies
{
    public static IBootImageStrategy For(string name) => name switch
    {
        "rebuild" => new RebuildImageStrategy(),
        "inject" => new InjectImageStrategy(),
        _ => throw new ArgumentException($"unknown image strategy '{name}' (rebuild or inject)", nameof(name)),
    };
}
