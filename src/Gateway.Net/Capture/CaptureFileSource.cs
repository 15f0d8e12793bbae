using System.Runtime.CompilerServices;
using Gateway.Core;
using Gateway.Interop;
using Gateway.Net.Sources;

namespace Gateway.Net.Capture;

/// <summary>
/// A capture file as a packet source: pcap, pcapng or NASDAQ BinaryFILE, plain (memory-mapped, the
/// descriptors point into the mapping) or gzip-compressed (decompressed into a reusable buffer).
/// Open it with <see cref="CaptureFile.Open"/>.
/// </summary>
/// <remarks>
/// Both backings expose a window <c>[_window + _pos, _window + _end)</c> to the same format parser.
/// The mapped window is the whole file; the gzip window is refilled (after the batch that points
/// into it was released) when the parser stops on a record the window cuts.
/// </remarks>
public sealed unsafe partial class CaptureFileSource : IPacketSource
{
    private readonly CaptureParser _parser;
    private byte* _window;
    private long _pos;
    private long _end;
    private bool _endOfInput;
    private SourceState _state;
    private string? _failureMessage;
    private bool _disposed;
#if GW_CHECKED
    private int _outstanding;
#endif

    public string Description { get; }

    /// <summary>The record format (gzip is a property of the file, see <see cref="IsCompressed"/>).</summary>
    public CaptureFormat Format { get; }

    public bool IsCompressed => _gzip is not null;

    public LinkKind Link { get; }

    public SourceState State => _state;

    public string? FailureMessage => _failureMessage;

    /// <summary>Bytes of the file consumed (compressed bytes for gzip).</summary>
    public long ProgressBytes => _gzip is null ? _pos : _gzip.CompressedPosition;

    public long TotalBytes { get; }

    /// <summary>
    /// The coarsest timestamp step of the capture so far, in ns (1000 for µs pcap, 1 for ns pcap, a
    /// pcapng interface's if_tsresol); 0 for BinaryFILE, which has no timestamps.
    /// </summary>
    public long TimestampResolutionNs => _parser.TimestampResolutionNs;

    /// <summary>The source failed because the file ends inside a record (a cut capture), not on corrupt bytes.</summary>
    public bool FailedOnTruncation { get; private set; }

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Receive(PacketDescriptor* descriptors, int max)
    {
        if (_state != SourceState.Active)
        {
            return 0;
        }

#if GW_CHECKED
        if (_outstanding != 0)
        {
            ThrowHelper.InvalidOperation("Receive called before the previous batch was released");
        }
#endif

        int n = _parser.Parse(_window, ref _pos, _end, descriptors, max);
        if (n == 0)
        {
            n = ReceiveSlow(descriptors, max);
        }

#if GW_CHECKED
        _outstanding = n;
#endif
        return n;
    }

    /// <inheritdoc/>
    /// <remarks>Nothing to give back: the bytes belong to the mapping or the buffer, which the next
    /// <see cref="Receive"/> may refill.</remarks>
    public void Release(PacketDescriptor* descriptors, int count)
    {
#if GW_CHECKED
        if (count != _outstanding)
        {
            ThrowHelper.InvalidOperation("Release must return the whole batch Receive handed out");
        }

        _outstanding = 0;
#endif
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _state = _state == SourceState.Active ? SourceState.Finished : _state;
        _window = null;
        DisposeMapping();
        _gzip?.Dispose();
    }

    /// <summary>An empty batch: the end of input, bad input, or a gzip window to refill.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ReceiveSlow(PacketDescriptor* descriptors, int max)
    {
        while (true)
        {
            switch (_parser.Status)
            {
                case ParseStatus.Error:
                    Fail(_parser.ErrorMessage ?? "corrupt capture");
                    return 0;
                case ParseStatus.NeedMore:
                    long remain = _end - _pos;
                    if (_endOfInput)
                    {
                        if (_inputError is not null)
                        {
                            Fail(_inputError);
                        }
                        else if (remain == 0)
                        {
                            _state = SourceState.Finished;
                        }
                        else
                        {
                            FailedOnTruncation = true;
                            Fail(_parser.TruncationMessage(remain));
                        }

                        return 0;
                    }

                    if (!Refill(_parser.NeedBytes))
                    {
                        return 0;
                    }

                    int n = _parser.Parse(_window, ref _pos, _end, descriptors, max);
                    if (n != 0)
                    {
                        return n;
                    }

                    break;
                default:
                    return 0; // max was 0
            }
        }
    }

    private void Fail(string message)
    {
        _failureMessage = message;
        _state = SourceState.Failed;
    }
}
