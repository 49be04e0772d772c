#include "ingest/gunzip.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <cstdint>

#include <fmt/format.h>

#include "ingest/errors.h"

namespace tally::ingest {
namespace {

constexpr int kGzipOnly = 15 + 16;              // windowBits: 32 KiB window, gzip wrapper only
constexpr std::size_t kMaxDeflateRatio = 1032;  // deflate's best case: 258 bytes per 2 bits
constexpr std::size_t kFirstChunk = 64 * 1024;

// One inflate stream, always released.
class Inflater {
 public:
  Inflater() { ok_ = inflateInit2(&z_, kGzipOnly) == Z_OK; }
  ~Inflater() {
    if (ok_) inflateEnd(&z_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
  bool ok() const { return ok_; }
  z_stream& z() { return z_; }

 private:
  z_stream z_{};
  bool ok_ = false;
};

// What the trailer of the last member says the content's size is (mod 2^32), bounded by what
// `compressed` bytes can possibly inflate to and by the limit: a guess to size the buffer
// once, never trusted.
std::size_t size_hint(std::string_view compressed, std::size_t max_bytes) {
  if (compressed.size() < 18) return kFirstChunk;
  const auto* t = reinterpret_cast<const unsigned char*>(compressed.data() + compressed.size() - 4);
  const std::size_t isize = std::size_t{t[0]} | std::size_t{t[1]} << 8 | std::size_t{t[2]} << 16 |
                            std::size_t{t[3]} << 24;
  const std::size_t possible = compressed.size() * kMaxDeflateRatio;
  return std::max(kFirstChunk, std::min({isize + 1, possible, max_bytes + 1}));
}

bool only_zeros(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == '\0'; });
}

Error corrupt(std::string message) {
  return ingest_error(IngestErrc::bad_input, std::move(message));
}

Error too_large(std::size_t max_bytes) {
  return ingest_error(IngestErrc::too_large,
                      fmt::format("gzip content is larger than the {}-byte limit: a gzip bomb, "
                                  "or a file too large to read",
                                  max_bytes));
}

}  // namespace

bool is_gzip(std::string_view b) {
  return b.size() >= 3 && static_cast<unsigned char>(b[0]) == 0x1f &&
         static_cast<unsigned char>(b[1]) == 0x8b && b[2] == 8;
}

Result<std::string> gunzip(std::string_view in, std::size_t max_bytes) {
  if (!is_gzip(in)) return corrupt("not a gzip stream (no 1f 8b 08 magic)");
  Inflater inflater;
  if (!inflater.ok()) return ingest_error(IngestErrc::io, "zlib: inflateInit2 failed");
  z_stream& z = inflater.z();
  // One byte past the limit is room enough to notice the limit passed.
  const std::size_t cap = max_bytes + 1;
  std::string out;
  out.resize(std::min(size_hint(in, max_bytes), cap));
  std::size_t produced = 0;
  std::size_t consumed = 0;  // of `in`, by finished members and the current one so far
  int members = 0;
  for (;;) {
    if (z.avail_in == 0 && consumed < in.size()) {
      z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + consumed));
      z.avail_in = static_cast<uInt>(std::min<std::size_t>(in.size() - consumed, UINT_MAX));
      consumed += z.avail_in;
    }
    if (produced == out.size()) {
      if (out.size() == cap) return too_large(max_bytes);
      out.resize(std::min(cap, out.size() * 2));
    }
    const std::size_t room = std::min<std::size_t>(out.size() - produced, UINT_MAX);
    z.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    z.avail_out = static_cast<uInt>(room);
    const int rc = inflate(&z, Z_NO_FLUSH);
    produced += room - z.avail_out;
    if (rc == Z_STREAM_END) {
      ++members;
      // Another member may follow (gzip concatenates them); zero bytes padding a tape block
      // are ignored, as gzip ignores them; anything else is not gzip.
      const std::size_t at = consumed - z.avail_in;
      const std::string_view rest = in.substr(at);
      if (rest.empty() || only_zeros(rest)) break;
      if (!is_gzip(rest))
        return corrupt(fmt::format("{} bytes after gzip member {} are not another gzip member",
                                   rest.size(), members));
      if (inflateReset(&z) != Z_OK) return corrupt("zlib: inflateReset failed");
      continue;
    }
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR) {  // no progress possible: more output room, or more input
      if (z.avail_out == 0) continue;
      if (z.avail_in == 0 && consumed == in.size())
        return corrupt(
            fmt::format("gzip stream is truncated: it ends inside member {} after "
                        "{} bytes of content",
                        members + 1, produced));
      if (z.avail_in == 0) continue;
    }
    return corrupt(fmt::format("gzip stream is corrupt in member {}: {}", members + 1,
                               z.msg != nullptr ? z.msg : "inflate failed"));
  }
  if (produced > max_bytes)  // the last inflate() filled the one byte past the limit
    return too_large(max_bytes);
  out.resize(produced);
  return out;
}

ReceivedContent ReceivedContent::of(std::string_view raw, std::size_t max_bytes) {
  ReceivedContent c;
  c.raw_ = raw;
  if (!is_gzip(raw)) return c;
  c.compressed_ = true;
  auto inflated = gunzip(raw, max_bytes);
  if (inflated) {
    c.inflated_ = std::move(inflated).value();
    return c;
  }
  const bool too_large = inflated.error().code == make_error_code(IngestErrc::too_large);
  c.error_ = formats::Issue{0, 0, "", too_large ? "gzip_too_large" : "gzip_corrupt",
                            inflated.error().message};
  return c;
}

}  // namespace tally::ingest
