// QuickFIX C++ reference for the FIX codec benchmark (benchmarks/RESULTS.md, "FIX codec (issue 4)").
// Parses the same bytes as benchmarks/Gateway.Benchmarks/FixBenchmarks.cs (benchmarks/fix/messages.txt,
// '|' for SOH) with FIX::Message::setString in a loop, and prints the median ns per parse of several
// runs for three depths of checking:
//   raw       setString(s, false)                  tokenise only, no length/checksum check, no dictionary
//   checked   setString(s, true, &dd, &dd)         BodyLength + CheckSum checked, groups parsed by the dictionary
//   validated checked + DataDictionary::validate   required fields, types, enum values, tags per message type
// Dictionary: FIX44.xml when one is given on the command line or found at /usr/share/quickfix/FIX44.xml
// (Debian's libquickfix-dev 1.15.1 does not ship it); otherwise one built in code here covering every
// field of the benchmark messages (header, trailer, ExecutionReport, NewOrderSingle, NoPartyIDs group).
//
// usage: fix_quickfix_parse [messages.txt] [FIX44.xml] [iterations] [runs]
#include <quickfix/DataDictionary.h>
#include <quickfix/Message.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace {

struct FieldSpec {
    int tag;
    FIX::TYPE::Type type;
    const char* values; // space-separated enum values, or nullptr
};

// The fields the benchmark messages use, with their FIX 4.4 types (Volume 6).
const FieldSpec kFields[] = {
    {1, FIX::TYPE::String, nullptr},        {6, FIX::TYPE::Price, nullptr},
    {8, FIX::TYPE::String, nullptr},        {9, FIX::TYPE::Length, nullptr},
    {10, FIX::TYPE::String, nullptr},       {11, FIX::TYPE::String, nullptr},
    {14, FIX::TYPE::Qty, nullptr},          {17, FIX::TYPE::String, nullptr},
    {21, FIX::TYPE::Char, "1 2 3"},         {30, FIX::TYPE::Exchange, nullptr},
    {31, FIX::TYPE::Price, nullptr},        {32, FIX::TYPE::Qty, nullptr},
    {34, FIX::TYPE::SeqNum, nullptr},       {35, FIX::TYPE::String, nullptr},
    {37, FIX::TYPE::String, nullptr},       {38, FIX::TYPE::Qty, nullptr},
    {39, FIX::TYPE::Char, "0 1 2 3 4 5 6 7 8 9 A B C D E"},
    {40, FIX::TYPE::Char, "1 2 3 4 6 7 8 9 D E G I J K L M P"},
    {44, FIX::TYPE::Price, nullptr},        {49, FIX::TYPE::String, nullptr},
    {52, FIX::TYPE::UtcTimeStamp, nullptr},
    {54, FIX::TYPE::Char, "1 2 3 4 5 6 7 8 9 A B C D E F G"},
    {55, FIX::TYPE::String, nullptr},       {56, FIX::TYPE::String, nullptr},
    {59, FIX::TYPE::Char, "0 1 2 3 4 5 6 7"},
    {60, FIX::TYPE::UtcTimeStamp, nullptr},
    {150, FIX::TYPE::Char, "0 3 4 5 6 7 8 9 A B C D E F G H I"},
    {151, FIX::TYPE::Qty, nullptr},         {447, FIX::TYPE::Char, "B C D E F G H I 1 2 3 4 5 6 7 8 9"},
    {448, FIX::TYPE::String, nullptr},      {452, FIX::TYPE::Int, nullptr},
    {453, FIX::TYPE::NumInGroup, nullptr},
};

void addValues(FIX::DataDictionary& dd, int tag, const char* values) {
    std::string v(values);
    size_t start = 0;
    while (start < v.size()) {
        size_t end = v.find(' ', start);
        if (end == std::string::npos) end = v.size();
        dd.addFieldValue(tag, v.substr(start, end - start));
        start = end + 1;
    }
}

