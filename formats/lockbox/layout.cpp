#include "formats/lockbox/layout.h"

#include <fmt/format.h>

#include "core/errors.h"

namespace tally::formats::lockbox {
namespace {

struct FieldInfo {
  Field field;
  std::string_view name;
};

constexpr FieldInfo kFieldNames[] = {
    {Field::kPriorityCode, "priority_code"},
    {Field::kDestinationId, "destination_id"},
    {Field::kOriginId, "origin_id"},
    {Field::kProcessingDate, "processing_date"},
    {Field::kProcessingTime, "processing_time"},
    {Field::kDestinationOrigin, "destination_origin"},
    {Field::kReferenceCode, "reference_code"},
    {Field::kServiceType, "service_type"},
    {Field::kRecordSize, "record_size"},
    {Field::kBlockingFactor, "blocking_factor"},
    {Field::kFormatCode, "format_code"},
    {Field::kBatchNumber, "batch_number"},
    {Field::kItemNumber, "item_number"},
    {Field::kLockboxNumber, "lockbox_number"},
    {Field::kDepositDate, "deposit_date"},
    {Field::kAmount, "amount"},
    {Field::kRemitterRouting, "remitter_routing"},
    {Field::kRemitterAccount, "remitter_account"},
    {Field::kCheckNumber, "check_number"},
    {Field::kCheckDate, "check_date"},
    {Field::kRemitterName, "remitter_name"},
    {Field::kPayeeName, "payee_name"},
    {Field::kOverflowType, "overflow_type"},
    {Field::kOverflowSequence, "overflow_sequence"},
    {Field::kOverflowIndicator, "overflow_indicator"},
    {Field::kOverflowData, "overflow_data"},
    {Field::kItemCount, "item_count"},
    {Field::kRecordCount, "record_count"},
};
static_assert(std::size(kFieldNames) == kFieldCount);

constexpr std::pair<FieldType, std::string_view> kTypeNames[] = {
    {FieldType::kDigits, "digits"},     {FieldType::kAmount, "amount"},
    {FieldType::kText, "text"},         {FieldType::kDateYymmdd, "yymmdd"},
    {FieldType::kDateMmddyy, "mmddyy"}, {FieldType::kTimeHhmm, "hhmm"},
};

// What kind of value the parser reads from a field, so a layout cannot give it another.
enum class Kind { kNumber, kIdentifier, kAmount, kText, kDate, kTime };

Kind kind_of(Field f) {
  switch (f) {
    case Field::kBatchNumber:
    case Field::kItemNumber:
    case Field::kLockboxNumber:
    case Field::kItemCount:
    case Field::kRecordCount:
    case Field::kOverflowSequence:
      return Kind::kNumber;
    case Field::kAmount:
      return Kind::kAmount;
    case Field::kProcessingDate:
    case Field::kDepositDate:
    case Field::kCheckDate:
      return Kind::kDate;
    case Field::kProcessingTime:
      return Kind::kTime;
    case Field::kDestinationId:
    case Field::kOriginId:
    case Field::kDestinationOrigin:
    case Field::kRemitterName:
    case Field::kPayeeName:
    case Field::kOverflowData:
      return Kind::kText;
    default:
      return Kind::kIdentifier;  // codes and MICR numbers: digits or text
  }
}

bool type_fits(Field f, FieldType t) {
  switch (kind_of(f)) {
    case Kind::kNumber:
      return t == FieldType::kDigits;
    case Kind::kAmount:
      return t == FieldType::kAmount;
    case Kind::kDate:
      return t == FieldType::kDateYymmdd || t == FieldType::kDateMmddyy;
    case Kind::kTime:
      return t == FieldType::kTimeHhmm;
    case Kind::kText:
      return t == FieldType::kText;
    case Kind::kIdentifier:
      return t == FieldType::kDigits || t == FieldType::kText;
  }
  return false;
}

struct Required {
  char record;
  Field field;
};
constexpr Required kRequired[] = {
    {'5', Field::kLockboxNumber}, {'5', Field::kDepositDate}, {'6', Field::kBatchNumber},
    {'6', Field::kItemNumber},    {'6', Field::kAmount},      {'4', Field::kBatchNumber},
    {'4', Field::kItemNumber},    {'7', Field::kItemCount},   {'7', Field::kAmount},
    {'8', Field::kItemCount},     {'8', Field::kAmount},      {'9', Field::kRecordCount},
};

bool known_record(char r) {
  return r == '1' || r == '2' || r == '4' || r == '5' || r == '6' || r == '7' || r == '8' ||
         r == '9';
}

Error bad_layout(const std::string& name, std::string why) {
  return core_error(CoreErrc::bad_config, fmt::format("lockbox layout '{}': {}", name, why));
}

using F = Field;
using T = FieldType;

// The common layout; positions are 1-based columns. It matches the FundersClub sample
// (lockbox/tests/test_lockbox.bai): see README.md for the same table in prose.
constexpr FieldSpec kStandard[] = {
    {'1', F::kPriorityCode, 2, 2, T::kDigits, true},
    {'1', F::kDestinationId, 4, 10, T::kText, true},
    {'1', F::kOriginId, 14, 10, T::kText, true},
    {'1', F::kProcessingDate, 24, 6, T::kDateYymmdd, false},
    {'1', F::kProcessingTime, 30, 4, T::kTimeHhmm, true},
    {'2', F::kDestinationOrigin, 2, 20, T::kText, true},
    {'2', F::kReferenceCode, 22, 10, T::kDigits, true},
    {'2', F::kServiceType, 32, 3, T::kDigits, true},
    {'2', F::kRecordSize, 35, 3, T::kDigits, true},
    {'2', F::kBlockingFactor, 38, 4, T::kDigits, true},
    {'2', F::kFormatCode, 42, 1, T::kDigits, true},
    {'5', F::kBatchNumber, 2, 3, T::kDigits, true},
    {'5', F::kReferenceCode, 5, 3, T::kDigits, true},
    {'5', F::kLockboxNumber, 8, 7, T::kDigits, false},
    {'5', F::kDepositDate, 15, 6, T::kDateYymmdd, false},
    {'5', F::kDestinationOrigin, 21, 20, T::kText, true},
    {'6', F::kBatchNumber, 2, 3, T::kDigits, false},
    {'6', F::kItemNumber, 5, 3, T::kDigits, false},
    {'6', F::kAmount, 8, 10, T::kAmount, false},
    {'6', F::kRemitterRouting, 18, 9, T::kDigits, true},
    {'6', F::kRemitterAccount, 27, 10, T::kDigits, true},
    {'6', F::kCheckNumber, 37, 10, T::kDigits, true},
    {'6', F::kCheckDate, 47, 6, T::kDateMmddyy, true},
    {'6', F::kRemitterName, 53, 30, T::kText, true},
    {'6', F::kPayeeName, 83, 20, T::kText, true},
    {'4', F::kBatchNumber, 2, 3, T::kDigits, false},
    {'4', F::kItemNumber, 5, 3, T::kDigits, false},
    {'4', F::kOverflowType, 8, 1, T::kDigits, true},
    {'4', F::kOverflowSequence, 9, 2, T::kDigits, true},
    {'4', F::kOverflowIndicator, 11, 1, T::kDigits, true},
    {'4', F::kOverflowData, 12, 93, T::kText, true},
    {'7', F::kBatchNumber, 2, 3, T::kDigits, false},
    {'7', F::kItemNumber, 5, 3, T::kDigits, true},
    {'7', F::kLockboxNumber, 8, 7, T::kDigits, true},
    {'7', F::kDepositDate, 15, 6, T::kDateYymmdd, true},
    {'7', F::kItemCount, 21, 3, T::kDigits, false},
    {'7', F::kAmount, 24, 10, T::kAmount, false},
    {'8', F::kBatchNumber, 2, 3, T::kDigits, true},
    {'8', F::kItemNumber, 5, 3, T::kDigits, true},
    {'8', F::kLockboxNumber, 8, 7, T::kDigits, true},
    {'8', F::kDepositDate, 15, 6, T::kDateYymmdd, true},
    {'8', F::kItemCount, 21, 4, T::kDigits, false},
    {'8', F::kAmount, 25, 10, T::kAmount, false},
    {'9', F::kRecordCount, 2, 6, T::kDigits, false},
};

}  // namespace

std::string_view field_name(Field f) {
  return kFieldNames[static_cast<std::size_t>(f)].name;
}

std::optional<Field> field_from_name(std::string_view name) {
  for (const auto& info : kFieldNames)
    if (info.name == name) return info.field;
  return std::nullopt;
}

std::string_view field_type_name(FieldType t) {
  for (const auto& [type, name] : kTypeNames)
    if (type == t) return name;
  return "?";
}

std::optional<FieldType> field_type_from_name(std::string_view name) {
  for (const auto& [type, n] : kTypeNames)
    if (n == name) return type;
  return std::nullopt;
}

std::span<const FieldSpec> LockboxLayout::standard_fields() {
  return kStandard;
}

const LockboxLayout& LockboxLayout::standard() {
  static const LockboxLayout layout = [] {
    auto built = from_table("standard", kStandard, 104);
    TALLY_ASSERT(built.ok(), "the standard lockbox layout is valid");
    return std::move(built).value();
  }();
  return layout;
}

Result<LockboxLayout> LockboxLayout::from_table(std::string name, std::span<const FieldSpec> fields,
                                                std::size_t max_record_length, Currency currency) {
  if (max_record_length < 2 || max_record_length > kMaxRecordLength)
    return bad_layout(
        name, fmt::format("max_record_length {} is not 2-{}", max_record_length, kMaxRecordLength));
  LockboxLayout layout;
  std::array<std::array<bool, kMaxRecordLength + 1>, 10> used{};
  for (const FieldSpec& s : fields) {
    const std::string what = fmt::format("record {} field {}", s.record, field_name(s.field));
    if (!known_record(s.record)) return bad_layout(name, what + ": unknown record type");
    if (!type_fits(s.field, s.type))
      return bad_layout(name,
                        fmt::format("{}: type {} does not fit", what, field_type_name(s.type)));
    if (s.length == 0 || s.position < 2 || s.position + s.length - 1u > max_record_length)
      return bad_layout(name, fmt::format("{}: columns {}-{} outside 2-{}", what, s.position,
                                          s.position + s.length - 1, max_record_length));
    if ((s.type == FieldType::kDigits || s.type == FieldType::kAmount) &&
        s.length > kMaxNumberDigits)
      return bad_layout(name, fmt::format("{}: more than {} digits", what, kMaxNumberDigits));
    if ((s.type == FieldType::kDateYymmdd || s.type == FieldType::kDateMmddyy) && s.length != 6)
      return bad_layout(name, what + ": dates are six characters");
    if (s.type == FieldType::kTimeHhmm && s.length != 4)
      return bad_layout(name, what + ": times are four characters");
    const std::size_t r = static_cast<std::size_t>(s.record - '0');
    FieldSpec& slot = layout.table_[r][static_cast<std::size_t>(s.field)];
    if (slot.length != 0) return bad_layout(name, what + ": placed twice");
    for (std::size_t c = s.position; c < s.position + s.length; ++c) {
      if (used[r][c]) return bad_layout(name, fmt::format("{}: overlaps column {}", what, c));
      used[r][c] = true;
    }
    slot = s;
  }
  for (const Required& req : kRequired) {
    if (!layout.find(req.record, req.field))
      return bad_layout(name,
                        fmt::format("record {} needs field {}", req.record, field_name(req.field)));
  }
  layout.name_ = std::move(name);
  layout.max_record_length_ = max_record_length;
  layout.currency_ = currency;
  return layout;
}

}  // namespace tally::formats::lockbox
