using System.Runtime.InteropServices;

namespace Gateway.Core;

/// <summary>
/// Start-up helper for tables the critical path writes: a large array fresh from the runtime is
/// address space whose pages the kernel maps on first touch, a page fault of microseconds in the
/// middle of an order. Writing the whole array once at start-up takes those faults before the
/// first packet.
/// </summary>
public static class Prefault
{
    /// <summary>Touches every page of <paramref name="array"/> (it stays all zeros).</summary>
    public static T[] Touch<T>(T[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        Array.Clear(array);
        return array;
    }

    /// <summary>
    /// A zeroed, touched array on the pinned object heap: it never moves, so its range can be locked
    /// into RAM at start-up (<see cref="RegionOf"/>).
    /// </summary>
    public static T[] PinnedTable<T>(int length)
        where T : unmanaged => Touch(GC.AllocateArray<T>(length, pinned: true));

    /// <summary>The memory of a pinned array (<see cref="PinnedTable"/>), for the start-up report and mlock.</summary>
    public static ResidentRegion RegionOf<T>(string name, T[] pinned)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(pinned);
        return pinned.Length == 0
            ? new ResidentRegion(name, 0, 0)
            : new ResidentRegion(name, Marshal.UnsafeAddrOfPinnedArrayElement(pinned, 0), (nuint)((long)pinned.Length * Marshal.SizeOf<T>()));
    }
}
