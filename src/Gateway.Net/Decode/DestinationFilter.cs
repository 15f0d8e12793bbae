using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;

namespace Gateway.Net.Decode;

/// <summary>
/// The (group, port) pairs a feed handler wants, e.g. the A and B lines of one MoldUDP64 session.
/// A zero address matches any address on that port; a zero port any port at that address. An
/// empty filter accepts everything. Linear scan: real configurations name a handful of lines.
/// </summary>
public sealed class DestinationFilter
{
    private readonly uint[] _addresses;
    private readonly ushort[] _ports;

    public DestinationFilter(IReadOnlyList<(uint Address, ushort Port)> destinations)
    {
        _addresses = new uint[destinations.Count];
        _ports = new ushort[destinations.Count];
        for (int i = 0; i < destinations.Count; i++)
        {
            _addresses[i] = destinations[i].Address;
            _ports[i] = destinations[i].Port;
        }
    }

    public static DestinationFilter AcceptAll { get; } = new([]);

    public int Count => _ports.Length;

    /// <summary>The destination at <paramref name="index"/> as configured (0 = any).</summary>
    public (uint Address, ushort Port) this[int index] => (_addresses[index], _ports[index]);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Matches(uint address, ushort port)
    {
        uint[] addresses = _addresses;
        if (addresses.Length == 0)
        {
            return true;
        }

        ushort[] ports = _ports;
        for (int i = 0; i < addresses.Length; i++)
        {
            if ((addresses[i] == 0 || addresses[i] == address) && (ports[i] == 0 || ports[i] == port))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Parses "233.54.12.111:26477,233.54.12.112:26477", "*:26477" or "233.54.12.111:*".
    /// Throws <see cref="FormatException"/> with the offending item named.
    /// </summary>
    public static DestinationFilter Parse(string text)
    {
        var list = new List<(uint, ushort)>();
        foreach (string raw in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int colon = raw.LastIndexOf(':');
            if (colon <= 0 || colon == raw.Length - 1)
            {
                throw new FormatException($"destination '{raw}' is not ADDRESS:PORT (use * for any)");
            }

            string host = raw[..colon];
            string portText = raw[(colon + 1)..];
            uint address = 0;
            if (host != "*")
            {
                if (!IPAddress.TryParse(host, out IPAddress? ip) || ip.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
                {
                    throw new FormatException($"destination '{raw}': '{host}' is not an IPv4 address");
                }

                address = ToHostOrder(ip);
            }

            ushort port = 0;
            if (portText != "*" && !ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                throw new FormatException($"destination '{raw}': '{portText}' is not a port (0-65535)");
            }

            list.Add((address, port));
        }

        return new DestinationFilter(list);
    }

    public static uint ToHostOrder(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
    }

    public static string FormatAddress(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xFF}.{(address >> 8) & 0xFF}.{address & 0xFF}");
}
