using System.CommandLine;

namespace NicDoctor.Cli.Commands.Initramfs;

/// <summary><c>nicdoctor initramfs</c>: the initramfs engine: read side (issue #4), write side (issue #8).</summary>
internal static class InitramfsCommand
{
    public static Command Create(GlobalOptions globals)
    {
        var command = new Command("initramfs",
            "Read, verify, create and repack initramfs images: every layout the kernel accepts (early cpio, several compressed parts), in-process")
        {
            ExamineCommand.Create(globals),
            ListCommand.Create(globals),
            ExtractCommand.Create(globals),
            CatCommand.Create(globals),
            VerifyCommand.Create(globals),
            CreateCommand.Create(globals),
            RepackCommand.Create(globals),
            DiffCommand.Create(globals),
            ModulesCommand.Create(globals),
        };
        return command;
    }
}
