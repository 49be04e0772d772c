#include "core/events/digest.h"

#include <algorithm>
#include <string>

#include "core/sha256.h"

namespace tally::events {
namespace {

constexpr std::uint32_t kWireVarint = 0;
constexpr std::uint32_t kWireFixed64 = 1;
constexpr std::uint32_t kWireLength = 2;
constexpr std::uint32_t kWireFixed32 = 5;

bool read_varint(std::string_view& in, std::uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && !in.empty(); shift += 7) {
    const auto byte = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    v |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

bool covered(std::uint64_t field) {
  return field == 1 || field == 2 || field == 4 || field >= 20;
}

}  // namespace

Digest16 payload_digest(std::string_view encoded) {
  // The covered fields are most of the record: copy them out and hash once (one-shot
  // SHA-256 is cheaper than a stream per event). The buffer is reused per thread.
  thread_local std::string covered_bytes;
  covered_bytes.clear();
  std::string_view in = encoded;
  bool ok = true;
  while (!in.empty() && ok) {
    const std::string_view field_start = in;
    std::uint64_t tag = 0;
    if (!read_varint(in, tag)) break;
    const std::uint64_t wire = tag & 7;
    std::uint64_t len = 0;
    if (wire == kWireVarint) {
      ok = read_varint(in, len);
    } else if (wire == kWireLength) {
      ok = read_varint(in, len) && len <= in.size();
      if (ok) in.remove_prefix(len);
    } else if (wire == kWireFixed64 || wire == kWireFixed32) {
      const std::size_t n = wire == kWireFixed64 ? 8 : 4;
      ok = in.size() >= n;
      if (ok) in.remove_prefix(n);
    } else {
      ok = false;
    }
    if (ok && covered(tag >> 3))
      covered_bytes.append(field_start.substr(0, field_start.size() - in.size()));
  }
  // A record that decoded always walks; should it not, hashing everything is still a digest.
  const Sha256Digest full = ok ? sha256(covered_bytes) : sha256(encoded);
  Digest16 out{};
  std::copy_n(full.begin(), out.size(), out.begin());
  return out;
}

}  // namespace tally::events
