namespace Gateway.OrderEntry.Fix;

/// <summary>
/// MsgType (35) values of FIX 4.4 that the engine sends or acts on. Every one of them is a single
/// character: <see cref="Code"/> holds the same values as bytes for switches over
/// <see cref="CodeOf"/>.
/// </summary>
public static class FixMsgType
{
    public const string Heartbeat = "0";
    public const string TestRequest = "1";
    public const string ResendRequest = "2";
    public const string Reject = "3";
    public const string SequenceReset = "4";
    public const string Logout = "5";
    public const string ExecutionReport = "8";
    public const string OrderCancelReject = "9";
    public const string Logon = "A";
    public const string NewOrderSingle = "D";
    public const string OrderCancelRequest = "F";
    public const string OrderCancelReplaceRequest = "G";
    public const string OrderStatusRequest = "H";
    public const string BusinessMessageReject = "j";

    /// <summary>The single-character MsgTypes as bytes.</summary>
    public static class Code
    {
        public const byte Heartbeat = (byte)'0';
        public const byte TestRequest = (byte)'1';
        public const byte ResendRequest = (byte)'2';
        public const byte Reject = (byte)'3';
        public const byte SequenceReset = (byte)'4';
        public const byte Logout = (byte)'5';
        public const byte ExecutionReport = (byte)'8';
        public const byte OrderCancelReject = (byte)'9';
        public const byte Logon = (byte)'A';
        public const byte NewOrderSingle = (byte)'D';
        public const byte OrderCancelRequest = (byte)'F';
        public const byte OrderCancelReplaceRequest = (byte)'G';
        public const byte OrderStatusRequest = (byte)'H';
        public const byte BusinessMessageReject = (byte)'j';
    }

    /// <summary>The MsgType as one byte when it is one character long; 0 otherwise (no code above is 0).</summary>
    public static byte CodeOf(ReadOnlySpan<byte> msgType) => msgType.Length == 1 ? msgType[0] : (byte)0;

    /// <summary>The session-level (admin) MsgTypes: 0 1 2 3 4 5 A. A resend replaces them with a gap fill.</summary>
    public static bool IsAdmin(ReadOnlySpan<byte> msgType) =>
        CodeOf(msgType) is Code.Heartbeat or Code.TestRequest or Code.ResendRequest or Code.Reject
            or Code.SequenceReset or Code.Logout or Code.Logon;
}

/// <summary>Values of the order-entry fields the engine writes and reads (FIX 4.4 enumerations).</summary>
public static class FixValues
{
    /// <summary>Side (54).</summary>
    public static class Side
    {
        public const byte Buy = (byte)'1';
        public const byte Sell = (byte)'2';
    }

    /// <summary>OrdType (40).</summary>
    public static class OrdType
    {
        public const byte Market = (byte)'1';
        public const byte Limit = (byte)'2';
    }

    /// <summary>TimeInForce (59).</summary>
    public static class TimeInForce
    {
        public const byte Day = (byte)'0';
        public const byte GoodTillCancel = (byte)'1';
        public const byte ImmediateOrCancel = (byte)'3';
        public const byte FillOrKill = (byte)'4';
    }

    /// <summary>HandlInst (21).</summary>
    public static class HandlInst
    {
        public const byte AutomatedPrivate = (byte)'1';
    }

    /// <summary>ExecType (150).</summary>
    public static class ExecType
    {
        public const byte New = (byte)'0';
        public const byte DoneForDay = (byte)'3';
        public const byte Canceled = (byte)'4';
        public const byte Replaced = (byte)'5';
        public const byte PendingCancel = (byte)'6';
        public const byte Stopped = (byte)'7';
        public const byte Rejected = (byte)'8';
        public const byte Suspended = (byte)'9';
        public const byte PendingNew = (byte)'A';
        public const byte Calculated = (byte)'B';
        public const byte Expired = (byte)'C';
        public const byte Restated = (byte)'D';
        public const byte PendingReplace = (byte)'E';
        public const byte Trade = (byte)'F';
        public const byte TradeCorrect = (byte)'G';
        public const byte TradeCancel = (byte)'H';
        public const byte OrderStatus = (byte)'I';
    }

    /// <summary>OrdStatus (39).</summary>
    public static class OrdStatus
    {
        public const byte New = (byte)'0';
        public const byte PartiallyFilled = (byte)'1';
        public const byte Filled = (byte)'2';
        public const byte DoneForDay = (byte)'3';
        public const byte Canceled = (byte)'4';
        public const byte PendingCancel = (byte)'6';
        public const byte Rejected = (byte)'8';
        public const byte PendingNew = (byte)'A';
        public const byte Expired = (byte)'C';
        public const byte PendingReplace = (byte)'E';
    }

    /// <summary>OrdRejReason (103), the values the test venue gives.</summary>
    public static class OrdRejReason
    {
        public const int BrokerOption = 0;
        public const int UnsupportedOrderCharacteristic = 11;
        public const int IncorrectQuantity = 13;
        public const int Other = 99;
    }

    /// <summary>CxlRejResponseTo (434).</summary>
    public static class CxlRejResponseTo
    {
        public const byte OrderCancelRequest = (byte)'1';
        public const byte OrderCancelReplaceRequest = (byte)'2';
    }
}
