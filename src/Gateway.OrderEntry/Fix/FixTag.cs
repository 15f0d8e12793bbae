namespace Gateway.OrderEntry.Fix;

/// <summary>FIX 4.4 tag numbers the codec, the dictionary and the tests name (FIX 4.4 Volume 6, field list).</summary>
public static class FixTag
{
    public const int Account = 1;
    public const int AvgPx = 6;
    public const int BeginSeqNo = 7;
    public const int BeginString = 8;
    public const int BodyLength = 9;
    public const int CheckSum = 10;
    public const int ClOrdID = 11;
    public const int CumQty = 14;
    public const int Currency = 15;
    public const int EndSeqNo = 16;
    public const int ExecID = 17;
    public const int ExecInst = 18;
    public const int ExecRefID = 19;
    public const int HandlInst = 21;
    public const int SecurityIDSource = 22;
    public const int LastMkt = 30;
    public const int LastPx = 31;
    public const int LastQty = 32;
    public const int NoLinesOfText = 33;
    public const int MsgSeqNum = 34;
    public const int MsgType = 35;
    public const int NewSeqNo = 36;
    public const int OrderID = 37;
    public const int OrderQty = 38;
    public const int OrdStatus = 39;
    public const int OrdType = 40;
    public const int OrigClOrdID = 41;
    public const int OrigTime = 42;
    public const int PossDupFlag = 43;
    public const int Price = 44;
    public const int RefSeqNum = 45;
    public const int SecurityID = 48;
    public const int SenderCompID = 49;
    public const int SenderSubID = 50;
    public const int SendingTime = 52;
    public const int Side = 54;
    public const int Symbol = 55;
    public const int TargetCompID = 56;
    public const int TargetSubID = 57;
    public const int Text = 58;
    public const int TimeInForce = 59;
    public const int TransactTime = 60;
    public const int Urgency = 61;
    public const int SecurityExchange = 207;
    public const int TradeDate = 75;
    public const int SignatureLength = 93;
    public const int Signature = 89;
    public const int SecureDataLen = 90;
    public const int SecureData = 91;
    public const int RawDataLength = 95;
    public const int RawData = 96;
    public const int PossResend = 97;
    public const int EncryptMethod = 98;
    public const int StopPx = 99;
    public const int ExDestination = 100;
    public const int CxlRejReason = 102;
    public const int OrdRejReason = 103;
    public const int HeartBtInt = 108;
    public const int MinQty = 110;
    public const int MaxFloor = 111;
    public const int TestReqID = 112;
    public const int OnBehalfOfCompID = 115;
    public const int OnBehalfOfSubID = 116;
    public const int OrigSendingTime = 122;
    public const int GapFillFlag = 123;
    public const int ExpireTime = 126;
    public const int DeliverToCompID = 128;
    public const int DeliverToSubID = 129;
    public const int ResetSeqNumFlag = 141;
    public const int SenderLocationID = 142;
    public const int TargetLocationID = 143;
    public const int OnBehalfOfLocationID = 144;
    public const int DeliverToLocationID = 145;
    public const int Headline = 148;
    public const int URLLink = 149;
    public const int ExecType = 150;
    public const int LeavesQty = 151;
    public const int CashOrderQty = 152;
    public const int SecurityType = 167;
    public const int EffectiveTime = 168;
    public const int MaturityMonthYear = 200;
    public const int XmlDataLen = 212;
    public const int XmlData = 213;
    public const int MessageEncoding = 347;
    public const int EncodedHeadlineLen = 358;
    public const int EncodedHeadline = 359;
    public const int EncodedTextLen = 354;
    public const int EncodedText = 355;
    public const int LastMsgSeqNumProcessed = 369;
    public const int RefTagID = 371;
    public const int RefMsgType = 372;
    public const int SessionRejectReason = 373;
    public const int BusinessRejectRefID = 379;
    public const int BusinessRejectReason = 380;
    public const int MaxMessageSize = 383;
    public const int NoMsgTypes = 384;
    public const int MsgDirection = 385;
    public const int ExpireDate = 432;
    public const int CxlRejResponseTo = 434;
    public const int PartyIDSource = 447;
    public const int PartyID = 448;
    public const int PartyRole = 452;
    public const int NoPartyIDs = 453;
    public const int TestMessageIndicator = 464;
    public const int SecondaryClOrdID = 526;
    public const int Username = 553;
    public const int Password = 554;
    public const int ClOrdLinkID = 583;
    public const int MassStatusReqID = 584;
    public const int OnBehalfOfSendingTime = 370;
    public const int NoHops = 627;
    public const int WorkingIndicator = 636;
    public const int AccountType = 581;
    public const int TradeOriginationDate = 229;
    public const int OrdStatusReqID = 790;
    public const int NextExpectedMsgSeqNum = 789;
    public const int SecondaryOrderID = 198;
    public const int SecondaryExecID = 527;
    public const int AcctIDSource = 660;
    public const int PartySubID = 523;
    public const int NoPartySubIDs = 802;
    public const int PartySubIDType = 803;
    public const int EncodedIssuerLen = 348;
    public const int EncodedIssuer = 349;

    /// <summary>The highest tag FIX 4.4 defines (Volume 6 numbers its fields 1-956).</summary>
    public const int MaxFix44Tag = 956;

    /// <summary>First tag of the range FIX reserves for user-defined fields (5000-9999; 10000-19999 for internal use, 20000+ by bilateral agreement).</summary>
    public const int FirstUserDefined = 5000;

    /// <summary>
    /// Whether FIX 4.4 itself defines <paramref name="tag"/>: 1-956 except 101 ("not defined" in the
    /// field list) and 261 (reserved for the fixed-income proposal, never assigned).
    /// </summary>
    public static bool IsFix44Tag(int tag) => (uint)(tag - 1) < MaxFix44Tag && tag != 101 && tag != 261;

    /// <summary>Whether <paramref name="tag"/> lies in the user-defined ranges (5000 and up).</summary>
    public static bool IsUserDefined(int tag) => tag >= FirstUserDefined;
}
