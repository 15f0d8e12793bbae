using System.Text;

namespace Gateway.OrderEntry.Store;

/// <summary>
/// The identity of a FIX session as the store sees it: BeginString, SenderCompID, TargetCompID.
/// </summary>
public readonly record struct FixSessionId(string BeginString, string SenderCompId, string TargetCompId)
{
    private const int MaxDirectoryNameBytes = 200;

    public override string ToString() => $"{BeginString}:{SenderCompId}->{TargetCompId}";

    /// <summary>
    /// The session's directory name: the three parts joined by '-', every byte of their UTF-8 form
    /// outside [A-Za-z0-9.] written as %XX (so '-', '/', '%' and ".." can neither split, escape nor
    /// collide: distinct sessions always get distinct names). Throws <see cref="ArgumentException"/>
    /// for an empty part or a name over 200 bytes.
    /// </summary>
    public string DirectoryName
    {
        get
        {
            var sb = new StringBuilder();
            Append(sb, BeginString, nameof(BeginString));
            sb.Append('-');
            Append(sb, SenderCompId, nameof(SenderCompId));
            sb.Append('-');
            Append(sb, TargetCompId, nameof(TargetCompId));
            if (sb.Length > MaxDirectoryNameBytes)
            {
                throw new ArgumentException($"FIX session {this}: the directory name would be {sb.Length} bytes (at most {MaxDirectoryNameBytes})");
            }

            return sb.ToString();
        }
    }

    private static void Append(StringBuilder sb, string? part, string name)
    {
        if (string.IsNullOrEmpty(part))
        {
            throw new ArgumentException($"FIX session identity: {name} is empty", name);
        }

        foreach (byte b in Encoding.UTF8.GetBytes(part))
        {
            bool plain = b is (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'a' and <= (byte)'z') or (>= (byte)'0' and <= (byte)'9') or (byte)'.';
            if (plain)
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
