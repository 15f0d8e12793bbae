namespace Gateway.Core;

/// <summary>
/// A range of memory the critical path reads or writes: a pool, a table, a ring. Named for the
/// report; <see cref="Start"/> must stay valid (unmanaged, or pinned) for as long as it is locked.
/// </summary>
public readonly unsafe record struct ResidentRegion(string Name, nint Start, nuint Length)
{
    public ResidentRegion(string name, void* start, nuint length)
        : this(name, (nint)start, length)
    {
    }
}
