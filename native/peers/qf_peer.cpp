// qf_peer: a QuickFIX C++ (Debian's 1.15.1) FIX 4.4 counterparty for the gateway's integration tests.
//
// One program, two roles:
//   acceptor   the test venue: answers NewOrderSingle with ExecutionReports (--mode fill|reject|echo)
//   initiator  a client: logs on, optionally forces a sequence gap (--gap K), sends --orders N
//              NewOrderSingles, counts fills, logs out and exits 0 when done
//
// Everything a test needs to assert on goes to stdout, one event per line, flushed at once
// (native/README.md, "qf_peer", has the full contract). Admin traffic and everything sent is printed
// from QuickFIX's Log callbacks, i.e. from the exact wire text: QuickFIX calls Application::toAdmin
// *before* it rewrites MsgSeqNum for a ResetSeqNumFlag=Y Logon, so toAdmin would print a sequence
// number that never went on the wire. Application messages received are printed from fromApp, i.e.
// only once QuickFIX has validated and sequenced them.
//
// Exit codes: 0 done (or stopped by SIGTERM/SIGINT after a clean logout), 1 bad arguments or
// configuration, 2 timeout. A watchdog thread makes sure the process never outlives its deadline by
// more than a few seconds, whatever QuickFIX's shutdown does.
#include <quickfix/Application.h>
#include <quickfix/Exceptions.h>
#include <quickfix/FileLog.h>
#include <quickfix/FileStore.h>
#include <quickfix/Log.h>
#include <quickfix/Message.h>
#include <quickfix/Session.h>
#include <quickfix/SessionSettings.h>
#include <quickfix/ThreadedSocketAcceptor.h>
#include <quickfix/ThreadedSocketInitiator.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <ftw.h>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace {

const char kSoh = '\x01';

// ---- options -----------------------------------------------------------------------------------

struct Options {
    std::string role;
    int port = 0;
    std::string host = "127.0.0.1";
    std::string sender = "VENUE";
    std::string target = "GATEWAY";
    std::string storeDir;
    std::string logDir;
    int heartbeat = 30;
    bool resetOnLogon = false;
    std::string mode = "fill";
    int orders = 0;
    std::string symbol = "ABC";
    std::string qty = "100";
    std::string price = "10.25";
    int gap = 0;
    int exitAfterFills = 0;
    int timeoutSeconds = 30;
    std::string dictionary;
    bool useDictionary = true;
    int timestampPrecision = -1; // -1: QuickFIX's default
};

void usage(FILE* to) {
    std::fputs(
        "usage: qf_peer --role acceptor|initiator --port P [--host 127.0.0.1]\n"
        "               [--sender VENUE] [--target GATEWAY] [--store DIR] [--log DIR]\n"
        "               [--heartbeat 30] [--reset-on-logon Y|N] [--mode fill|reject|echo]\n"
        "               [--orders N] [--symbol ABC] [--qty 100] [--price 10.25] [--gap K]\n"
        "               [--exit-after-fills N] [--timeout S] [--dictionary PATH] [--use-dictionary Y|N]\n"
        "               [--timestamp-precision 0|3|6|9]\n",
        to);
}

bool parseInt(const std::string& s, int lo, int hi, int& out) {
    if (s.empty()) return false;
    char* end = nullptr;
    errno = 0;
    long v = std::strtol(s.c_str(), &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi) return false;
    out = static_cast<int>(v);
    return true;
}

bool parseYesNo(const std::string& s, bool& out) {
    if (s == "Y" || s == "y") { out = true; return true; }
    if (s == "N" || s == "n") { out = false; return true; }
    return false;
}

// A FIX decimal as the peer will put it on the wire: digits with at most one '.', no sign, no exponent.
bool isPlainDecimal(const std::string& s) {
    bool digit = false, dot = false;
    for (char c : s) {
        if (c >= '0' && c <= '9') digit = true;
        else if (c == '.' && !dot) dot = true;
        else return false;
    }
    return digit;
}

