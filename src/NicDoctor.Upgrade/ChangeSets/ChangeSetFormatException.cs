namespace NicDoctor.Upgrade.ChangeSets;

/// <summary>A change set whose files are missing or malformed; the message names the file.</summary>
public static class ChangeSetFormatException
{
    public static InvalidDataException Create(string file, string problem) => new($"{file}: {problem}");
}
