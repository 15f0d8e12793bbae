using System.Runtime.CompilerServices;
using Gateway.Interop;

namespace Gateway.Net.Sources;

/// <summary>
/// An <see cref="IPacketSource"/> over a Solarflare/AMD NIC through ef_vi (OpenOnload's user-level
/// VI). The shim contains this backend only when it was built where the etherfabric headers exist;
/// otherwise opening throws a <see cref="PacketSourceException"/> that says so.
/// </summary>
/// <remarks>
/// Descriptors point into the VI's registered packet buffers (after the NIC's rx prefix) until
/// <see cref="Release"/> reposts them to the rx ring. Timestamps are TSC-derived. Receive/Release from
/// one thread only.
/// </remarks>
public sealed unsafe class EfviSource : IPacketSource
{
    public const string NotBuiltMessage = "ef_vi backend not built: etherfabric headers were not found at build time";

    private readonly EfviHandle _handle;
    private readonly nint _raw;
    private bool _disposed;

    /// <summary>Opens a VI on <paramref name="interfaceName"/> with <paramref name="buffers"/> rx buffers (0 = the ring's capacity).</summary>
    /// <exception cref="PacketSourceException">The backend is not built, the interface is not a Solarflare one, or filters could not be installed.</exception>
    public EfviSource(string interfaceName, uint buffers = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(interfaceName);
        try
        {
            GwNative.EnsureLoaded();
        }
        catch (NativeUnavailableException ex)
        {
            throw new PacketSourceException(ex.Message, ex);
        }

        if (NativeMethods.Efvi.Available() != 1)
        {
            throw new PacketSourceException(NotBuiltMessage);
        }

        var rc = NativeMethods.Efvi.Open(interfaceName, buffers, out var handle);
        if (rc < 0)
        {
            handle.Dispose();
            throw new PacketSourceException(GwError.Describe(rc, $"opening ef_vi on '{interfaceName}'"));
        }

        _handle = handle;
        var added = false;
        _handle.DangerousAddRef(ref added);
        _raw = _handle.DangerousGetHandle();
        Description = $"ef_vi {interfaceName}";
    }

    public string Description { get; }

    public LinkKind Link => LinkKind.Ethernet;

    public SourceState State => SourceState.Active;

    public string? FailureMessage => null;

    public long ProgressBytes => -1;

    public long TotalBytes => -1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Receive(PacketDescriptor* descriptors, int max)
    {
        var n = NativeMethods.Efvi.RxBurst(_raw, descriptors, max);
        if (n < 0)
        {
            GwError.Throw(n, $"{Description} rx burst");
        }

        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Release(PacketDescriptor* descriptors, int count)
    {
        var rc = NativeMethods.Efvi.Release(_raw, descriptors, count);
        if (rc < 0)
        {
            GwError.Throw(rc, $"{Description} release");
        }
    }

    /// <summary>Copies and sends a frame; false when every tx buffer is still in flight.</summary>
    public bool TrySend(ReadOnlySpan<byte> frame)
    {
        int rc;
        fixed (byte* p = frame)
        {
            rc = NativeMethods.Efvi.Tx(_raw, p, (uint)frame.Length);
        }

        if (rc == GwStatus.TryAgain)
        {
            return false;
        }

        GwError.Check(rc, $"{Description} tx");
        return true;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _handle.DangerousRelease();
        _handle.Dispose();
    }
}
