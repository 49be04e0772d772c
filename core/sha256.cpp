#include "core/sha256.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "core/assert.h"

namespace tally {

struct Sha256Stream::Impl {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~Impl() { EVP_MD_CTX_free(ctx); }
};

Sha256Stream::Sha256Stream() : impl_(std::make_unique<Impl>()) {
  TALLY_ASSERT(impl_->ctx != nullptr, "EVP_MD_CTX_new succeeds");
  TALLY_ASSERT(EVP_DigestInit_ex(impl_->ctx, EVP_sha256(), nullptr) == 1, "sha256 init");
}
Sha256Stream::~Sha256Stream() = default;

void Sha256Stream::update(std::string_view data) {
  TALLY_ASSERT(EVP_DigestUpdate(impl_->ctx, data.data(), data.size()) == 1, "sha256 update");
}

Sha256Digest Sha256Stream::finish() {
  Sha256Digest out{};
  unsigned int size = 0;
  TALLY_ASSERT(EVP_DigestFinal_ex(impl_->ctx, out.data(), &size) == 1 && size == out.size(),
               "sha256 final");
  return out;
}

Sha256Digest sha256(std::string_view data) {
  Sha256Digest out{};
  unsigned int size = 0;
  TALLY_ASSERT(EVP_Digest(data.data(), data.size(), out.data(), &size, EVP_sha256(), nullptr) == 1,
               "sha256 one-shot");
  return out;
}

Sha256Digest hmac_sha256(std::string_view key, std::string_view data) {
  Sha256Digest out{};
  unsigned int size = 0;
  const unsigned char* result =
      HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &size);
  TALLY_ASSERT(result != nullptr && size == out.size(), "hmac-sha256");
  return out;
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
