// One scrubber for every event a file makes (DESIGN.md, "Reliability and security"): a card
// number in any text field, whole or written in groups (spaces, dashes or dots), is masked to
// its last four digits before the event is encoded for the log. A field that is an identifier
// (a customer account, a bill, a drawer or session) and holds one is refused instead: masked,
// it would become another customer's key.
//
// A card number here is what formats/common/pan.h finds with a card-network first digit (2-6)
// and dots allowed. Fields that carry numbers a bank or processor assigned and the readers have
// checked the shape of (trace, routing and check numbers, references, codes, hashes) are not
// scanned: masking them would break the keys returns and statements are matched by.
//
// Thread-safe (no state).
#pragma once

#include <cstddef>
#include <string>

#include "core/events/codec.h"
#include "formats/common/pan.h"

namespace tally::ingest {

struct ScrubOutcome {
  std::size_t masked = 0;            // card numbers masked
  std::string refused_field;         // an identifier holding one ("payment_received.account_id")
};

// What counts as a card number in text (also in the kept copies of files, kept_files.h): a
// card-network first digit, whole or in groups of three or more digits, dots allowed.
formats::PanOptions card_number_options();

// `encoded` is events::encode(event); when a card number is masked, both are rewritten. Most
// events hold none, which a scan of the encoded bytes shows without looking at the fields.
ScrubOutcome scrub_card_numbers(events::Envelope& event, std::string& encoded);

}  // namespace tally::ingest
