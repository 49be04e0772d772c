// libFuzzer target: any bytes through the NACHA reader must give a report, never a crash,
// hang or unbounded allocation. Accepted files must also satisfy the reader's own promise:
// every computed total equals the file control's (the batch count may differ only with a
// batch_count_mismatch warning, when all the totals prove no batch is missing). And the
// reader's loop over entry records is an optimization only: with it off, the report must be
// the same.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string_view>
#include <vector>

#include "formats/nacha/entry_scan.h"
#include "formats/nacha/reader.h"

namespace {

bool same_issues(const std::vector<tally::formats::Issue>& a,
                 const std::vector<tally::formats::Issue>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].line != b[i].line || a[i].record != b[i].record || a[i].field != b[i].field ||
        a[i].code != b[i].code || a[i].message != b[i].message)
      return false;
  return true;
}

bool same_fields(const tally::formats::Fields& a, const tally::formats::Fields& b) {
  return a.items() == b.items();
}

bool warned(const tally::formats::ParseReport& report, std::string_view code) {
  for (const auto& w : report.warnings)
    if (w.code == code) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  namespace nacha = tally::formats::nacha;
  const auto report = nacha::check(bytes);
  nacha::set_entry_loop_for_testing(nacha::EntryLoop::kOff);
  const auto reference = nacha::check(bytes);
  nacha::set_entry_loop_for_testing(std::nullopt);
  if (report.accepted != reference.accepted || !same_issues(report.errors, reference.errors) ||
      !same_issues(report.warnings, reference.warnings) ||
      !same_fields(report.summary, reference.summary) ||
      !same_fields(report.declared, reference.declared))
    std::abort();
  if (!report.accepted) {
    if (report.errors.empty()) std::abort();  // a rejection always says why
    return 0;
  }
  const bool batch_count_excused = warned(report, "batch_count_mismatch");
  for (const char* field : {"batches", "entry_addenda", "debit_total_minor", "credit_total_minor",
                            "entry_hash", "block_count"}) {
    const auto* computed = report.summary.find(field);
    const auto* declared = report.declared.find(field);
    if (computed == nullptr || declared == nullptr) std::abort();
    if (*computed != *declared && !(batch_count_excused && std::string_view(field) == "batches"))
      std::abort();
  }
  return 0;
}
