using System.Runtime.Intrinsics;

namespace Gateway.OrderEntry.Fix;

/// <summary>
/// The vector width the FIX tokenizer and checksum take on this process: 512 (Vector512), 256
/// (Vector256), 128 (Vector128) or 0 (scalar), decided by the CPU, by the instruction set a NativeAOT
/// build was compiled for, and by the runtime's <c>DOTNET_EnableAVX512F=0</c> / <c>DOTNET_EnableAVX2=0</c>
/// switches (which is how the tests run the narrower paths on a wide machine).
/// </summary>
public static class FixVectorWidth
{
    public static int Bits =>
        Vector512.IsHardwareAccelerated ? 512
        : Vector256.IsHardwareAccelerated ? 256
        : Vector128.IsHardwareAccelerated ? 128
        : 0;
}
