// libFuzzer target: any bytes through the NACHA reader must give a report, never a crash,
// hang or unbounded allocation. Accepted files must also satisfy the reader's own promise:
// every computed total equals the file control's (the batch count may differ only with a
// batch_count_mismatch warning, when all the totals prove no batch is missing).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "formats/nacha/reader.h"

namespace {

bool warned(const tally::formats::ParseReport& report, std::string_view code) {
  for (const auto& w : report.warnings)
    if (w.code == code) return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto report = tally::formats::nacha::check(bytes);
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
