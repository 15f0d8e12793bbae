using System.CommandLine;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Gateway.OrderEntry.Fix;

namespace Gateway.Host;

/// <summary>
/// <c>gw version</c>: what this binary is and what it runs on, one <c>key: value</c> a line (scripts
/// read <c>fix-tokenizer-vector-bits</c> to check which vector path a NativeAOT build takes).
/// </summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the build, the runtime and the vector width the FIX codec uses");
        command.SetAction(_ =>
        {
            string version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.Out.WriteLine($"gw: {version}");
            Console.Out.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription} {RuntimeInformation.RuntimeIdentifier}");
            Console.Out.WriteLine($"native-aot: {(RuntimeFeature.IsDynamicCodeSupported ? "no (JIT)" : "yes")}");
            Console.Out.WriteLine($"fix-tokenizer-vector-bits: {FixVectorWidth.Bits}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
