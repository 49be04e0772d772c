// Sealing: AES-256-GCM for the one secret Tally must keep whole — an autopay customer's bank
// account number, needed to originate the debit. Sealed bytes = 12-byte nonce, ciphertext,
// 16-byte tag. The key lives in <data_dir>/keys/ (see keys.h), never in the log.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tally::ingest {

std::string seal(std::string_view key, std::string_view plaintext);
// The same, with the nonce derived from the key, `context` and the plaintext (a synthetic IV)
// instead of drawn at random: the same plaintext in the same context seals to the same bytes.
// For a command's event (context: its id), so a retried command is the same event rather than
// a conflicting one. It tells only that two sealings in one context hold the same number.
std::string seal_deterministic(std::string_view key, std::string_view context,
                               std::string_view plaintext);
// nullopt when the bytes were not sealed with this key or were altered.
std::optional<std::string> unseal(std::string_view key, std::string_view sealed);

// Reads the 32-byte key at `path`, creating it (random, mode 0600) when absent.
Result<std::string> load_or_create_key(const std::string& path);

struct IngestKeys {
  std::string account_hash;  // HMAC-SHA256 key for bank account numbers
  std::string sealing;       // AES-256-GCM key for autopay account numbers
  std::string files;         // AES-256-GCM key for the kept copies of received files
};
// <keys_dir>/account-hash.key, sealing.key and files.key. Back them up with the data: without
// the sealing key, autopay cannot be originated for enrolled accounts; without the files key,
// the kept copies cannot be read.
Result<IngestKeys> load_keys(const std::string& keys_dir);

// 32 hex digits naming the three keys together, so nodes of one cluster can check they share
// them without showing them (a hash of 256-bit random keys tells nothing of them).
std::string keys_fingerprint(const IngestKeys& keys);

}  // namespace tally::ingest
