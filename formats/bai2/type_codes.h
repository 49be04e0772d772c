// BAI2 type codes: the three-digit codes that say what a status, summary or detail amount is.
// The table is Appendix A of the BAI Cash Management Balance Reporting Specifications,
// version 2 (2005): 469 uniform codes, each with its direction (credit, debit or neither),
// level and name. Codes missing from the table but inside a range the specification reserves
// (001-099 status, 100-399 credit, 400-699 debit, 700-799 loan, 900-999 customized) are
// accepted with the range's direction and an empty name; any other code is invalid.
// Pure functions over constant data: safe from any thread.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace tally::formats::bai2 {

enum class Direction : std::uint8_t {
  kNone,
  kCredit,
  kDebit
};  // kNone: status, non-monetary, some loan codes
enum class Level : std::uint8_t {
  kStatus,
  kSummary,
  kDetail,
  kUnlisted
};  // kUnlisted: in a range, not in the table

struct TypeCodeInfo {
  int code = 0;
  Direction direction = Direction::kNone;
  Level level = Level::kUnlisted;
  std::string_view name;  // empty for codes not in the table; static storage
  bool custom = false;    // 900-999: agreed between the two parties, not uniform
};

namespace detail {
inline constexpr int kTypeCodeSpace = 1000;
// Every code 000-999 with its info; code 0 marks the codes no range assigns.
extern const std::array<TypeCodeInfo, kTypeCodeSpace> kTypeCodeTable;
}  // namespace detail

// The table entry of a code, or null if no range assigns it (the hot path: no copy).
inline const TypeCodeInfo* find_type_code(int code) {
  if (code < 0 || code >= detail::kTypeCodeSpace) return nullptr;
  const TypeCodeInfo& info = detail::kTypeCodeTable[static_cast<std::size_t>(code)];
  return info.code == 0 ? nullptr : &info;
}

// False: the code is outside every range the specification assigns (000, 800-889, 891-899,
// or not 0-999). An out-parameter, not an optional: this runs for every 16 record and a
// returned aggregate cost a store-forwarding stall. Inline: one table load.
inline bool classify_type_code(int code, TypeCodeInfo& out) {
  if (code < 0 || code >= detail::kTypeCodeSpace) return false;
  const TypeCodeInfo& info = detail::kTypeCodeTable[static_cast<std::size_t>(code)];
  if (info.code == 0) [[unlikely]] {
    out = TypeCodeInfo{};
    out.code = code;
    return false;
  }
  out = info;
  return true;
}

inline std::optional<TypeCodeInfo> classify_type_code(int code) {
  TypeCodeInfo info;
  if (!classify_type_code(code, info)) return std::nullopt;
  return info;
}

// Status codes report balances; they may only appear in 03 records and may be negative.
inline bool is_status(const TypeCodeInfo& info) {
  if (info.level == Level::kStatus) return true;
  return info.level == Level::kUnlisted && info.code >= 1 && info.code <= 99;
}

std::string_view direction_name(Direction d);  // "none", "credit", "debit"

}  // namespace tally::formats::bai2
