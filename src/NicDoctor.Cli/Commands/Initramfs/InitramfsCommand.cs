using System.CommandLine;

namespace NicDoctor.Cli.Commands.Initramfs;

internal static class InitramfsCommand
{
    public static Command Create(GlobalOptions globals) => CommandAction.NotYetImplemented(
        "initramfs", "Read, verify, extract, repack and diff initramfs images (every layout the kernel accepts)", 4);
}
