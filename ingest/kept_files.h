// The copies Tally keeps of the files it received (processed/, processed/duplicates/,
// quarantine/): card numbers and bank account numbers masked first, then sealed with AES-256-GCM under keys/files.key,
// written 0600 as <sha8>-<name>.sealed, and the file that arrived removed. The SHA-256 a file
// is deduplicated by stays that of what arrived; a gzip delivery is kept as what it held.
//
// Layout of a kept file: "tally-kept 1\n", the SHA-256 of what arrived (64 hex digits), "\n",
// then seal(files key, the bytes with card numbers masked) (sealing.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/config.h"
#include "core/result.h"
#include "ingest/file_context.h"

namespace tally::ingest {

// What to mask in a kept copy beside the card numbers a scan of the whole text finds.
struct KeepMasks {
  const AccountSpans* accounts = nullptr;  // bank account numbers the mappers met
  // Lines where a reader masked a card number ("pan_masked"): in fixed-width records a card
  // number can be glued to the digits of the field before it, so these lines are scanned
  // for one starting at any digit.
  std::vector<std::int64_t> card_lines;
};

// The text a kept copy holds: `bytes` with card numbers and the given account numbers masked
// (every digit but the last four as '*'; nothing moves).
std::string masked_for_keeping(std::string_view bytes, const KeepMasks& masks);

// Writes the kept copy of `bytes` (what arrived at `from_path`, whose SHA-256 is `sha256`)
// into `dir` and removes `from_path`. Returns the kept file's path.
Result<std::string> keep_file(std::string_view bytes, const std::string& from_path,
                              const std::string& dir, const std::string& sha256,
                              std::string_view key, const KeepMasks& masks);

// Writes a kept file of `bytes` (whose SHA-256 is `sha256`) at `path`, nothing masked: a
// file Tally made and will ingest later, byte for byte (an autopay run, autopay_settlement.h).
// Sealed whole under `key`, 0600, synced.
Status write_sealed_copy(const std::string& path, std::string_view bytes, const std::string& sha256,
                         std::string_view key);

// Writes `bytes` to `path` as they are, 0600, synced, making its folder: for a file opened
// from a sealed copy only while it is ingested.
Status write_private_file(const std::string& path, std::string_view bytes);

struct KeptFile {
  std::string path;
  std::string sha256;    // of what arrived
  std::string contents;  // as arrived, card numbers masked
};

// Opens a kept file: its header, then the sealed bytes under `key`.
Result<KeptFile> read_kept(const std::string& path, std::string_view key);

// The SHA-256 of what arrived, from a kept file's header alone (nothing unsealed, no key).
Result<std::string> kept_sha256(const std::string& path);

// The kept file of the file whose SHA-256 is `sha256` (the full 64 digits), looked for in
// `dirs`; not_found when none.
Result<KeptFile> find_kept(const std::vector<std::string>& dirs, const std::string& sha256,
                           std::string_view key);

// The kept copy of a file the data folder received, looked for in processed/,
// processed/duplicates/ and quarantine/ and opened with the folder's files key (keys/): what
// `tally files show` prints and GET /api/v1/files/{sha256}/content answers. Errors (IngestErrc):
// bad_input when `sha256` is not 64 lower-case hex digits, not_found when no kept file has it;
// the keys' and reading's as they come.
Result<KeptFile> find_received_file(const Config& config, const std::string& sha256);

// "<dir>/<sha8>-<name>": where the reports about a kept file go (<base>.errors.txt, ...).
std::string report_base(const std::string& kept_path);

}  // namespace tally::ingest
