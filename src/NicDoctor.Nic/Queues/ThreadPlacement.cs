using System.Globalization;

namespace NicDoctor.Nic.Queues;

/// <summary>
/// Where a thread last ran and where it may run: field 39 (<c>processor</c>) of
/// <c>/proc/PID/task/TID/stat</c> and <c>Cpus_allowed_list</c> of its <c>status</c>.
/// </summary>
public sealed record ThreadPlacement(int Pid, int Tid, string Command, int LastCpu, IReadOnlyList<int> AllowedCpus)
{
    /// <summary>Every thread of <paramref name="pid"/> under <paramref name="root"/> (<c>/</c> live).</summary>
    public static IReadOnlyList<ThreadPlacement> ReadProcess(string root, int pid)
    {
        string taskDir = Path.Combine(root, "proc", pid.ToString(CultureInfo.InvariantCulture), "task");
        if (!Directory.Exists(taskDir))
            throw new DirectoryNotFoundException($"process {pid}: not running (no {taskDir})");
        var threads = new List<ThreadPlacement>();
        foreach (string dir in Directory.GetDirectories(taskDir))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out int tid))
                continue;
            string statPath = Path.Combine(dir, "stat");
            string stat;
            string status;
            try
            {
                stat = File.ReadAllText(statPath);
                status = File.ReadAllText(Path.Combine(dir, "status"));
            }
            catch (IOException)
            {
                continue; // the thread exited while we looked
            }
            (string comm, int cpu) = ParseStat(stat, statPath);
            IReadOnlyList<int> allowed = [];
            foreach (string line in status.Split('\n'))
            {
                if (line.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))
                    allowed = Live.CpuSet.ParseList(line["Cpus_allowed_list:".Length..]);
            }
            threads.Add(new ThreadPlacement(pid, tid, comm, cpu, allowed));
        }
        return [.. threads.OrderBy(t => t.Tid)];
    }

    /// <summary>
    /// Command name and field 39 of a stat line. The name is in parentheses and may itself contain
    /// spaces and parentheses, so fields are counted from the last <c>)</c>.
    /// </summary>
    public static (string Command, int LastCpu) ParseStat(string stat, string fileName)
    {
        ArgumentNullException.ThrowIfNull(stat);
        int open = stat.IndexOf('(', StringComparison.Ordinal);
        int close = stat.LastIndexOf(')');
        if (open < 0 || close < open)
            throw Nic.NicFormatException.Create(fileName, 1, "expected 'PID (COMM) STATE …'");
        string[] rest = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        const int processorField = 39, firstFieldAfterComm = 3;
        int index = processorField - firstFieldAfterComm;
        if (rest.Length <= index || !int.TryParse(rest[index], NumberStyles.None, CultureInfo.InvariantCulture, out int cpu))
            throw Nic.NicFormatException.Create(fileName, 1, $"field {processorField} (processor) missing or not a number");
        return (stat[(open + 1)..close], cpu);
    }
}
