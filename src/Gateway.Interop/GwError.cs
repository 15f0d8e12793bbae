using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Gateway.Interop;

/// <summary>
/// Turns a negative shim return code into a message or exception. Cold path only: every method is
/// out of line, so a hot caller keeps just a compare and a call on its rare branch.
/// </summary>
public static unsafe class GwError
{
    /// <summary>The calling thread's last shim failure message ("" when none). Read it right after the failing call, on the same thread.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string LastMessage() => Marshal.PtrToStringUTF8((nint)NativeMethods.Sys.LastError()) ?? string.Empty;

    /// <summary>"operation failed (GW_EXXX): shim message".</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string Describe(int code, string operation)
    {
        var detail = LastMessage();
        return detail.Length == 0
            ? $"{operation} failed ({GwStatus.Name(code)})"
            : $"{operation} failed ({GwStatus.Name(code)}): {detail}";
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Throw(int code, string operation) => throw new GwNativeException(code, Describe(code, operation));

    /// <summary>Returns <paramref name="code"/> when it is a success, else throws.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Check(int code, string operation)
    {
        if (code < 0)
        {
            Throw(code, operation);
        }

        return code;
    }
}

/// <summary>A shim call failed; <see cref="Code"/> is the GW_E* value, the message includes gw_last_error().</summary>
public sealed class GwNativeException : Exception
{
    public GwNativeException(int code, string message)
        : base(message) => Code = code;

    public GwNativeException()
    {
    }

    public GwNativeException(string message)
        : base(message)
    {
    }

    public GwNativeException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public int Code { get; }
}

/// <summary>libgwnative.so could not be loaded or is the wrong version. The message says where it looked and how to build it.</summary>
public sealed class NativeUnavailableException : Exception
{
    public NativeUnavailableException()
    {
    }

    public NativeUnavailableException(string message)
        : base(message)
    {
    }

    public NativeUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
