namespace NicDoctor.Nic.Text;

/// <summary>Reads a text capture line by line, remembering the 1-based line number for error messages.</summary>
internal static class NumberedLines
{
    public static IEnumerable<(int Number, string Text)> Read(TextReader reader)
    {
        int number = 0;
        while (reader.ReadLine() is { } line)
            yield return (++number, line);
    }
}
