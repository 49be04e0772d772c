#include "api/password_hash.h"

#include <fmt/format.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <optional>
#include <semaphore>
#include <vector>

#include "api/errors.h"
#include "core/sha256.h"

namespace tally::api {
namespace {

constexpr std::string_view kScheme = "scrypt";
constexpr std::size_t kVersionHexDigits = 16;
// What a stored form may ask for: beyond these it is not a form we wrote.
constexpr int kMaxLog2N = 20;
constexpr int kMaxR = 32;
constexpr int kMaxP = 16;

using Salt = std::array<std::uint8_t, kPasswordSaltBytes>;
using Hash = std::array<std::uint8_t, kPasswordHashBytes>;

struct Decoded {
  ScryptParams params;
  Salt salt{};
  Hash hash{};
};

std::counting_semaphore<kMaxConcurrentPasswordChecks>& hash_slots() {
  static std::counting_semaphore<kMaxConcurrentPasswordChecks> slots(kMaxConcurrentPasswordChecks);
  return slots;
}

// Takes one of the few slots for the length of a hash: scrypt's memory is bounded by the slots.
class HashSlot {
 public:
  HashSlot() { hash_slots().acquire(); }
  ~HashSlot() { hash_slots().release(); }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
};

bool params_allowed(const ScryptParams& p) {
  return p.log2_n >= 1 && p.log2_n <= kMaxLog2N && p.r >= 1 && p.r <= kMaxR && p.p >= 1 &&
         p.p <= kMaxP;
}

bool scrypt(std::string_view password, const Salt& salt, const ScryptParams& p, Hash& out) {
  if (!params_allowed(p)) return false;
  HashSlot slot;
  return EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(),
                        std::uint64_t{1} << p.log2_n, static_cast<std::uint64_t>(p.r),
                        static_cast<std::uint64_t>(p.p), kMaxScryptMemoryBytes, out.data(),
                        out.size()) == 1;
}

std::string encode(const ScryptParams& p, const Salt& salt, const Hash& hash) {
  return fmt::format("{}${}${}${}${}${}", kScheme, p.log2_n, p.r, p.p,
                     to_hex(salt.data(), salt.size()), to_hex(hash.data(), hash.size()));
}

std::optional<int> small_number(std::string_view text) {
  int v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

template <std::size_t N>
bool from_hex(std::string_view hex, std::array<std::uint8_t, N>& out) {
  if (hex.size() != 2 * N) return false;
  for (std::size_t i = 0; i < N; ++i) {
    unsigned v = 0;
    for (char c : hex.substr(2 * i, 2)) {
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else return false;
    }
    out[i] = static_cast<std::uint8_t>(v);
  }
  return true;
}

std::optional<Decoded> decode(std::string_view stored) {
  std::vector<std::string_view> parts;
  while (parts.size() < 7) {
    const std::size_t dollar = stored.find('$');
    parts.push_back(stored.substr(0, dollar));
    if (dollar == std::string_view::npos) break;
    stored.remove_prefix(dollar + 1);
  }
  if (parts.size() != 6 || parts[0] != kScheme) return std::nullopt;
  const auto log2_n = small_number(parts[1]);
  const auto r = small_number(parts[2]);
  const auto p = small_number(parts[3]);
  if (!log2_n || !r || !p) return std::nullopt;
  Decoded d;
  d.params = {*log2_n, *r, *p};
  if (!params_allowed(d.params) || !from_hex(parts[4], d.salt) || !from_hex(parts[5], d.hash))
    return std::nullopt;
  return d;
}

}  // namespace

Result<std::string> hash_password(std::string_view password, const ScryptParams& params) {
  Salt salt{};
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1)
    return api_error(ApiErrc::storage, "no random bytes for a password's salt (RAND_bytes)");
  Hash hash{};
  if (!scrypt(password, salt, params, hash))
    return api_error(ApiErrc::invalid_argument,
                     fmt::format("scrypt refused N=2^{} r={} p={}", params.log2_n, params.r, params.p));
  return encode(params, salt, hash);
}

bool password_matches(std::string_view password, std::string_view stored) {
  const std::optional<Decoded> d = decode(stored);
  Hash computed{};
  if (!d || !scrypt(password, d->salt, d->params, computed)) return false;
  return CRYPTO_memcmp(computed.data(), d->hash.data(), computed.size()) == 0;
}

std::string_view unmatchable_password_hash() {
  // The default parameters, a fixed salt and a hash of all zeros: scrypt's output is never
  // known to be zero, and the work done is that of a real check.
  static const std::string kDummy = encode(ScryptParams{}, Salt{}, Hash{});
  return kDummy;
}

std::string password_version(std::string_view stored) {
  return to_hex(sha256(stored)).substr(0, kVersionHexDigits);
}

}  // namespace tally::api
