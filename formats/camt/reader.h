// Streaming reader of ISO 20022 camt.053 / camt.054 / camt.052 documents, versions 2-8.
//
// Contract:
// - parse() reads the whole document once with expat and calls the Visitor as each item is
//   read: group header, statement (its own fields), balances, transaction summary, entries,
//   batches, transaction details, entry end, statement end. It keeps no list of items, so
//   memory does not grow with the file: element text is capped (Limits::max_text_bytes),
//   nesting is capped (Limits::max_depth) and no single XML token may exceed
//   Limits::max_token_bytes.
// - Visitor calls happen before the document is known to be good. Callers must act on what
//   they were told only when the returned report says `accepted`.
// - A document is rejected for malformed XML (with line and column), a DOCTYPE (no entity
//   expansion, ever), a namespace that is not camt.052/053/054 version 2-8, a message element
//   that does not match its namespace, a group header with no statement, a missing mandatory
//   field, an amount that is not exact in its currency, a bad date or indicator, and a
//   TxsSummry count or sum that disagrees with the entries.
// - No exception escapes. Thread-compatible: each call is independent.
// Layout notes (what is read from where) are in formats/camt/README.md.
#pragma once

#include <cstddef>
#include <string_view>

#include "formats/camt/records.h"
#include "formats/common/report.h"

namespace tally::formats::camt {

struct Limits {
  std::size_t max_file_bytes = std::size_t{1} << 30;  // 1 GiB
  std::size_t max_text_bytes = 64 * 1024;             // any one element's text
  std::size_t max_token_bytes = 1024 * 1024;          // a tag, comment or PI, buffered by expat
  int max_depth = 64;                                 // element nesting
  std::size_t max_repeats = 64;  // Ustrd, Strd references, AddtlInf per transaction
};

// Callbacks, all no-ops by default. References are valid only during the call.
class Visitor {
 public:
  virtual ~Visitor() = default;
  virtual void on_message(const MessageId&) {}
  virtual void on_group_header(const GroupHeader&) {}
  virtual void on_statement(const Statement&) {}
  virtual void on_balance(const Statement&, const Balance&) {}
  virtual void on_summary(const Statement&, const TransactionsSummary&) {}
  // The entry's own fields; its details follow, then on_entry_end.
  virtual void on_entry(const Statement&, const Entry&) {}
  virtual void on_batch(const Entry&, const Batch&) {}
  virtual void on_transaction(const Entry&, const TransactionDetails&) {}
  virtual void on_entry_end(const Statement&, const Entry&) {}
  virtual void on_statement_end(const Statement&, const StatementTotals&) {}
};

// Report: format "camt.053" / "camt.054" / "camt.052" ("camt" when the message is unknown);
// summary: statements, entries, credit_total_minor, debit_total_minor (minor units of the
// entries' currencies), currency (when all entries share one), version; declared (only when
// some statement has a TxsSummry): entries, credit_entries, debit_entries, and when the
// declared sums are exact in the entries' one currency credit_total_minor, debit_total_minor.
ParseReport parse(std::string_view bytes, Visitor& visitor, const Limits& limits = {});
ParseReport check(std::string_view bytes, const Limits& limits = {});

}  // namespace tally::formats::camt
