// libFuzzer target for the camt reader: any bytes must give a report, never a crash, hang or
// unbounded memory. Seeds: the corpus's camt/*.xml files.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/camt/reader.h"

namespace {

// Touches every record so the sanitizers see the values the reader builds.
struct Touch final : tally::formats::camt::Visitor {
  std::size_t bytes = 0;
  void on_entry(const tally::formats::camt::Statement& s,
                const tally::formats::camt::Entry& e) override {
    bytes += s.id.size() + e.status.size() + static_cast<std::size_t>(e.amount.minor() & 1);
  }
  void on_transaction(const tally::formats::camt::Entry&,
                      const tally::formats::camt::TransactionDetails& t) override {
    bytes += t.end_to_end_id.size() + t.unstructured.size();
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Touch touch;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const auto report = tally::formats::camt::parse(bytes, touch);
  if (report.accepted && !report.errors.empty()) __builtin_trap();  // contract: no errors
  return 0;
}
