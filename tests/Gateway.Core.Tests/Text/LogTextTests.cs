using Gateway.Core.Text;

namespace Gateway.Core.Tests.Text;

public class LogTextTests
{
    [Fact]
    public void Printable_ascii_is_kept_as_the_same_instance()
    {
        const string plain = "LOGON sender=GATEWAY target=VENUE \\ ~";
        Assert.Same(plain, LogText.Escape(plain));
    }

    [Theory]
    [InlineData("A\nLOGON sender=VENUE", "A\\x0aLOGON sender=VENUE")]
    [InlineData("\r\t\u001b[31mred", "\\x0d\\x09\\x1b[31mred")]
    [InlineData("del\u007f", "del\\x7f")]
    [InlineData("é", "\\xe9")]
    [InlineData("\u202e", "\\u{202e}")]
    public void Control_and_non_ascii_characters_are_escaped(string text, string expected) => Assert.Equal(expected, LogText.Escape(text));

    [Fact]
    public void Bytes_are_escaped_one_by_one()
    {
        Assert.Equal("EVIL\\x0a\\x1b\\xff", LogText.Escape("EVIL\n\u001b"u8.ToArray().Append((byte)0xFF).ToArray()));
    }
}
