// libFuzzer target for the card reader: any bytes must give a report, never a crash, a hang or
// unbounded memory; and no record may hold a card number (the reader's masking promise).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/assert.h"
#include "formats/card/profile.h"
#include "formats/card/reader.h"
#include "formats/common/pan.h"

namespace {

using tally::formats::PanOptions;

class NoPans : public tally::formats::card::Visitor {
 public:
  void on_record(const tally::formats::card::CardRecord& r) override {
    PanOptions cards;
    cards.require_card_prefix = true;
    for (const std::string* s :
         {&r.processor, &r.merchant, &r.batch_id, &r.card_brand, &r.last_four, &r.auth_code,
          &r.processor_reference, &r.modification_reference, &r.our_reference, &r.reason_code,
          &r.case_id, &r.processor_type})
      TALLY_ASSERT(tally::formats::find_pans(*s, cards).empty(), "a record holds a card number");
    TALLY_ASSERT(r.last_four.empty() || r.last_four.size() == 4, "last_four is four digits");
    TALLY_ASSERT(r.gross.minor() - r.fees.minor() == r.net.minor(), "gross - fees == net");
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  NoPans visitor;
  const auto report = tally::formats::card::parse(bytes, visitor);
  TALLY_ASSERT(report.accepted == report.errors.empty(), "accepted iff no errors");
  (void)tally::formats::card::detect_profile(bytes);

  // Masking keeps length and is a fixed point.
  std::string text(bytes);
  tally::formats::mask_pans(text);
  TALLY_ASSERT(text.size() == size, "masking keeps the length");
  TALLY_ASSERT(tally::formats::find_pans(text).empty(), "masked text holds no PAN");
  return 0;
}
