// Big-endian keys that sort by (partition, position), and varint framing. Shared by the
// embedded log and the ledger's RocksDB layouts.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "core/assert.h"
#include "core/ids.h"

namespace tally::log {

inline void put_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}
inline void put_be64(std::string& out, std::uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}
inline std::uint64_t get_be(std::string_view s, std::size_t offset, std::size_t bytes) {
  TALLY_ASSERT(offset + bytes <= s.size(), "big-endian field within the key");
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < bytes; ++i) v = (v << 8) | static_cast<std::uint8_t>(s[offset + i]);
  return v;
}

inline std::string record_key(PartitionId p, LogPosition pos) {
  std::string key;
  key.reserve(12);
  put_be32(key, p.value());
  put_be64(key, static_cast<std::uint64_t>(pos.value()));
  return key;
}

inline std::pair<PartitionId, LogPosition> decode_record_key(std::string_view key) {
  TALLY_ASSERT(key.size() == 12, "log record keys are 12 bytes");
  return {PartitionId(static_cast<std::uint32_t>(get_be(key, 0, 4))),
          LogPosition(static_cast<std::int64_t>(get_be(key, 4, 8)))};
}

inline void put_varint32(std::string& out, std::uint32_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

// Reads a varint32 from the front of `in` and removes it. False when malformed.
inline bool get_varint32(std::string_view& in, std::uint32_t& v) {
  v = 0;
  for (int shift = 0; shift <= 28 && !in.empty(); shift += 7) {
    const auto byte = static_cast<std::uint8_t>(in.front());
    in.remove_prefix(1);
    v |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

}  // namespace tally::log
