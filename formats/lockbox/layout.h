// Lockbox record layouts: where each field of each record type sits, because banks differ.
//
// A BAI lockbox transmission is fixed-position text, one record per line, the record type in
// column 1: 1 immediate address header, 2 service record, 5 lockbox header, 6 detail (one
// check), 4 overflow (remittance data of the preceding 6), 7 batch total, 8 lockbox (service)
// total, 9 destination trailer. The BAI format fixes the record types; each bank places the
// fields in its own columns. A LockboxLayout is that placement: a table of
// (record type, field, position, length, type), positions 1-based as bank specifications
// print them (column 1 is the record type). LockboxLayout::standard() is the common layout
// (README.md lists it); other banks' layouts come from a code table (from_table) or a TOML
// text (from_toml). See README.md, "Adding a bank's layout".
//
// Layouts are immutable values, safe to share between threads once built.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/currency.h"
#include "core/result.h"

namespace tally::formats::lockbox {

// Every field the parser understands. A layout places the ones its bank sends.
enum class Field : std::uint8_t {
  kPriorityCode,       // 1
  kDestinationId,      // 1
  kOriginId,           // 1
  kProcessingDate,     // 1
  kProcessingTime,     // 1
  kDestinationOrigin,  // 2, 5
  kReferenceCode,      // 2, 5
  kServiceType,        // 2
  kRecordSize,         // 2
  kBlockingFactor,     // 2
  kFormatCode,         // 2
  kBatchNumber,        // 5, 6, 4, 7, 8
  kItemNumber,         // 6, 4, 7, 8
  kLockboxNumber,      // 5, 7, 8
  kDepositDate,        // 5, 7, 8
  kAmount,             // 6 (check amount), 7 and 8 (totals)
  kRemitterRouting,    // 6
  kRemitterAccount,    // 6
  kCheckNumber,        // 6
  kCheckDate,          // 6
  kRemitterName,       // 6
  kPayeeName,          // 6
  kOverflowType,       // 4
  kOverflowSequence,   // 4
  kOverflowIndicator,  // 4
  kOverflowData,       // 4
  kItemCount,          // 7, 8
  kRecordCount,        // 9
};
inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::kRecordCount) + 1;

enum class FieldType : std::uint8_t {
  kDigits,      // unsigned decimal digits (identifiers keep their text, leading zeros included)
  kAmount,      // digits with implied decimals per the layout's currency: minor units
  kText,        // printable ASCII, trimmed
  kDateYymmdd,  // six digits
  kDateMmddyy,  // six digits (check dates often come this way)
  kTimeHhmm,    // four digits, 0000-2400
};

struct FieldSpec {
  char record = '6';  // record type '1'..'9'
  Field field = Field::kAmount;
  std::uint16_t position = 0;  // 1-based column of the first character
  std::uint16_t length = 0;
  FieldType type = FieldType::kDigits;
  bool optional = false;  // blank (or an all-zero date) means absent instead of an error
};

std::string_view field_name(Field f);  // "batch_number", ... (also the TOML names)
std::optional<Field> field_from_name(std::string_view name);
std::string_view field_type_name(FieldType t);  // "digits", "amount", "text", "yymmdd", ...
std::optional<FieldType> field_type_from_name(std::string_view name);

class LockboxLayout {
 public:
  static constexpr std::size_t kMaxRecordLength = 1024;  // no bank needs more
  static constexpr std::uint16_t kMaxNumberDigits = 18;  // fits int64 without overflow checks

  // The layout of the common BAI lockbox format (the one in README.md): 104-column records.
  static const LockboxLayout& standard();
  // Its table, to start a bank's layout that differs from it in a few fields.
  static std::span<const FieldSpec> standard_fields();

  // Checks the table: known record types, positions inside max_record_length (column 1 is
  // the record type), no overlaps within a record, number fields at most 18 digits, field
  // types that fit the field, and the fields the parser needs (per record: 5 lockbox number
  // and deposit date; 6 batch, item and amount; 4 batch and item; 7 and 8 item count and
  // amount; 9 record count).
  static Result<LockboxLayout> from_table(std::string name, std::span<const FieldSpec> fields,
                                          std::size_t max_record_length,
                                          Currency currency = Currency::usd());
  // The same table as TOML text (README.md shows the format). Parse errors are Results.
  static Result<LockboxLayout> from_toml(std::string_view toml_text);

  const std::string& name() const { return name_; }
  std::size_t max_record_length() const { return max_record_length_; }
  Currency currency() const { return currency_; }
  // The placement of `field` in records of `type`, or nullptr if this layout has none.
  const FieldSpec* find(char type, Field field) const {
    if (type < '0' || type > '9') return nullptr;
    const FieldSpec& s =
        table_[static_cast<std::size_t>(type - '0')][static_cast<std::size_t>(field)];
    return s.length == 0 ? nullptr : &s;
  }

 private:
  LockboxLayout() = default;
  std::string name_;
  std::size_t max_record_length_ = 0;
  Currency currency_ = Currency::usd();
  std::array<std::array<FieldSpec, kFieldCount>, 10> table_{};  // length 0: not placed
};

}  // namespace tally::formats::lockbox
