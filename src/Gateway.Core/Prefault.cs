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
}
