// Identity types: event ids (128-bit, deterministic from a business key), partitions and log
// positions. Account names: core/accounts.h.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "core/strong_int.h"

namespace tally {

// The longest identifier (customer account, drawer, bank id) an event may carry: the ledger
// builds account names and keys from them.
inline constexpr std::size_t kMaxIdBytes = 100;

using PartitionId = StrongInt<struct PartitionTag, std::uint32_t>;
// Offset of a record within one partition of the event log: 0, 1, 2, ... with no gaps.
using LogPosition = StrongInt<struct LogPositionTag, std::int64_t>;
// Sequence number of a journal entry within one ledger partition.
using EntrySequence = StrongInt<struct EntrySequenceTag, std::uint64_t>;

// A permanent 128-bit event id. Derived from the event's business key, so the same payment
// arriving twice (same file, or a corrected re-send) gets the same id.
class EventId {
 public:
  static constexpr std::size_t kBytes = 16;
  EventId() = default;
  explicit EventId(const std::array<std::uint8_t, kBytes>& bytes) : bytes_(bytes) {}

  // id = first 128 bits of SHA-256( kind 0x1F part1 0x1F part2 ... ). The kind names the
  // key's scheme ("ach", "lockbox", ...); 0x1F (unit separator) cannot occur in the parts'
  // text, so different part lists never collide by concatenation. The layout is permanent:
  // changing it would give every stored event a new id. Test vectors in core/tests.
  static EventId from_business_key(std::string_view kind,
                                   std::initializer_list<std::string_view> parts);
  static std::optional<EventId> from_bytes(std::string_view bytes);  // exactly 16 bytes
  static std::optional<EventId> from_hex(std::string_view hex);      // 32 hex digits

  const std::array<std::uint8_t, kBytes>& bytes() const { return bytes_; }
  std::string_view as_string_view() const {
    return {reinterpret_cast<const char*>(bytes_.data()), kBytes};
  }
  std::string to_hex() const;
  bool is_nil() const;
  // The id as two big-endian words: they order like the bytes, and compare in two integer
  // comparisons where the bytes would take a memcmp (sorting a file's million ids).
  std::array<std::uint64_t, 2> words() const {
    std::array<std::uint64_t, 2> w{};
    for (std::size_t i = 0; i < kBytes; ++i) w[i / 8] = (w[i / 8] << 8) | bytes_[i];
    return w;
  }
  std::strong_ordering operator<=>(const EventId& other) const { return words() <=> other.words(); }
  bool operator==(const EventId&) const = default;

 private:
  std::array<std::uint8_t, kBytes> bytes_{};
};

}  // namespace tally

template <>
struct std::hash<tally::EventId> {
  std::size_t operator()(const tally::EventId& id) const noexcept {
    std::size_t h = 0;
    for (int i = 0; i < 8; ++i) h = (h << 8) | id.bytes()[static_cast<std::size_t>(i)];
    return h;
  }
};
