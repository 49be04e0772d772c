#include "ingest/sealing.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/assert.h"
#include "core/sha256.h"
#include "ingest/errors.h"

namespace tally::ingest {
namespace {
constexpr int kKeyBytes = 32, kNonceBytes = 12, kTagBytes = 16;
constexpr std::size_t kPieceBytes = std::size_t{1} << 30;

struct CtxDeleter {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxDeleter>;

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// Encrypts into `out`, whose first kNonceBytes hold the nonce already.
void seal_into(std::string_view key, std::string_view plaintext, std::string& out) {
  Ctx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  TALLY_ASSERT(EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(out)) == 1, "gcm init");
  // In pieces: OpenSSL counts bytes in an int, and a kept file may be larger.
  std::size_t done = 0;
  for (std::size_t piece; done < plaintext.size(); done += piece) {
    piece = std::min(kPieceBytes, plaintext.size() - done);
    TALLY_ASSERT(EVP_EncryptUpdate(ctx.get(), bytes(out) + kNonceBytes + done, &len,
                                   bytes(plaintext) + done, static_cast<int>(piece)) == 1 &&
                     static_cast<std::size_t>(len) == piece,
                 "gcm encrypt");
  }
  TALLY_ASSERT(EVP_EncryptFinal_ex(ctx.get(), bytes(out) + kNonceBytes + done, &len) == 1, "gcm final");
  TALLY_ASSERT(EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes,
                                   bytes(out) + kNonceBytes + plaintext.size()) == 1, "gcm tag");
}

}  // namespace

std::string seal(std::string_view key, std::string_view plaintext) {
  TALLY_ASSERT(key.size() == kKeyBytes, "sealing keys are 32 bytes");
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  TALLY_ASSERT(RAND_bytes(bytes(out), kNonceBytes) == 1, "random nonce");
  seal_into(key, plaintext, out);
  return out;
}

std::string seal_deterministic(std::string_view key, std::string_view context,
                               std::string_view plaintext) {
  TALLY_ASSERT(key.size() == kKeyBytes, "sealing keys are 32 bytes");
  std::string out(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  // Synthetic nonce: a keyed hash of everything sealed, so a nonce repeats only with the same
  // context and plaintext (the same bytes out), never for two different plaintexts. The hash
  // key is derived from the sealing key, not the sealing key itself.
  const Sha256Digest nonce_key = hmac_sha256(key, "tally-seal-nonce-key");
  std::string material = std::to_string(context.size());
  material.append(":").append(context).append(plaintext);
  const Sha256Digest mac = hmac_sha256(
      std::string_view(reinterpret_cast<const char*>(nonce_key.data()), nonce_key.size()), material);
  std::copy_n(mac.begin(), kNonceBytes, out.begin());
  seal_into(key, plaintext, out);
  return out;
}

std::optional<std::string> unseal(std::string_view key, std::string_view sealed) {
  if (key.size() != kKeyBytes || sealed.size() < kNonceBytes + kTagBytes) return std::nullopt;
  const std::size_t text_size = sealed.size() - kNonceBytes - kTagBytes;
  std::string out(text_size, '\0');
  std::string tag(sealed.substr(kNonceBytes + text_size));
  Ctx ctx(EVP_CIPHER_CTX_new());
  int len = 0;
  if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key), bytes(sealed)) != 1) return std::nullopt;
  std::size_t done = 0;
  for (std::size_t piece; done < text_size; done += piece) {
    piece = std::min(kPieceBytes, text_size - done);
    if (EVP_DecryptUpdate(ctx.get(), bytes(out) + done, &len, bytes(sealed) + kNonceBytes + done,
                          static_cast<int>(piece)) != 1)
      return std::nullopt;
  }
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, bytes(tag)) != 1) return std::nullopt;
  if (EVP_DecryptFinal_ex(ctx.get(), bytes(out) + done, &len) != 1) return std::nullopt;  // tag mismatch
  return out;
}

Result<std::string> load_or_create_key(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (in) {
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (key.size() != kKeyBytes) return ingest_error(IngestErrc::io, path + " is not a 32-byte key");
    return key;
  }
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::string key(kKeyBytes, '\0');
  TALLY_ASSERT(RAND_bytes(bytes(key), kKeyBytes) == 1, "random key");
  const mode_t old_mask = umask(077);  // the key file is the owner's alone
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(key.data(), kKeyBytes);
  out.close();
  umask(old_mask);
  if (!out) return ingest_error(IngestErrc::io, "cannot write key " + path);
  return key;
}

Result<IngestKeys> load_keys(const std::string& keys_dir) {
  IngestKeys keys;
  TALLY_TRY(keys.account_hash, load_or_create_key(keys_dir + "/account-hash.key"));
  TALLY_TRY(keys.sealing, load_or_create_key(keys_dir + "/sealing.key"));
  TALLY_TRY(keys.files, load_or_create_key(keys_dir + "/files.key"));
  return keys;
}

std::string keys_fingerprint(const IngestKeys& keys) {
  std::string all = "tally keys 1";
  for (const std::string* key : {&keys.account_hash, &keys.sealing, &keys.files}) {
    all += std::to_string(key->size()) + ":";
    all += *key;
  }
  const Sha256Digest digest = sha256(all);
  return to_hex(digest.data(), 16);
}

}  // namespace tally::ingest
