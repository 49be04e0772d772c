// Password hashes: a person's password is kept only as a slow, salted hash (OpenSSL scrypt),
// so a copy of the access store does not give the passwords away.
//
// The stored form is one line of text, its parameters beside the hash so they can be raised
// later without breaking the passwords already set:
//   "scrypt$" log2(N) "$" r "$" p "$" hex(salt, 16 bytes) "$" hex(hash, 32 bytes)
// e.g. "scrypt$15$8$1$<32 hex>$<64 hex>". N = 2^15, r = 8, p = 1 needs 32 MiB per check; a
// stored form asking for more than kMaxScryptMemoryBytes is refused, not computed.
//
// Threads: any. At most kMaxConcurrentPasswordChecks hashes run at once (each holds its memory
// for about a tenth of a second); others wait their turn.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tally::api {

struct ScryptParams {
  int log2_n = 15;
  int r = 8;
  int p = 1;
};

inline constexpr std::size_t kPasswordSaltBytes = 16;
inline constexpr std::size_t kPasswordHashBytes = 32;
inline constexpr std::uint64_t kMaxScryptMemoryBytes = 64ull << 20;  // 64 MiB
inline constexpr std::ptrdiff_t kMaxConcurrentPasswordChecks = 2;

// The stored form of `password` with a fresh random salt. Errors: no random bytes, or OpenSSL
// refused the parameters (ApiErrc::invalid_argument).
Result<std::string> hash_password(std::string_view password, const ScryptParams& params = {});

// Whether `password` is the one `stored` was made from, compared in constant time. A stored
// form that does not decode, or asks for too much memory, matches nothing.
bool password_matches(std::string_view password, std::string_view stored);

// A stored form no password matches that costs a check as much as a real one: checked when a
// name is unknown (or has no password), so the time taken does not tell names apart.
std::string_view unmatchable_password_hash();

// A short public id of one stored form (16 hex digits of its SHA-256). Every setting of a
// password has a new salt, so a new version: a web session opened with the old password ends.
std::string password_version(std::string_view stored);

}  // namespace tally::api
