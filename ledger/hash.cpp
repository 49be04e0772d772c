#include "ledger/hash.h"

#include <openssl/evp.h>

#include "core/assert.h"

namespace tally::ledger {
namespace {

const EVP_MD* sha256_md() {
  static EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);  // lives as long as the process
  TALLY_ASSERT(md != nullptr, "OpenSSL provides SHA-256");
  return md;
}

struct Context {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  Context() { TALLY_ASSERT(ctx != nullptr, "EVP_MD_CTX_new succeeds"); }
  ~Context() { EVP_MD_CTX_free(ctx); }
  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
};

}  // namespace

Sha256Digest fast_sha256(std::string_view data) {
  thread_local Context context;
  Sha256Digest out{};
  unsigned int size = 0;
  TALLY_ASSERT(EVP_DigestInit_ex2(context.ctx, sha256_md(), nullptr) == 1 &&
                   EVP_DigestUpdate(context.ctx, data.data(), data.size()) == 1 &&
                   EVP_DigestFinal_ex(context.ctx, out.data(), &size) == 1 && size == out.size(),
               "SHA-256 of an in-memory buffer succeeds");
  return out;
}

}  // namespace tally::ledger
