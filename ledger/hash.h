// SHA-256 for the apply loop's hot path (two per event: the payload digest and the entry's
// chain hash). Same digest as tally::sha256 (core/sha256.h), but the algorithm is fetched
// from OpenSSL's provider once, and each thread reuses one context: OpenSSL 3 otherwise
// looks the algorithm up on every call, which costs more than hashing a 300-byte entry.
#pragma once

#include <string_view>

#include "core/sha256.h"

namespace tally::ledger {

Sha256Digest fast_sha256(std::string_view data);

}  // namespace tally::ledger
