// The payload digest that decides, in the ledger, whether a repeated event id is a duplicate (same digest:
// skipped) or a conflict (different digest: a CONFLICTING_EVENT discrepancy).
//
// It covers what the event says, not how it travelled: the envelope's id (1), type (2),
// business date (4) and payload (20..37), hashed from the encoded bytes in field order.
// Schema version (3), recorded-at (5), source (6) and partition key (7) are left out, so
// the same payment in a corrected re-send of a file (new file hash, new ordinal, new
// recorded-at) is a duplicate, not a conflict. digest = first 16 bytes of SHA-256.
// Ingest computes the same digest before publishing, to refuse a file whose events conflict
// with what earlier files published (ingest/published_ids.h).
#pragma once

#include <string_view>

#include <array>
#include <cstdint>

namespace tally::events {

using Digest16 = std::array<std::uint8_t, 16>;

// `encoded` is a record that events::decode accepted.
Digest16 payload_digest(std::string_view encoded);

}  // namespace tally::events
