// Compressed deliveries: banks and processors often send a file gzipped (usually named
// `.gz`, not always). A gzip file is recognised by its magic bytes (1f 8b, then method 8,
// deflate), never by its name, and read as what it holds: every member of a multi-member
// file, concatenated, as `gzip -d` does.
//
// Bounded: decompression stops, and the file is refused, as soon as the output would pass
// `max_bytes` (a gzip bomb: a few KB that inflate to terabytes), the way the camt reader
// refuses a DOCTYPE rather than expanding entities. A truncated or corrupt stream (bad header,
// bad deflate data, CRC or length trailer that does not match) is refused too, never read in
// part. Pure (bytes in, bytes out), no I/O; thread-safe (no shared state).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "formats/common/report.h"

namespace tally::ingest {

// Far past any bank file (a 1,000,000-entry NACHA file is 95 MB), and small enough that a
// bomb cannot take the machine's memory.
inline constexpr std::size_t kMaxGunzipBytes = std::size_t{1} << 30;  // 1 GiB

// The gzip magic: 1f 8b 08 (deflate, the only method gzip defines).
bool is_gzip(std::string_view bytes);

// The decompressed content of gzip `bytes`. Errors (IngestErrc): too_large when the output
// would exceed `max_bytes`, bad_input when the stream is truncated or corrupt; the message
// says which, for people.
Result<std::string> gunzip(std::string_view bytes, std::size_t max_bytes = kMaxGunzipBytes);

// What a received file holds, for detection, parsing and mapping: the file's own bytes, or,
// for a gzip file, its decompressed content (decompressed here, once). A file's SHA-256 (the
// file registry's dedupe key) is always taken over what arrived, never over this content.
class ReceivedContent {
 public:
  // `raw` must outlive this object (the content may be a view of it).
  static ReceivedContent of(std::string_view raw, std::size_t max_bytes = kMaxGunzipBytes);

  std::string_view bytes() const { return compressed_ ? std::string_view(inflated_) : raw_; }
  bool compressed() const { return compressed_; }
  std::size_t received_bytes() const { return raw_.size(); }
  // A gzip file that could not be read: the refusal's error (code "gzip_too_large" or
  // "gzip_corrupt"), whole-file located. bytes() is then empty.
  const std::optional<formats::Issue>& error() const { return error_; }

 private:
  std::string_view raw_;
  std::string inflated_;
  bool compressed_ = false;
  std::optional<formats::Issue> error_;
};

}  // namespace tally::ingest
