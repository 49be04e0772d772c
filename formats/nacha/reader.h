// NACHA ACH file reader: streams an in-memory file's records to a Visitor and returns the
// report (accepted or not, computed and declared control totals, located issues).
//
// Contract:
//  - parse() calls the visitor as records are read, before the file is known to be good.
//    Act on what it delivered only if the returned report is accepted. After the first
//    error the visitor receives no further calls; reading goes on to report more issues
//    (up to ParseReport::kMaxIssues errors).
//  - Records are delivered in file order: on_file_header, then per batch on_batch_header,
//    on_entry (each entry with all its addenda attached), on_batch_control; then
//    on_file_control. Views inside records are valid only during the callback.
//  - Memory does not grow with the file: nothing is accumulated but the current entry's
//    addenda (at most kMaxAddendaPerEntry). Input larger than kMaxInputBytes is refused.
//  - Never throws; any byte sequence gives a report. Not thread-safe per call (one Visitor),
//    but independent calls may run concurrently.
//
// Report: format "nacha"; `summary` (computed from the records) and `declared` (the file
// control record) each carry batches, entry_addenda, debit_total_minor, credit_total_minor,
// entry_hash and block_count. The rules checked and the leniencies allowed are listed in
// formats/nacha/README.md.
#pragma once

#include <cstddef>
#include <string_view>

#include "formats/common/report.h"
#include "formats/nacha/records.h"

namespace tally::formats::nacha {

inline constexpr std::size_t kMaxInputBytes = std::size_t{2} << 30;  // 2 GiB
inline constexpr std::size_t kMaxAddendaPerEntry = 9999;             // CTX allows up to 9,999

class Visitor {
 public:
  virtual ~Visitor() = default;
  virtual void on_file_header(const FileHeader&) {}
  virtual void on_batch_header(const BatchHeader&) {}
  virtual void on_entry(const EntryDetail&) {}
  virtual void on_batch_control(const BatchControl&) {}
  virtual void on_file_control(const FileControl&) {}
};

ParseReport parse(std::string_view bytes, Visitor& visitor);

// parse() with a visitor that ignores every record: validation only.
ParseReport check(std::string_view bytes);

}  // namespace tally::formats::nacha
