using System.Security.Cryptography;
using System.Text;

namespace Gateway.OrderEntry.Session;

/// <summary>
/// A secret (a FIX Password, 554) read from a file only its owner can read or from an environment
/// variable, never from the command line (where <c>ps</c> shows it). It prints as "***", so a
/// settings record or a log line that names it does not leak it; the session writes it only into the
/// Logon, which is never journaled.
/// </summary>
public sealed class FixSecret
{
    private readonly byte[] _value;

    private FixSecret(byte[] value) => _value = value;

    /// <summary>The secret's bytes, for the Logon.</summary>
    internal ReadOnlySpan<byte> Bytes => _value;

    public static FixSecret FromString(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length == 0 || value.Any(c => c < ' ' || c > '~'))
        {
            throw new ArgumentException("a FIX secret is 1 or more printable ASCII characters");
        }

        return new FixSecret(Encoding.ASCII.GetBytes(value));
    }

    /// <summary>
    /// The first line of <paramref name="path"/>. Refused when the file can be read or written by its
    /// group or by others (chmod 600 or 400, as ssh asks of its keys).
    /// </summary>
    public static FixSecret FromFile(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            UnixFileMode mode = File.GetUnixFileMode(path);
            const UnixFileMode Others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
                UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & Others) != 0)
            {
                throw new UnauthorizedAccessException($"{path} can be read or written by others (mode {Convert.ToString((int)mode, 8)}); chmod 600 it");
            }
        }

        string text = File.ReadAllText(path);
        int end = text.IndexOfAny(['\r', '\n']);
        return FromString(end < 0 ? text : text[..end]);
    }

    /// <summary>The value of environment variable <paramref name="name"/>; throws when it is not set.</summary>
    public static FixSecret FromEnvironment(string name) =>
        FromString(Environment.GetEnvironmentVariable(name) is { Length: > 0 } v ? v : throw new ArgumentException($"environment variable {name} is not set"));

    /// <summary>Compares in constant time (no early exit that would time the secret).</summary>
    public bool Matches(ReadOnlySpan<byte> candidate) => CryptographicOperations.FixedTimeEquals(_value, candidate);

    public override string ToString() => "***";
}
