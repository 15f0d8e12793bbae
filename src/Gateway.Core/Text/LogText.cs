using System.Globalization;
using System.Text;

namespace Gateway.Core.Text;

/// <summary>
/// Makes text from outside (a peer's CompID, a Logout's Text, a file name) safe to write into a log
/// line: every control character (below 0x20, and 0x7F) and every character outside printable ASCII
/// is written as <c>\xNN</c> (or <c>\u{NNNN}</c>), so a peer can neither end the line and forge the
/// next one nor send terminal escape sequences. Printable ASCII, backslash included, is kept as it is.
/// </summary>
public static class LogText
{
    /// <summary><paramref name="text"/> with every unsafe character escaped; the same instance when there is none.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int first = IndexOfUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        sb.Append(text, 0, first);
        for (int i = first; i < text.Length; i++)
        {
            char c = text[i];
            if (IsSafe(c))
            {
                sb.Append(c);
            }
            else if (c <= 0xFF)
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}");
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\u{{{(int)c:x4}}}");
            }
        }

        return sb.ToString();
    }

    /// <summary>Bytes from the wire as log text: each byte outside printable ASCII becomes <c>\xNN</c>.</summary>
    public static string Escape(ReadOnlySpan<byte> bytes) => Escape(Encoding.Latin1.GetString(bytes));

    private static bool IsSafe(char c) => c is >= ' ' and <= '~';

    private static int IndexOfUnsafe(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (!IsSafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
