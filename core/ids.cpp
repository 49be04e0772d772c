#include "core/ids.h"

#include <algorithm>
#include <string>

#include "core/sha256.h"

namespace tally {

EventId EventId::from_business_key(std::string_view kind,
                                   std::initializer_list<std::string_view> parts) {
  constexpr char kSeparator = '\x1f';
  // One buffer per thread: ids are made for every record of a file, and a hash of the joined
  // key costs less than a stream per id.
  thread_local std::string key;
  key.assign(kind);
  for (std::string_view part : parts) {
    key.push_back(kSeparator);
    key.append(part);
  }
  const Sha256Digest digest = sha256(key);
  std::array<std::uint8_t, kBytes> bytes{};
  std::copy_n(digest.begin(), kBytes, bytes.begin());
  return EventId(bytes);
}

std::optional<EventId> EventId::from_bytes(std::string_view bytes) {
  if (bytes.size() != kBytes) return std::nullopt;
  std::array<std::uint8_t, kBytes> out{};
  std::transform(bytes.begin(), bytes.end(), out.begin(),
                 [](char c) { return static_cast<std::uint8_t>(c); });
  return EventId(out);
}

std::optional<EventId> EventId::from_hex(std::string_view hex) {
  if (hex.size() != 2 * kBytes) return std::nullopt;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::array<std::uint8_t, kBytes> out{};
  for (std::size_t i = 0; i < kBytes; ++i) {
    const int hi = nibble(hex[2 * i]);
    const int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return EventId(out);
}

std::string EventId::to_hex() const { return tally::to_hex(bytes_.data(), bytes_.size()); }

bool EventId::is_nil() const {
  return std::all_of(bytes_.begin(), bytes_.end(), [](std::uint8_t b) { return b == 0; });
}

}  // namespace tally
