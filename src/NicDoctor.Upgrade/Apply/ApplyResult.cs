namespace NicDoctor.Upgrade.Apply;

/// <summary>What apply did: steps completed, files written (root-relative, with sha256), notes.</summary>
public sealed record ApplyResult(string Id, string StateDirectory, IReadOnlyList<string> Steps, IReadOnlyList<WrittenFile> Written, IReadOnlyList<string> Notes);

public sealed record WrittenFile(string Path, string Sha256, string? BackupPath);