std::unique_ptr<FIX::DataDictionary> buildDictionary() {
    auto dd = std::make_unique<FIX::DataDictionary>();
    dd->setVersion("FIX.4.4");
    for (const FieldSpec& f : kFields) {
        dd->addField(f.tag);
        dd->addFieldType(f.tag, f.type);
        if (f.values) addValues(*dd, f.tag, f.values);
    }
    for (int tag : {8, 9, 35, 49, 56, 34, 52}) dd->addHeaderField(tag, true);
    dd->addTrailerField(10, true);

    FIX::DataDictionary parties;
    for (int tag : {448, 447, 452}) {
        parties.addField(tag);
        for (const FieldSpec& f : kFields)
            if (f.tag == tag) {
                parties.addFieldType(tag, f.type);
                if (f.values) addValues(parties, tag, f.values);
            }
    }

    struct Msg { const char* type; std::vector<int> optional; std::vector<int> required; };
    const Msg msgs[] = {
        {"D", {1, 453, 21, 38, 44, 59}, {11, 55, 54, 60, 40}},
        {"8", {11, 1, 38, 40, 44, 59, 32, 31, 30, 60, 453}, {37, 17, 150, 39, 55, 54, 151, 14, 6}},
    };
    for (const Msg& m : msgs) {
        dd->addMsgType(m.type);
        for (int tag : m.optional) dd->addMsgField(m.type, tag);
        for (int tag : m.required) {
            dd->addMsgField(m.type, tag);
            dd->addRequiredField(m.type, tag);
        }
        dd->addGroup(m.type, 453, 448, parties);
    }
    return dd;
}

double nowNs() {
    return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

enum class Mode { Raw, Checked, Validated };

double runOnce(const std::string& s, Mode mode, const FIX::DataDictionary& dd, long iterations, size_t& sink) {
    FIX::Message msg;
    double t0 = nowNs();
    for (long i = 0; i < iterations; i++) {
        if (mode == Mode::Raw) {
            msg.setString(s, false);
        } else {
            msg.setString(s, true, &dd, &dd);
            if (mode == Mode::Validated) dd.validate(msg);
        }
        sink += msg.getHeader().getField(35).size();
    }
    return (nowNs() - t0) / static_cast<double>(iterations);
}

}  // namespace

int main(int argc, char** argv) {
    std::string messagesPath = argc > 1 ? argv[1] : "benchmarks/fix/messages.txt";
    std::string xmlPath = argc > 2 ? argv[2] : "";
    long iterations = argc > 3 ? std::atol(argv[3]) : 200000;
    int runs = argc > 4 ? std::atoi(argv[4]) : 7;
    if (xmlPath.empty() || xmlPath == "-") {
        std::ifstream probe("/usr/share/quickfix/FIX44.xml");
        xmlPath = probe.good() ? "/usr/share/quickfix/FIX44.xml" : "";
    }

    std::ifstream in(messagesPath);
    if (!in) {
        std::fprintf(stderr, "cannot open %s\n", messagesPath.c_str());
        return 1;
    }
    std::vector<std::string> messages;
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') continue;
        std::replace(line.begin(), line.end(), '|', '\x01');
        messages.push_back(line);
    }

    std::unique_ptr<FIX::DataDictionary> dd;
    try {
        dd = xmlPath.empty() ? buildDictionary() : std::make_unique<FIX::DataDictionary>(xmlPath);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "dictionary: %s\n", e.what());
        return 1;
    }
    std::printf("QuickFIX C++ (libquickfix 1.15.1) setString; dictionary: %s; %ld iterations x %d runs, median\n",
                xmlPath.empty() ? "built in code (no FIX44.xml installed)" : xmlPath.c_str(), iterations, runs);

    size_t sink = 0;
    for (const std::string& s : messages) {
        std::string type;
        try {
            FIX::Message check(s, *dd, true);
            dd->validate(check);
            type = check.getHeader().getField(35);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "message does not validate in QuickFIX: %s\n", e.what());
            return 1;
        }
        for (Mode mode : {Mode::Raw, Mode::Checked, Mode::Validated}) {
            std::vector<double> ns;
            runOnce(s, mode, *dd, iterations / 10 + 1, sink);  // warm-up
            for (int r = 0; r < runs; r++) ns.push_back(runOnce(s, mode, *dd, iterations, sink));
            std::sort(ns.begin(), ns.end());
            const char* name = mode == Mode::Raw ? "raw      " : mode == Mode::Checked ? "checked  " : "validated";
            std::printf("35=%-2s %3zu bytes  %s  median %7.1f ns  (min %.1f, max %.1f)\n", type.c_str(), s.size(), name,
                        ns[ns.size() / 2], ns.front(), ns.back());
        }
    }
    return sink == 42 ? 2 : 0;
}