bool parseArgs(int argc, char** argv, Options& o, std::string& err) {
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "-h" || a == "--help") { usage(stdout); std::exit(0); }
        if (a.compare(0, 2, "--") != 0) { err = "unexpected argument " + a; return false; }
        if (i + 1 >= argc) { err = "missing value for " + a; return false; }
        std::string v = argv[++i];
        bool ok = true;
        if (a == "--role") { o.role = v; ok = v == "acceptor" || v == "initiator"; }
        else if (a == "--port") ok = parseInt(v, 1, 65535, o.port);
        else if (a == "--host") o.host = v;
        else if (a == "--sender") { o.sender = v; ok = !v.empty(); }
        else if (a == "--target") { o.target = v; ok = !v.empty(); }
        else if (a == "--store") { o.storeDir = v; ok = !v.empty(); }
        else if (a == "--log") { o.logDir = v; ok = !v.empty(); }
        else if (a == "--heartbeat") ok = parseInt(v, 1, 3600, o.heartbeat);
        else if (a == "--reset-on-logon") ok = parseYesNo(v, o.resetOnLogon);
        else if (a == "--mode") { o.mode = v; ok = v == "fill" || v == "reject" || v == "echo"; }
        else if (a == "--orders") ok = parseInt(v, 0, 1000000, o.orders);
        else if (a == "--symbol") { o.symbol = v; ok = !v.empty(); }
        else if (a == "--qty") { o.qty = v; ok = isPlainDecimal(v); }
        else if (a == "--price") { o.price = v; ok = isPlainDecimal(v); }
        else if (a == "--gap") ok = parseInt(v, 0, 1000000, o.gap);
        else if (a == "--exit-after-fills") ok = parseInt(v, 0, 1000000, o.exitAfterFills);
        else if (a == "--timeout") ok = parseInt(v, 0, 86400, o.timeoutSeconds);
        else if (a == "--dictionary") { o.dictionary = v; ok = !v.empty(); }
        else if (a == "--use-dictionary") ok = parseYesNo(v, o.useDictionary);
        else if (a == "--timestamp-precision") {
            ok = parseInt(v, 0, 9, o.timestampPrecision) &&
                 (o.timestampPrecision % 3 == 0); // QuickFIX accepts 0, 3, 6, 9
        }
        else { err = "unknown option " + a; return false; }
        if (!ok) { err = "bad value for " + a + ": '" + v + "'"; return false; }
    }
    if (o.role.empty()) { err = "--role is required"; return false; }
    if (o.port == 0) { err = "--port is required"; return false; }
    return true;
}

// ---- output ------------------------------------------------------------------------------------

std::mutex g_outMutex;

