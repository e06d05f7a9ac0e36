namespace NicDoctor.KernelLog.Framing;

/// <summary>How one log line wraps the kernel's message text. Detected per line, so mixed files work.</summary>
public enum LogFraming
{
    /// <summary>No recognised prefix: the line is message text (or a continuation line).</summary>
    Bare,

    /// <summary><c>dmesg</c>: <c>[ 1234.567890] text</c> (also <c>dmesg -r</c> <c>&lt;6&gt;[…]</c>).</summary>
    DmesgRaw,

    /// <summary><c>dmesg -T</c>: <c>[Thu Nov  5 16:44:42 2020] text</c>.</summary>
    DmesgHuman,

    /// <summary><c>dmesg --time-format iso</c>: <c>2019-03-08T16:47:12,290474+0000 text</c>.</summary>
    DmesgIso,

    /// <summary>BSD syslog / <c>journalctl -k</c> short / short-precise: <c>Nov  5 16:44:42 host kernel: text</c>.</summary>
    Syslog,

    /// <summary>ISO-stamped syslog / <c>journalctl -o short-iso</c>: <c>2022-11-04T14:09:31+01:00 host kernel: text</c>.</summary>
    SyslogIso,

    /// <summary>RFC 5424: <c>&lt;4&gt;1 2024-01-01T00:00:00Z host kernel - - - text</c>.</summary>
    Rfc5424,

    /// <summary>OpenWrt <c>logread</c>: <c>Tue Feb 28 10:08:36 2023 kern.warn kernel: text</c>.</summary>
    Logread,

    /// <summary><c>journalctl -o json</c>: one JSON object per line.</summary>
    JournalJson,

    /// <summary><c>/dev/kmsg</c>: <c>6,1234,5678,-;text</c>.</summary>
    Kmsg,

    /// <summary><c>/dev/kmsg</c> continuation line: <c> SUBSYSTEM=net</c>, <c> DEVICE=n2</c>.</summary>
    KmsgContinuation,
}
