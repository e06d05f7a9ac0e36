using System.Globalization;
using System.Text;

namespace NicDoctor.Upgrade.State;

/// <summary>
/// The append-only journal of one change set on the target, <c>ROOT/var/lib/nicdoctor/changes/ID/journal.tsv</c>:
/// one line per event, <c>TIME\tEVENT\tPATH\tSHA256</c> ("-" when empty), fsynced line by line.
/// apply.sh and rollback.sh write the same lines, so <c>upgrade status</c> reads either.
/// </summary>
public sealed class ChangeJournal
{
    private readonly string _path;
    private readonly Action<int>? _beforeRecord;
    private int _records;

    /// <param name="stateDirectory">The change set's state directory on the target.</param>
    /// <param name="beforeRecord">Fault injection: called with the record's number (1, 2, …, counted
    /// per instance) before each line is written.</param>
    public ChangeJournal(string stateDirectory, Action<int>? beforeRecord = null)
    {
        _path = Path.Join(stateDirectory, ChangeSets.ChangeSetLayout.JournalFile);
        _beforeRecord = beforeRecord;
    }

    public string FilePath => _path;

    public void Append(string @event, string? path = null, string? sha256 = null)
    {
        _beforeRecord?.Invoke(++_records);
        string line = string.Join('\t', DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), @event, path ?? "-", sha256 ?? "-") + "\n";
        using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.Read);
        stream.Write(Encoding.UTF8.GetBytes(line));
        stream.Flush(flushToDisk: true);
    }

    public IReadOnlyList<JournalEntry> Read() => Read(_path);

    public static IReadOnlyList<JournalEntry> Read(string journalPath)
    {
        var entries = new List<JournalEntry>();
        if (!File.Exists(journalPath))
            return entries;
        int number = 0;
        foreach (string line in File.ReadLines(journalPath))
        {
            number++;
            if (line.Length == 0)
                continue;
            string[] fields = line.Split('\t');
            // A kill can leave a torn last line; anything else malformed is an error.
            if (fields.Length != 4)
            {
                if (number == File.ReadLines(journalPath).Count())
                    break;
                throw new InvalidDataException($"{journalPath}: line {number}: expected 4 tab-separated fields, found {fields.Length}");
            }
            entries.Add(new JournalEntry(fields[0], fields[1], fields[2] == "-" ? null : fields[2], fields[3] == "-" ? null : fields[3]));
        }
        return entries;
    }
}

public sealed record JournalEntry(string Time, string Event, string? Path, string? Sha256);
