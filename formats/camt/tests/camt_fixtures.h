// Test fixtures for the camt reader: small documents built from string pieces, and a visitor
// that records what it was told. Our own fixtures; the conformance corpus is only read by
// camt_corpus_test.cpp.
#pragma once

#include <string>
#include <vector>

#include "formats/camt/reader.h"

namespace camt_test {

using namespace tally::formats::camt;

// The namespace of camt.05<message>.001.<version>.
inline std::string ns(int message, int version) {
  return "urn:iso:std:iso:20022:tech:xsd:camt.0" + std::to_string(message) + ".001." +
         (version < 10 ? "0" : "") + std::to_string(version);
}

inline const char* message_element(int message) {
  return message == 52   ? "BkToCstmrAcctRpt"
         : message == 54 ? "BkToCstmrDbtCdtNtfctn"
                         : "BkToCstmrStmt";
}

inline const char* statement_element(int message) {
  return message == 52 ? "Rpt" : message == 54 ? "Ntfctn" : "Stmt";
}

inline std::string group_header() {
  return "<GrpHdr><MsgId>MSG-1</MsgId><CreDtTm>2026-11-20T18:00:00+01:00</CreDtTm></GrpHdr>";
}

// A whole document: XML declaration, Document in the message's namespace, message element,
// the group header (unless `with_header` is false) and `body` (statements).
inline std::string document(int message, int version, const std::string& body,
                            bool with_header = true) {
  return std::string("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"") +
         ns(message, version) + "\">\n<" + message_element(message) + ">\n" +
         (with_header ? group_header() : "") + "\n" + body + "\n</" + message_element(message) +
         ">\n</Document>\n";
}

// Sts as each version writes it: text up to v7, Sts/Cd from v8.
inline std::string status(int version, const std::string& code = "BOOK") {
  return version >= 8 ? "<Sts><Cd>" + code + "</Cd></Sts>" : "<Sts>" + code + "</Sts>";
}

inline std::string account(const std::string& iban = "NL26VAYB8060476890") {
  return "<Acct><Id><IBAN>" + iban + "</IBAN></Id><Ccy>EUR</Ccy></Acct>";
}

inline std::string balance(const std::string& code, const std::string& amount,
                           const std::string& cd = "CRDT", const std::string& ccy = "EUR") {
  return "<Bal><Tp><CdOrPrtry><Cd>" + code + "</Cd></CdOrPrtry></Tp><Amt Ccy=\"" + ccy + "\">" +
         amount + "</Amt><CdtDbtInd>" + cd + "</CdtDbtInd><Dt><Dt>2026-11-20</Dt></Dt></Bal>";
}

// An entry with amount, indicator and status; `extra` goes after Sts (dates, refs, details).
inline std::string entry(int version, const std::string& amount, const std::string& cd = "CRDT",
                         const std::string& extra = "", const std::string& ccy = "EUR") {
  return "<Ntry><Amt Ccy=\"" + ccy + "\">" + amount + "</Amt><CdtDbtInd>" + cd + "</CdtDbtInd>" +
         status(version) + extra + "</Ntry>";
}

// A statement (Stmt / Ntfctn / Rpt) with an Id, the account and `inner`.
inline std::string statement(int message, const std::string& inner,
                             const std::string& id = "STMT-1") {
  const std::string tag = statement_element(message);
  return "<" + tag + "><Id>" + id + "</Id><CreDtTm>2026-11-20T18:00:00</CreDtTm>" + account() +
         inner + "</" + tag + ">";
}

// A simple statement document with the given entries.
inline std::string statement_document(int version, const std::string& entries) {
  return document(53, version, statement(53, entries));
}

// Records every callback, in order, with the values tests look at.
struct Recorder : Visitor {
  std::vector<std::string> events;
  std::vector<MessageId> messages;
  std::vector<GroupHeader> headers;
  std::vector<Statement> statements;
  std::vector<Balance> balances;
  std::vector<TransactionsSummary> summaries;
  std::vector<Entry> entries;     // as given to on_entry
  std::vector<Entry> entry_ends;  // as given to on_entry_end
  std::vector<Batch> batches;
  std::vector<TransactionDetails> transactions;
  std::vector<StatementTotals> totals;

  void on_message(const MessageId& m) override {
    events.push_back("message");
    messages.push_back(m);
  }
  void on_group_header(const GroupHeader& h) override {
    events.push_back("group_header");
    headers.push_back(h);
  }
  void on_statement(const Statement& s) override {
    events.push_back("statement");
    statements.push_back(s);
  }
  void on_balance(const Statement&, const Balance& b) override {
    events.push_back("balance");
    balances.push_back(b);
  }
  void on_summary(const Statement&, const TransactionsSummary& s) override {
    events.push_back("summary");
    summaries.push_back(s);
  }
  void on_entry(const Statement&, const Entry& e) override {
    events.push_back("entry");
    entries.push_back(e);
  }
  void on_batch(const Entry&, const Batch& b) override {
    events.push_back("batch");
    batches.push_back(b);
  }
  void on_transaction(const Entry&, const TransactionDetails& t) override {
    events.push_back("transaction");
    transactions.push_back(t);
  }
  void on_entry_end(const Statement&, const Entry& e) override {
    events.push_back("entry_end");
    entry_ends.push_back(e);
  }
  void on_statement_end(const Statement&, const StatementTotals& t) override {
    events.push_back("statement_end");
    totals.push_back(t);
  }
};

inline bool has_error(const tally::formats::ParseReport& r, const std::string& code) {
  for (const auto& e : r.errors)
    if (e.code == code) return true;
  return false;
}

inline bool has_warning(const tally::formats::ParseReport& r, const std::string& code) {
  for (const auto& e : r.warnings)
    if (e.code == code) return true;
  return false;
}

inline std::int64_t summary_int(const tally::formats::Fields& f, const std::string& name) {
  const auto* v = f.find(name);
  if (!v || !std::holds_alternative<std::int64_t>(*v)) return -999999;
  return std::get<std::int64_t>(*v);
}

inline std::string describe(const tally::formats::ParseReport& r) {
  std::string out;
  for (const auto& e : r.errors) out += "[" + e.code + "] " + e.field + ": " + e.message + "\n";
  return out;
}

}  // namespace camt_test