void emit(const std::string& line) {
    std::lock_guard<std::mutex> lock(g_outMutex);
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void fatal(const std::string& text) {
    // On both streams: tests parse stdout, people read stderr.
    emit("ERROR " + text);
    std::lock_guard<std::mutex> lock(g_outMutex);
    std::fprintf(stderr, "qf_peer: %s\n", text.c_str());
    std::fflush(stderr);
}

// Values printed as key=value must stay on one line and one token (text= is always last and may
// hold spaces).
std::string oneLine(const std::string& s) {
    std::string r = s;
    for (char& c : r)
        if (c == '\n' || c == '\r' || c == kSoh) c = ' ';
    return r;
}

// ---- raw tag=value view of a wire message (for the Log callbacks; no validation) ---------------

class RawFields {
public:
    explicit RawFields(const std::string& wire) {
        size_t pos = 0;
        while (pos < wire.size()) {
            size_t eq = wire.find('=', pos);
            if (eq == std::string::npos) break;
            size_t end = wire.find(kSoh, eq + 1);
            if (end == std::string::npos) end = wire.size();
            int tag = std::atoi(wire.substr(pos, eq - pos).c_str());
            fields_.emplace_back(tag, wire.substr(eq + 1, end - eq - 1));
            pos = end + 1;
        }
    }
    bool has(int tag) const { return find(tag) != nullptr; }
    std::string get(int tag, const std::string& dflt = "") const {
        const std::string* v = find(tag);
        return v ? *v : dflt;
    }

private:
    const std::string* find(int tag) const {
        for (const auto& f : fields_)
            if (f.first == tag) return &f.second;
        return nullptr;
    }
    std::vector<std::pair<int, std::string>> fields_;
};

bool isAdminType(const std::string& t) {
    return t == "0" || t == "1" || t == "2" || t == "3" || t == "4" || t == "5" || t == "A";
}

// "type=X seq=N ..." for an admin message: the fields a session-layer test wants to see.
std::string describeAdmin(const RawFields& f) {
    std::string type = f.get(35);
    std::string s = "type=" + type + " seq=" + f.get(34, "?");
    if (f.get(43) == "Y") s += " possdup=Y";
    if (f.has(122)) s += " origsendingtime=" + f.get(122);
    s += " sendingtime=" + f.get(52, "?");
    if (type == "A") {
        s += " heartbeat=" + f.get(108, "?");
        if (f.has(141)) s += " reset=" + f.get(141);
        if (f.has(789)) s += " nextexpected=" + f.get(789);
        if (f.has(553)) s += " username=" + oneLine(f.get(553));
    } else if (type == "4") {
        if (f.get(123) == "Y") s += " gapfill=Y";
        s += " newseqno=" + f.get(36, "?");
    } else if (type == "2") {
        s += " begin=" + f.get(7, "?") + " end=" + f.get(16, "?");
    } else if (type == "3") {
        s += " refseq=" + f.get(45, "?");
        if (f.has(372)) s += " refmsgtype=" + f.get(372);
        s += " reason=" + f.get(373, "-") + " reftag=" + f.get(371, "-");
    } else if (type == "0" || type == "1") {
        if (f.has(112)) s += " testreqid=" + oneLine(f.get(112));
    }
    if (f.has(58)) s += " text=" + oneLine(f.get(58));
    return s;
}

std::string describeApp(const RawFields& f) {
    std::string s = "type=" + f.get(35) + " seq=" + f.get(34, "?") + " clordid=" + f.get(11, "-");
    if (f.has(150)) s += " exectype=" + f.get(150);
    if (f.has(39)) s += " ordstatus=" + f.get(39);
    if (f.get(43) == "Y") s += " possdup=Y";
    return s;
}

// ---- Log: prints admin traffic both ways and everything sent, forwards to a FileLog if asked ----

class PeerLog : public FIX::Log {
public:
    explicit PeerLog(FIX::Log* inner) : inner_(inner) {}
    ~PeerLog() override { delete inner_; }

    void clear() override { if (inner_) inner_->clear(); }
    void backup() override { if (inner_) inner_->backup(); }

    void onIncoming(const std::string& wire) override {
        if (inner_) inner_->onIncoming(wire);
        RawFields f(wire);
        std::string type = f.get(35);
        if (!isAdminType(type)) return; // application messages: PeerApp::fromApp, once validated
        emit("RECV_ADMIN " + describeAdmin(f));
        if (type == "3") {
            std::string s = "REJECT_RECEIVED seq=" + f.get(34, "?") + " refseq=" + f.get(45, "?") +
                            " refmsgtype=" + f.get(372, "-") + " reason=" + f.get(373, "-") +
                            " reftag=" + f.get(371, "-");
            if (f.has(58)) s += " text=" + oneLine(f.get(58));
            emit(s);
        }
    }

    void onOutgoing(const std::string& wire) override {
        if (inner_) inner_->onOutgoing(wire);
        RawFields f(wire);
        std::string type = f.get(35);
        if (isAdminType(type)) emit("SEND_ADMIN " + describeAdmin(f));
        else emit("SEND_APP " + describeApp(f));
    }

    void onEvent(const std::string& text) override {
        if (inner_) inner_->onEvent(text);
        emit("EVENT " + oneLine(text));
    }

private:
    FIX::Log* inner_;
};

class PeerLogFactory : public FIX::LogFactory {
public:
    explicit PeerLogFactory(const std::string& logDir) {
        if (!logDir.empty()) files_.reset(new FIX::FileLogFactory(logDir));
    }
    FIX::Log* create() override { return new PeerLog(files_ ? files_->create() : nullptr); }
    FIX::Log* create(const FIX::SessionID& id) override {
        return new PeerLog(files_ ? files_->create(id) : nullptr);
    }
    void destroy(FIX::Log* log) override { delete log; }

private:
    std::unique_ptr<FIX::FileLogFactory> files_;
};

// ---- application -------------------------------------------------------------------------------

std::string nowStamp() {
    return std::to_string(static_cast<long long>(std::time(nullptr)));
}

class PeerApp : public FIX::Application {
public:
    explicit PeerApp(const Options& o) : opt_(o) {}

    // Shared with the main thread.
    std::mutex mutex;
    std::condition_variable changed;
    bool loggedOn = false;
    int logons = 0;
    int logonNextSender = 0; // our next outgoing MsgSeqNum when the first logon completed
    int fills = 0;
    int terminal = 0; // initiator: orders that reached a final state (filled, rejected, canceled)
    FIX::SessionID sessionId;

    void onCreate(const FIX::SessionID& id) override {
        std::lock_guard<std::mutex> lock(mutex);
        sessionId = id;
    }

    void onLogon(const FIX::SessionID& id) override {
        FIX::Session* s = FIX::Session::lookupSession(id);
        int nextSender = s ? s->getExpectedSenderNum() : 0;
        int nextTarget = s ? s->getExpectedTargetNum() : 0;
        emit("LOGON sender=" + id.getSenderCompID().getString() + " target=" +
             id.getTargetCompID().getString() + " next_sender=" + std::to_string(nextSender) +
             " next_target=" + std::to_string(nextTarget));
        std::lock_guard<std::mutex> lock(mutex);
        loggedOn = true;
        if (logons++ == 0) logonNextSender = nextSender;
        changed.notify_all();
    }

    void onLogout(const FIX::SessionID&) override {
        emit("LOGOUT");
        std::lock_guard<std::mutex> lock(mutex);
        loggedOn = false;
        changed.notify_all();
    }

    void toAdmin(FIX::Message&, const FIX::SessionID&) override {}
    void toApp(FIX::Message&, const FIX::SessionID&) throw(FIX::DoNotSend) override {}
    void fromAdmin(const FIX::Message&, const FIX::SessionID&)
        throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue, FIX::RejectLogon) override {}

    void fromApp(const FIX::Message& m, const FIX::SessionID& id)
        throw(FIX::FieldNotFound, FIX::IncorrectDataFormat, FIX::IncorrectTagValue,
              FIX::UnsupportedMessageType) override {
        const FIX::Header& h = m.getHeader();
        std::string type = field(h, 35);
        std::string line = "RECV_APP type=" + type + " seq=" + field(h, 34, "?") +
                           " clordid=" + field(m, 11, "-");
        if (m.isSetField(150)) line += " exectype=" + field(m, 150);
        if (m.isSetField(39)) line += " ordstatus=" + field(m, 39);
        if (field(h, 43) == "Y") line += " possdup=Y";
        if (type == "j") line += " refmsgtype=" + field(m, 372, "-") + " reason=" + field(m, 380, "-");
        if (m.isSetField(58)) line += " text=" + oneLine(field(m, 58));
        emit(line);

        if (opt_.role == "acceptor") acceptorReceived(type, m, id);
        else initiatorReceived(type, m);
    }

private:
    struct Order {
        std::string orderId, symbol, side, qty, price, status;
    };

    static std::string field(const FIX::FieldMap& map, int tag, const std::string& dflt = "") {
        return map.isSetField(tag) ? map.getField(tag) : dflt;
    }

    FIX::Message report(const FIX::Message& order, const Order& o, const std::string& execType,
                        const std::string& ordStatus) {
        FIX::Message r;
        r.getHeader().setField(35, "8");
        r.setField(37, o.orderId);
        r.setField(17, "E" + std::to_string(++execIds_));
        r.setField(11, field(order, 11));
        r.setField(150, execType);
        r.setField(39, ordStatus);
        r.setField(55, o.symbol);
        r.setField(54, o.side);
        if (!o.qty.empty()) r.setField(38, o.qty);
        if (!o.price.empty()) r.setField(44, o.price);
        if (order.isSetField(1)) r.setField(1, field(order, 1));
        r.setField(FIX::TransactTime(FIX::UtcTimeStamp(), 3));
        return r;
    }

    void send(FIX::Message& m, const FIX::SessionID& id) {
        try {
            FIX::Session::sendToTarget(m, id);
        } catch (const FIX::SessionNotFound& e) {
            fatal(std::string("send failed: ") + e.what());
        }
    }

    void acceptorReceived(const std::string& type, const FIX::Message& m, const FIX::SessionID& id) {
        if (opt_.mode == "echo") {
            // Same body (and trailer-less), a header QuickFIX fills afresh.
            FIX::Message copy(m);
            copy.getHeader().clear();
            copy.getTrailer().clear();
            copy.getHeader().setField(35, type);
            send(copy, id);
            return;
        }
        if (type == "D") {
            std::string clOrdId = field(m, 11);
            Order o;
            o.orderId = "O" + std::to_string(++orderIds_);
            o.symbol = field(m, 55);
            o.side = field(m, 54);
            o.qty = field(m, 38);
            o.price = field(m, 44);
            if (opt_.mode == "reject") {
                o.status = "8";
                FIX::Message r = report(m, o, "8", "8");
                r.setField(103, "0");
                r.setField(151, "0");
                r.setField(14, "0");
                r.setField(6, "0");
                r.setField(58, "rejected by qf_peer (--mode reject)");
                send(r, id);
            } else {
                std::string qty = o.qty.empty() ? std::string("0") : o.qty;
                std::string px = o.price.empty() ? std::string("0") : o.price;
                FIX::Message ack = report(m, o, "0", "0");
                ack.setField(151, qty);
                ack.setField(14, "0");
                ack.setField(6, "0");
                send(ack, id);
                o.status = "2";
                FIX::Message fill = report(m, o, "F", "2");
                fill.setField(32, qty);
                fill.setField(31, px);
                fill.setField(151, "0");
                fill.setField(14, qty);
                fill.setField(6, px);
                send(fill, id);
            }
            std::lock_guard<std::mutex> lock(mutex);
            orders_[clOrdId] = o;
            return;
        }
        if (type == "F" || type == "G") {
            // Every order here is filled or rejected at once, so a cancel or replace is always
            // too late (102=0) or for an order never seen (102=1).
            std::string orig = field(m, 41);
            Order known;
            bool found = false;
            {
                std::lock_guard<std::mutex> lock(mutex);
                auto it = orders_.find(orig);
                if (it != orders_.end()) { known = it->second; found = true; }
            }
            FIX::Message r;
            r.getHeader().setField(35, "9");
            r.setField(37, found ? known.orderId : std::string("NONE"));
            r.setField(11, field(m, 11));
            r.setField(41, orig);
            r.setField(39, found ? known.status : std::string("8"));
            r.setField(434, type == "F" ? "1" : "2");
            r.setField(102, found ? "0" : "1");
            r.setField(58, found ? "order is already done" : "unknown order");
            r.setField(FIX::TransactTime(FIX::UtcTimeStamp(), 3));
            send(r, id);
            return;
        }
        throw FIX::UnsupportedMessageType(); // QuickFIX answers with BusinessMessageReject 380=3
    }

    void initiatorReceived(const std::string& type, const FIX::Message& m) {
        if (type != "8") return;
        std::string execType = field(m, 150);
        std::string ordStatus = field(m, 39);
        std::lock_guard<std::mutex> lock(mutex);
        if (execType == "F") {
            ++fills;
            emit("FILL clordid=" + field(m, 11, "-") + " qty=" + field(m, 32, "?") +
                 " px=" + field(m, 31, "?"));
        }
        if (ordStatus == "2" || ordStatus == "8" || ordStatus == "4" || ordStatus == "C") {
            if (terminalIds_.insert(field(m, 11)).second) ++terminal;
        }
        changed.notify_all();
    }

    const Options& opt_;
    std::atomic<long> execIds_{0};
    std::atomic<long> orderIds_{0};
    std::map<std::string, Order> orders_;
    std::set<std::string> terminalIds_;
};

