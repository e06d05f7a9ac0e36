namespace NicDoctor.Cli.Tests;

public class ErrorReporterTests
{
    [Fact]
    public void Format_error_prints_its_message_on_one_line_with_exit_2()
    {
        var stderr = new StringWriter();
        int code = ErrorReporter.Report(
            new InvalidDataException("initrd.img: offset 0x1a2b4: invalid cpio magic '07x701'\nexpected 070701"), stderr, verbose: false);
        Assert.Equal(2, code);
        Assert.Equal("nicdoctor: initrd.img: offset 0x1a2b4: invalid cpio magic '07x701' expected 070701\n", stderr.ToString());
    }

    [Fact]
    public void Unexpected_error_is_one_line_without_stack_unless_verbose()
    {
        var quiet = new StringWriter();
        Assert.Equal(1, ErrorReporter.Report(new InvalidOperationException("boom"), quiet, verbose: false));
        Assert.Equal("nicdoctor: internal error: InvalidOperationException: boom\n", quiet.ToString());

        var loud = new StringWriter();
        ErrorReporter.Report(new InvalidOperationException("boom"), loud, verbose: true);
        Assert.True(loud.ToString().Split('\n').Length > 2);
    }

    [Fact]
    public void Broken_pipe_is_silent()
    {
        var stderr = new StringWriter();
        Assert.Equal(141, ErrorReporter.Report(new IOException("Broken pipe"), stderr, verbose: false));
        Assert.Equal("", stderr.ToString());
    }
}
