using Gateway.OrderEntry.Tests.Store;

namespace Gateway.OrderEntry.Tests;

/// <summary>
/// The test assembly's entry point (in place of the one the test SDK generates, which does nothing):
/// under the test host it is never called; run as <c>dotnet Gateway.OrderEntry.Tests.dll</c> with the
/// crash child's variables set, it becomes the child <see cref="StoreCrashTests"/> kills.
/// </summary>
public static class TestAssemblyEntryPoint
{
    public static int Main() => StoreCrashChild.RunIfChild() ?? 0;
}