// ---- watchdog: the process never outlives its deadline by more than a few seconds --------------

class Watchdog {
public:
    Watchdog() : thread_([this] { run(); }) { thread_.detach(); }

    // Exit the process with `code` if still alive at `deadline` (replaces any earlier arming).
    void arm(std::chrono::steady_clock::time_point deadline, int code) {
        std::lock_guard<std::mutex> lock(mutex_);
        deadline_ = deadline;
        code_ = code;
        armed_ = true;
        cv_.notify_all();
    }

private:
    void run() {
        std::unique_lock<std::mutex> lock(mutex_);
        for (;;) {
            if (!armed_) { cv_.wait(lock); continue; }
            if (cv_.wait_until(lock, deadline_) == std::cv_status::timeout &&
                std::chrono::steady_clock::now() >= deadline_) {
                int code = code_;
                lock.unlock();
                {
                    std::lock_guard<std::mutex> out(g_outMutex);
                    std::fputs("ERROR watchdog: shutdown did not finish in time, exiting\n", stdout);
                    std::fflush(stdout);
                }
                _exit(code);
            }
        }
    }

    std::mutex mutex_;
    std::condition_variable cv_;
    std::chrono::steady_clock::time_point deadline_;
    int code_ = 2;
    bool armed_ = false;
    std::thread thread_;
};

