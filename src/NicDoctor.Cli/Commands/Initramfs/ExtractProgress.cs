using System.Runtime.Versioning;
using NicDoctor.Cli.Rendering;
using NicDoctor.Initramfs.Extract;
using NicDoctor.Initramfs.Image;
using Spectre.Console;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary>
/// The extract progress bar: image bytes read of the image size, on stderr, and only when stderr
/// is a terminal and the output is for humans (never with --json or when redirected).
/// </summary>
[UnsupportedOSPlatform("windows")]
internal static class ExtractProgress
{
    public static ExtractResult Run(Output output, InitramfsImage image, InitramfsExtractor extractor)
    {
        if (output.Json || !ReferenceEquals(output.Stderr, Console.Error) || Console.IsErrorRedirected || image.Length is not > 0)
            return extractor.Extract(image);
        IAnsiConsole terminal = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(Console.Error),
            Ansi = AnsiSupport.Detect,
            ColorSystem = output.Color ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
        });
        return terminal.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new DownloadedColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(Markup.Escape(image.SourceName), maxValue: image.Length.Value);
                ExtractResult result = extractor.Extract(image, new TaskProgress(task));
                task.Value = task.MaxValue;
                return result;
            });
    }

    /// <summary>Reports on the extracting thread; <see cref="Progress{T}"/> would post to the thread pool.</summary>
    private sealed class TaskProgress(ProgressTask task) : IProgress<long>
    {
        public void Report(long value) => task.Value = value;
    }
}
