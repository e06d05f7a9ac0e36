using System.Globalization;

namespace NicDoctor.Nic.Tests;

/// <summary><c>nic watch</c> in a real terminal: tmux runs it, the test reads the screen and presses q.</summary>
public class WatchTmuxTests
{
    [Fact]
    public void Watch_shows_the_queues_and_quits_on_q()
    {
        string? ifName = new Live.SysfsNetReader("/").InterfaceNames().FirstOrDefault(n => Tool.Run("ethtool", "-S", n).ExitCode == 0);
        if (ifName is null)
            Assert.Skip("no interface with statistics");
        string session = "nd-watch-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        string exitFile = Path.Combine(Path.GetTempPath(), session + ".exit");
        File.Delete(exitFile);
        Tool.Output("tmux", "new-session", "-d", "-s", session, "-x", "120", "-y", "40",
            $"{TestPaths.Cli} nic watch {ifName} --interval 200ms; echo $? > {exitFile}; sleep 30");
        try
        {
            string screen = WaitForScreen(session, s => s.Contains("q quit", StringComparison.Ordinal) && s.Contains("verdict", StringComparison.Ordinal));
            Assert.Contains($"{ifName} per-queue rates", screen, StringComparison.Ordinal);
            Assert.Matches(@"│\s+0\s+│", screen); // queue 0's row

            Tool.Output("tmux", "send-keys", "-t", session, "i");
            WaitForScreen(session, s => s.Contains("i show idle queues", StringComparison.Ordinal));

            Tool.Output("tmux", "send-keys", "-t", session, "q");
            for (int i = 0; i < 100 && !File.Exists(exitFile); i++)
                Thread.Sleep(50);
            Assert.Equal("0", File.ReadAllText(exitFile).Trim());
            // The alternate screen is left: the shell's screen is back, without the live table.
            Assert.DoesNotContain("q quit", Tool.Output("tmux", "capture-pane", "-p", "-t", session), StringComparison.Ordinal);
        }
        finally
        {
            Tool.Run("tmux", "kill-session", "-t", session);
            File.Delete(exitFile);
        }
    }

    private static string WaitForScreen(string session, Func<string, bool> ready)
    {
        string screen = "";
        for (int i = 0; i < 200; i++)
        {
            screen = Tool.Output("tmux", "capture-pane", "-p", "-t", session);
            if (ready(screen))
                return screen;
            Thread.Sleep(50);
        }
        throw new TimeoutException("watch screen never showed up:\n" + screen);
    }
}
