using Gateway.OrderEntry.Session;

namespace Gateway.OrderEntry.Tests.Session;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class FixSecretTests
{
    [Fact]
    public void A_file_only_its_owner_can_read_is_accepted_and_others_are_refused()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gw-secret-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(path, "pa55word\n");
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            FixSecret s = FixSecret.FromFile(path);
            Assert.True(s.Matches("pa55word"u8));
            Assert.False(s.Matches("pa55word\n"u8));
            Assert.Equal("***", s.ToString());

            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            UnauthorizedAccessException e = Assert.Throws<UnauthorizedAccessException>(() => FixSecret.FromFile(path));
            Assert.DoesNotContain("pa55word", e.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_environment_is_read_and_an_unset_variable_refused()
    {
        string name = $"GW_TEST_SECRET_{Environment.ProcessId}";
        Environment.SetEnvironmentVariable(name, "env-pw");
        try
        {
            Assert.True(FixSecret.FromEnvironment(name).Matches("env-pw"u8));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }

        Assert.Throws<ArgumentException>(() => FixSecret.FromEnvironment(name));
        Assert.Throws<ArgumentException>(() => FixSecret.FromString("has\u0001soh"));
    }
}
