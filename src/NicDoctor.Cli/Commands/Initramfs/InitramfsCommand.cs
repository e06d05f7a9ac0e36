using System.CommandLine;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary><c>nicdoctor initramfs</c>: the read side of the initramfs engine (issue #4).</summary>
internal static class InitramfsCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("initramfs",
            "Read and verify initramfs images: every layout the kernel accepts (early cpio, several compressed parts), in-process")
        {
            ExamineCommand.Create(globals),
            ListCommand.Create(globals),
            ExtractCommand.Create(globals),
            CatCommand.Create(globals),
            VerifyCommand.Create(globals),
        };
        return command;
    }
}
