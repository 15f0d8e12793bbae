using System.Security.Cryptography;
using System.Text.Json;
using Gateway.Engine.Output;

namespace Gateway.Host.Tests.Output;

/// <summary>
/// Issue 11, defects 3, 6, 9 and part of 10: outputs that destroyed inputs, a full disk that printed
/// a stack trace, a failed or interrupted replay that wrote its books as if complete, a directory
/// given as the capture.
/// </summary>
public sealed class OutputFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Capture()
    {
        string path = _dir.File("c.pcap");
        File.Copy(Repo.Pcap("itch-ab.pcap"), path, overwrite: true);
        return path;
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    private static void AssertOneLineFailure(GwProcess.Result run, int exitCode, string messagePart)
    {
        Assert.True(run.ExitCode == exitCode, run.ToString());
        Assert.Contains(messagePart, run.StdErr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", run.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--payloads-out")]
    [InlineData("--stats-out")]
    [InlineData("--book-out")]
    public void An_output_that_is_the_capture_is_refused_and_the_capture_kept(string option)
    {
        string capture = Capture();
        string before = Hash(capture);
        AssertOneLineFailure(GwProcess.Run("replay", capture, option, capture, "--cpu", "-1"), 1, "is the input");
        Assert.Equal(before, Hash(capture));

        // Through a symbolic link too.
        string link = _dir.File("link.pcap");
        File.CreateSymbolicLink(link, capture);
        AssertOneLineFailure(GwProcess.Run("replay", capture, option, link, "--cpu", "-1"), 1, "is the input");
        Assert.Equal(before, Hash(capture));
    }

    [Fact]
    public void Two_outputs_naming_one_file_are_refused()
    {
        string same = _dir.File("x.out");
        AssertOneLineFailure(GwProcess.Run("replay", Capture(), "--stats-out", same, "--book-out", same, "--cpu", "-1"), 1, "both name");
        Assert.False(File.Exists(same));
        AssertOneLineFailure(GwProcess.Run("gen", "itch", "--out", same, "--binary-out", same, "--messages", "10"), 1, "both name");
    }

    [Fact]
    public void Outputs_appear_whole_under_their_names_and_no_temporary_file_is_left()
    {
        string stats = _dir.File("s.json");
        string book = _dir.File("b.csv");
        string payloads = _dir.File("p.bin");
        File.WriteAllText(book, "old contents");
        GwProcess.Result run = GwProcess.Run("replay", Capture(), "--stats-out", stats, "--book-out", book, "--payloads-out", payloads, "--cpu", "-1", "-q");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(File.ReadAllText(Repo.Pcap("itch-ab.book.csv")), File.ReadAllText(book));
        Assert.True(GwProcess.ReadJson(stats).GetProperty("complete").GetBoolean());
        Assert.True(new FileInfo(payloads).Length > 0);
        Assert.Empty(Directory.GetFiles(_dir.Path, ".*.tmp"));
    }

    /// <summary><c>gw gen</c> killed part way used to leave a partial capture under the final name.</summary>
    [Fact]
    public void A_killed_generator_leaves_no_partial_capture_under_the_final_name()
    {
        string pcap = _dir.File("big.pcap");
        using LiveProcess gen = LiveProcess.Gw("gen", "itch", "--out", pcap, "--messages", "50000000", "--lines", "2");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!Directory.GetFiles(_dir.Path, ".big.pcap.*.tmp").Any(f => new FileInfo(f).Length > 1 << 20) && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            Assert.False(gen.HasExited, "the generator ended before it was killed\n" + gen);
            Thread.Sleep(20);
        }

        gen.KillHard();
        Assert.False(File.Exists(pcap), "a partial capture is under the final name");
        Assert.NotEmpty(Directory.GetFiles(_dir.Path, ".big.pcap.*.tmp")); // where the work was (TempDir removes it)
    }

    /// <summary>Defect 6: a full disk printed a stack trace.</summary>
    [Theory]
    [InlineData("--payloads-out")]
    [InlineData("--stats-out")]
    [InlineData("--book-out")]
    public void A_full_disk_is_one_line_and_exit_7(string option)
    {
        AssertOneLineFailure(GwProcess.Run("replay", Capture(), option, "/dev/full", "--cpu", "-1", "-q"), 7, "No space left on device");
    }

    [Fact]
    public void Standard_output_on_a_full_disk_is_one_line_and_exit_7()
    {
        GwProcess.Result run = GwProcess.RunProgram("/bin/sh", ["-c", $"exec dotnet '{GwProcess.GwDll}' replay '{Capture()}' --cpu -1 > /dev/full"]);
        AssertOneLineFailure(run, 7, "No space left on device");
        Assert.Single(run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Defect 9: a replay stopped by damage in the capture wrote --book-out as if complete.</summary>
    [Fact]
    public void A_replay_stopped_by_a_damaged_capture_does_not_write_its_books()
    {
        string cut = _dir.File("cut.pcap");
        byte[] bytes = File.ReadAllBytes(Repo.Pcap("itch-ab.pcap"));
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        string book = _dir.File("b.csv");
        string stats = _dir.File("s.json");
        GwProcess.Result run = GwProcess.Run("replay", cut, "--book-out", book, "--stats-out", stats, "--cpu", "-1", "-q");
        AssertOneLineFailure(run, 2, "--book-out");
        Assert.Contains("not written", run.StdErr);
        Assert.False(File.Exists(book));
        JsonElement json = GwProcess.ReadJson(stats);
        Assert.False(json.GetProperty("complete").GetBoolean());
        Assert.True(json.GetProperty("packets").GetInt64() > 0);
    }

    /// <summary>Defect 9: Ctrl+C during a replay exited 130 with no summary and no statistics.</summary>
    [Fact]
    public void Ctrl_c_during_a_replay_reports_what_was_measured_marked_interrupted()
    {
        string capture = _dir.File("long.pcap");
        GwProcess.Result gen = GwProcess.Run("gen", "itch", "--out", capture, "--messages", "1000000", "--rate", "100000");
        Assert.True(gen.ExitCode == 0, gen.ToString());
        string stats = _dir.File("s.json");
        string book = _dir.File("b.csv");
        using LiveProcess replay = LiveProcess.Gw("replay", capture, "--pace", "recorded", "--stats-out", stats, "--book-out", book, "--cpu", "-1", "--no-progress");
        // Its Ctrl+C handler is in place once it says it is replaying (a fixed sleep lost the race under load: exit 130, nothing reported).
        replay.WaitFor(_ => replay.StdErr.Contains("Ctrl+C stops it", StringComparison.Ordinal), "the paced replay to start");
        Assert.False(replay.HasExited, replay.ToString());
        replay.Interrupt();
        Assert.Equal(130, replay.WaitForExit(30));
        Assert.Contains("interrupted", replay.StdOut);
        Assert.Contains("packets", replay.StdOut);
        JsonElement json = GwProcess.ReadJson(stats);
        Assert.True(json.GetProperty("interrupted").GetBoolean());
        Assert.False(json.GetProperty("complete").GetBoolean());
        Assert.True(json.GetProperty("packets").GetInt64() > 0);
        Assert.False(File.Exists(book));
        Assert.Contains("not written", replay.StdErr);
    }

    /// <summary>Defect 10: a directory given as the capture said "capture not found".</summary>
    [Fact]
    public void A_directory_as_the_capture_is_named_as_such()
    {
        AssertOneLineFailure(GwProcess.Run("replay", _dir.Path), 1, "is a directory");
    }

    [Fact]
    public void Check_compares_files_not_names()
    {
        string input = _dir.File("in.pcap");
        File.WriteAllText(input, "x");
        string hard = _dir.File("hard.pcap");
        Assert.Equal(0, GwProcess.RunProgram("/bin/ln", [input, hard]).ExitCode);
        Assert.Contains("is the input", OutputFiles.Check([input], [("--stats-out", hard)]));
        Assert.Contains("is the input", OutputFiles.Check([input], [("--x", Path.Combine(_dir.Path, ".", "in.pcap"))]));
        Assert.Null(OutputFiles.Check([input], [("--a", "/dev/null"), ("--b", "/dev/null"), ("--c", _dir.File("out"))]));
        Assert.Contains("is a directory", OutputFiles.Check([], [("--a", _dir.Path)]));
        Assert.Contains("does not exist", OutputFiles.Check([], [("--a", _dir.File("no/such/x"))]));
    }
}
