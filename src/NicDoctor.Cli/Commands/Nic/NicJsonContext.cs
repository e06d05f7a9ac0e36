using System.Text.Json.Serialization;
using NicDoctor.Nic;
using NicDoctor.Nic.Sampling;

namespace NicDoctor.Cli.Commands.Nic;

/// <summary>JSON shape of <c>nic queues</c>: the map plus, with --cpu/--pid, the queue each sender uses.</summary>
internal sealed record NicQueuesResult(string Interface, IReadOnlyList<NicQueueRow> Queues, IReadOnlyList<NicSenderChoice> Senders);

/// <summary>One tx queue of the map, flattened for output.</summary>
internal sealed record NicQueueRow(int Queue, IReadOnlyList<int>? XpsCpus, IReadOnlyList<int>? XpsRxqs, IReadOnlyList<NicQueueIrq> Irqs, ulong? TxTimeout, ulong? BqlInflight, IReadOnlyList<int>? RxRpsCpus);

internal sealed record NicQueueIrq(int Irq, string Name, IReadOnlyList<int> AffinityCpus);

/// <summary>A sender (a CPU, or a thread and the CPU it last ran on) and the tx queue it uses.</summary>
internal sealed record NicSenderChoice(int? Pid, int? Tid, string? Command, int Cpu, IReadOnlyList<int>? AllowedCpus, string Rule, IReadOnlyList<int> Queues, string Explanation)
{
    /// <summary>Queues the thread may use if the scheduler moves it within its allowed CPUs.</summary>
    public IReadOnlyList<int>? QueuesIfMigrated { get; init; }
}

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(IReadOnlyList<NicFacts>))]
[JsonSerializable(typeof(NicStatsReport))]
[JsonSerializable(typeof(NicQueuesResult))]
internal sealed partial class NicJsonContext : JsonSerializerContext;
