#include "api/tokens.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>

#include "core/assert.h"

namespace tally::api {
namespace {

constexpr std::string_view kPrefix = "tally_";
constexpr std::size_t kIdBytes = 8, kSecretBytes = 32;
constexpr std::size_t kIdHex = 2 * kIdBytes, kSecretHex = 2 * kSecretBytes;
constexpr std::size_t kTokenChars = kPrefix.size() + kIdHex + 1 + kSecretHex;

template <std::size_t N>
std::string random_hex() {
  std::array<unsigned char, N> bytes{};
  TALLY_ASSERT(RAND_bytes(bytes.data(), static_cast<int>(N)) == 1, "the system's random source works");
  return to_hex(bytes.data(), N);
}

bool lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace

IssuedToken issue_token() {
  IssuedToken out;
  out.token_id = random_hex<kIdBytes>();
  out.token = std::string(kPrefix) + out.token_id + "_" + random_hex<kSecretBytes>();
  out.hash = sha256(out.token);
  return out;
}

std::optional<std::string_view> token_id_of(std::string_view token) {
  if (token.size() != kTokenChars || !token.starts_with(kPrefix)) return std::nullopt;
  const std::string_view id = token.substr(kPrefix.size(), kIdHex);
  if (token[kPrefix.size() + kIdHex] != '_') return std::nullopt;
  if (!lower_hex(id) || !lower_hex(token.substr(kPrefix.size() + kIdHex + 1))) return std::nullopt;
  return id;
}

bool token_matches(std::string_view token, const Sha256Digest& stored) {
  const Sha256Digest presented = sha256(token);
  return CRYPTO_memcmp(presented.data(), stored.data(), presented.size()) == 0;
}

}  // namespace tally::api