int removeEntry(const char* path, const struct stat*, int, struct FTW*) { return ::remove(path); }

std::string defaultDictionary(const char* argv0) {
    std::string self = argv0;
    char buf[4096];
    ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1); // argv[0] may be a bare name
    if (n > 0) self.assign(buf, static_cast<size_t>(n));
    size_t slash = self.rfind('/');
    std::string dir = slash == std::string::npos ? std::string(".") : self.substr(0, slash);
    return dir + "/FIX44.xml";
}

// The next sender MsgSeqNum an earlier run left in the FileStore (its "<session>.seqnums" file holds
// "SSSSSSSSSS : TTTTTTTTTT"), or 0 when the store is new. Read before QuickFIX opens the store,
// because ResetOnLogon=Y wipes the evidence at the first logon.
int storedNextSender(const Options& o) {
    std::string path = o.storeDir + "/FIX.4.4-" + o.sender + "-" + o.target + ".seqnums";
    FILE* f = std::fopen(path.c_str(), "r");
    if (!f) return 0;
    int sender = 0, target = 0;
    if (std::fscanf(f, "%d : %d", &sender, &target) != 2) sender = 0;
    std::fclose(f);
    return sender;
}

bool fileExists(const std::string& p) {
    struct stat st;
    return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

FIX::SessionSettings buildSettings(const Options& o) {
    FIX::Dictionary d;
    d.setString("ConnectionType", o.role);
    d.setString("BeginString", "FIX.4.4");
    d.setString("SenderCompID", o.sender);
    d.setString("TargetCompID", o.target);
    d.setString("StartTime", "00:00:00"); // always in session
    d.setString("EndTime", "00:00:00");
    d.setInt("HeartBtInt", o.heartbeat);
    d.setString("FileStorePath", o.storeDir);
    d.setBool("ResetOnLogon", o.resetOnLogon);
    d.setBool("UseDataDictionary", o.useDictionary);
    if (o.useDictionary) d.setString("DataDictionary", o.dictionary);
    d.setBool("SocketNodelay", true);
    d.setBool("SocketReuseAddress", true);
    d.setInt("LogonTimeout", 5);
    d.setInt("LogoutTimeout", 2);
    if (o.timestampPrecision >= 0) d.setInt("TimestampPrecision", o.timestampPrecision);
    if (!o.logDir.empty()) d.setString("FileLogPath", o.logDir);
    if (o.role == "acceptor") {
        d.setInt("SocketAcceptPort", o.port); // QuickFIX 1.15.1 binds every interface (no accept host)
    } else {
        d.setString("SocketConnectHost", o.host);
        d.setInt("SocketConnectPort", o.port);
        d.setInt("ReconnectInterval", 1);
    }
    FIX::SessionSettings settings;
    FIX::SessionID id("FIX.4.4", o.sender, o.target);
    settings.set(id, d);
    // SocketInitiator reads ReconnectInterval from the [DEFAULT] section only (a session-level value
    // is ignored and it waits its default 30 s between attempts).
    FIX::Dictionary defaults;
    if (o.role != "acceptor") defaults.setInt("ReconnectInterval", 1);
    settings.set(defaults);
    return settings;
}

// Initiator: the NewOrderSingle for order number n.
FIX::Message newOrder(const Options& o, const std::string& clOrdId) {
    FIX::Message m;
    m.getHeader().setField(35, "D");
    m.setField(11, clOrdId);
    m.setField(21, "1");
    m.setField(55, o.symbol);
    m.setField(54, "1");
    m.setField(FIX::TransactTime(FIX::UtcTimeStamp(), 3));
    m.setField(38, o.qty);
    m.setField(40, "2");
    m.setField(44, o.price);
    m.setField(59, "0");
    return m;
}

} // namespace

