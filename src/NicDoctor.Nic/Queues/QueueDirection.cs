namespace NicDoctor.Nic.Queues;

/// <summary>Which half of a queue pair a counter belongs to.</summary>
public enum QueueDirection
{
    Rx,
    Tx,
}
