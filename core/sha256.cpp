#include "core/sha256.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstring>

#include "core/assert.h"

namespace tally {
namespace {

// OpenSSL 3 looks the algorithm up on every EVP_sha256() init and one-shot call, which costs
// more than hashing a short message. Fetched once, the digest is shared by every thread.
const EVP_MD* sha256_md() {
  static EVP_MD* const md = [] {
    EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    TALLY_ASSERT(fetched != nullptr, "OpenSSL provides SHA-256");
    return fetched;
  }();
  return md;
}

struct DigestContext {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  DigestContext() { TALLY_ASSERT(ctx != nullptr, "EVP_MD_CTX_new succeeds"); }
  ~DigestContext() { EVP_MD_CTX_free(ctx); }
  DigestContext(const DigestContext&) = delete;
  DigestContext& operator=(const DigestContext&) = delete;
};

void init(EVP_MD_CTX* ctx) {
  TALLY_ASSERT(EVP_DigestInit_ex(ctx, sha256_md(), nullptr) == 1, "sha256 init");
}
void update(EVP_MD_CTX* ctx, const void* data, std::size_t size) {
  TALLY_ASSERT(EVP_DigestUpdate(ctx, data, size) == 1, "sha256 update");
}
Sha256Digest final(EVP_MD_CTX* ctx) {
  Sha256Digest out{};
  unsigned int size = 0;
  TALLY_ASSERT(EVP_DigestFinal_ex(ctx, out.data(), &size) == 1 && size == out.size(), "sha256 final");
  return out;
}

// HMAC (RFC 2104) with the key's inner and outer states computed once: each message then
// costs two short hashes from copied states, not a MAC context built from scratch. Callers
// hash many messages under one key (a data folder's account-hash key), so one key is kept
// per thread and replaced when another comes.
class KeyedHmac {
 public:
  Sha256Digest digest(std::string_view key, std::string_view data) {
    if (!ready_ || key != key_) rekey(key);
    TALLY_ASSERT(EVP_MD_CTX_copy_ex(scratch_.ctx, inner_.ctx) == 1, "hmac copy");
    update(scratch_.ctx, data.data(), data.size());
    const Sha256Digest inner_hash = final(scratch_.ctx);
    TALLY_ASSERT(EVP_MD_CTX_copy_ex(scratch_.ctx, outer_.ctx) == 1, "hmac copy");
    update(scratch_.ctx, inner_hash.data(), inner_hash.size());
    return final(scratch_.ctx);
  }

 private:
  static constexpr std::size_t kBlock = 64;

  void rekey(std::string_view key) {
    key_.assign(key);
    std::uint8_t block[kBlock] = {};
    if (key.size() > kBlock) {
      const Sha256Digest hashed = sha256(key);
      std::memcpy(block, hashed.data(), hashed.size());
    } else {
      std::memcpy(block, key.data(), key.size());
    }
    std::uint8_t pad[kBlock];
    for (std::size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x36;
    init(inner_.ctx);
    update(inner_.ctx, pad, kBlock);
    for (std::size_t i = 0; i < kBlock; ++i) pad[i] = block[i] ^ 0x5c;
    init(outer_.ctx);
    update(outer_.ctx, pad, kBlock);
    ready_ = true;
  }

  std::string key_;
  bool ready_ = false;
  DigestContext inner_, outer_, scratch_;
};

}  // namespace

struct Sha256Stream::Impl {
  DigestContext context;
};

Sha256Stream::Sha256Stream() : impl_(std::make_unique<Impl>()) { init(impl_->context.ctx); }
Sha256Stream::~Sha256Stream() = default;

void Sha256Stream::update(std::string_view data) {
  tally::update(impl_->context.ctx, data.data(), data.size());
}

Sha256Digest Sha256Stream::finish() { return final(impl_->context.ctx); }

Sha256Digest sha256(std::string_view data) {
  thread_local DigestContext context;  // reused: a context per call costs more than the hash
  init(context.ctx);
  update(context.ctx, data.data(), data.size());
  return final(context.ctx);
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  thread_local KeyedHmac hmac;
  return hmac.digest(key, data);
}

std::string to_hex(const std::uint8_t* data, std::size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(size * 2, '0');
  for (std::size_t i = 0; i < size; ++i) {
    out[2 * i] = kDigits[data[i] >> 4];
    out[2 * i + 1] = kDigits[data[i] & 0x0f];
  }
  return out;
}

}  // namespace tally