int main(int argc, char** argv) {
    Options opt;
    std::string err;
    if (!parseArgs(argc, argv, opt, err)) {
        fatal(err);
        usage(stderr);
        return 1;
    }
    const bool initiator = opt.role == "initiator";

    // SIGTERM/SIGINT are taken synchronously by the main loop (sigtimedwait); blocking them before
    // QuickFIX starts its threads keeps them from landing anywhere else.
    sigset_t stopSignals;
    sigemptyset(&stopSignals);
    sigaddset(&stopSignals, SIGTERM);
    sigaddset(&stopSignals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    if (opt.dictionary.empty()) opt.dictionary = defaultDictionary(argv[0]);
    if (opt.useDictionary && !fileExists(opt.dictionary)) {
        fatal("data dictionary not found: " + opt.dictionary + " (use --dictionary PATH)");
        return 1;
    }
    bool ownStore = false;
    if (opt.storeDir.empty()) {
        char tmpl[] = "/tmp/qf_peer.XXXXXX";
        if (!::mkdtemp(tmpl)) {
            fatal(std::string("mkdtemp: ") + std::strerror(errno));
            return 1;
        }
        opt.storeDir = tmpl;
        ownStore = true;
    }

    // ClOrdIDs are "ORD-<n>" on a fresh store; when the store has an earlier run's messages, a run id
    // keeps them unique ("R<unix time>-ORD-<n>").
    const bool storeHasHistory = storedNextSender(opt) > 1;

    const auto start = std::chrono::steady_clock::now();
    const bool hasTimeout = opt.timeoutSeconds > 0;
    const auto deadline = start + std::chrono::seconds(opt.timeoutSeconds);
    Watchdog watchdog;
    if (hasTimeout) watchdog.arm(deadline + std::chrono::seconds(5), 2);

    PeerApp app(opt);
    std::unique_ptr<FIX::FileStoreFactory> storeFactory;
    PeerLogFactory logFactory(opt.logDir);
    std::unique_ptr<FIX::Initiator> ini;
    std::unique_ptr<FIX::Acceptor> acc;
    try {
        FIX::SessionSettings settings = buildSettings(opt);
        storeFactory.reset(new FIX::FileStoreFactory(opt.storeDir));
        if (initiator) {
            ini.reset(new FIX::ThreadedSocketInitiator(app, *storeFactory, settings, logFactory));
            // READY first: start() connects and sends the Logon from its own thread at once.
            emit("READY port=" + std::to_string(opt.port));
            ini->start();
        } else {
            acc.reset(new FIX::ThreadedSocketAcceptor(app, *storeFactory, settings, logFactory));
            acc->start(); // binds the listening socket before it returns
            emit("READY port=" + std::to_string(opt.port));
        }
    } catch (const std::exception& e) {
        fatal(std::string("QuickFIX start failed: ") + e.what());
        if (ownStore) ::nftw(opt.storeDir.c_str(), removeEntry, 16, FTW_DEPTH | FTW_PHYS);
        _exit(1); // QuickFIX objects may be half-built; do not run their destructors
    }
    int exitCode = 0;
    bool bySignal = false;
    int sent = 0;
    bool ordersSent = false;
    for (;;) {
        struct timespec tick = {0, 10 * 1000 * 1000};
        siginfo_t info;
        int sig = sigtimedwait(&stopSignals, &info, &tick);
        if (sig == SIGTERM || sig == SIGINT) {
            emit(std::string("STOPPING signal=") + (sig == SIGTERM ? "TERM" : "INT"));
            exitCode = 0;
            bySignal = true;
            break;
        }
        if (hasTimeout && std::chrono::steady_clock::now() >= deadline) {
            std::lock_guard<std::mutex> lock(app.mutex);
            fatal("timeout after " + std::to_string(opt.timeoutSeconds) + " s (sent=" +
                  std::to_string(sent) + " fills=" + std::to_string(app.fills) + ")");
            exitCode = 2;
            break;
        }
        if (!initiator) continue;

        bool loggedOn;
        int logonNextSender;
        FIX::SessionID id;
        {
            std::lock_guard<std::mutex> lock(app.mutex);
            loggedOn = app.loggedOn;
            logonNextSender = app.logonNextSender;
            id = app.sessionId;
        }
        if (loggedOn && !ordersSent) {
            ordersSent = true;
            FIX::Session* session = FIX::Session::lookupSession(id);
            if (session && opt.gap > 0) {
                int next = session->getExpectedSenderNum();
                session->setNextSenderMsgSeqNum(next + opt.gap);
                emit("GAP skipped=" + std::to_string(opt.gap) + " from=" + std::to_string(next) +
                     " next_sender=" + std::to_string(next + opt.gap));
            }
            // Logon was seq 1 on a fresh store; anything higher also means an earlier run.
            bool history = storeHasHistory || logonNextSender > 2;
            std::string prefix = history ? "R" + nowStamp() + "-" : std::string();
            for (int n = 1; n <= opt.orders; ++n) {
                FIX::Message order = newOrder(opt, prefix + "ORD-" + std::to_string(n));
                try {
                    if (FIX::Session::sendToTarget(order, id)) ++sent;
                } catch (const FIX::SessionNotFound& e) {
                    fatal(std::string("send failed: ") + e.what());
                }
            }
        }
        bool done;
        {
            std::lock_guard<std::mutex> lock(app.mutex);
            if (opt.exitAfterFills > 0) done = app.fills >= opt.exitAfterFills;
            else done = ordersSent && opt.orders > 0 && app.terminal >= opt.orders;
            if (done) emit("DONE sent=" + std::to_string(sent) + " fills=" + std::to_string(app.fills));
        }
        if (done) break;
    }

    // Shutdown: log out cleanly, bounded by the watchdog whatever the reason.
    watchdog.arm(std::chrono::steady_clock::now() + std::chrono::seconds(exitCode == 2 ? 3 : 8),
                 exitCode);
    if (initiator) {
        FIX::SessionID id;
        {
            std::lock_guard<std::mutex> lock(app.mutex);
            id = app.sessionId;
        }
        if (FIX::Session* session = FIX::Session::lookupSession(id)) {
            session->logout(exitCode == 2 ? "qf_peer timeout"
                            : bySignal    ? "qf_peer stopping"
                                          : "qf_peer done");
            std::unique_lock<std::mutex> lock(app.mutex);
            app.changed.wait_for(lock, std::chrono::seconds(3), [&] { return !app.loggedOn; });
        }
        ini->stop(exitCode == 2);
    } else {
        acc->stop(exitCode == 2);
    }
    if (ownStore) ::nftw(opt.storeDir.c_str(), removeEntry, 16, FTW_DEPTH | FTW_PHYS);
    std::fflush(stdout);
    _exit(exitCode); // QuickFIX's static session registry and threads need no orderly teardown
}
