using System.Text.RegularExpressions;

namespace NicDoctor.KernelLog.Patterns;

/// <summary>
/// One row of the data-driven message table: a kernel format string turned into a regex, the
/// literal <see cref="Anchor"/> that must appear before the regex is tried (the prefilter), and
/// where the format string lives in the kernel (<see cref="Source"/>).
/// </summary>
/// <remarks>
/// Named groups carry the facts: <c>iface</c>, <c>driver</c>, <c>queue</c>, <c>ms</c>, <c>usecs</c>,
/// <c>cpu</c> and <c>module</c> fill the event's own properties; any other group goes to
/// <see cref="KernelEvent.Fields"/> under its name.
/// </remarks>
internal sealed record MessagePattern(
    string Id,
    KernelEventKind Kind,
    string Anchor,
    Regex Regex,
    string Source)
{
    /// <summary>Driver to assume when the line's device prefix names none (e.g. a bare i40e format).</summary>
    public string? Driver { get; init; }

    /// <summary>The message opens a multi-line register dump (<c>Detected Tx Unit Hang</c>) to collect.</summary>
    public bool StartsDump { get; init; }

    /// <summary>
    /// Match against the whole message text instead of the text after the device prefix: the
    /// module loader's <c>"%s: …"</c> prefix is the module name, which the regex captures itself.
    /// </summary>
    public bool OnFullText { get; init; }
}
