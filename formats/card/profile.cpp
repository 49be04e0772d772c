#include "formats/card/profile.h"

#include "formats/common/csv.h"
#include "formats/common/text.h"

namespace tally::formats::card {
namespace {

constexpr std::size_t idx(Column c) {
  return static_cast<std::size_t>(c);
}

// ---- generic layout (README.md, "Generic layout") -------------------------------------------

constexpr TypeAlias kGenericTypes[] = {
    {"sale", RecordType::kSale},
    {"refund", RecordType::kRefund},
    {"chargeback", RecordType::kChargeback},
    {"chargeback_reversal", RecordType::kChargebackReversal},
    {"fee", RecordType::kFee},
    {"payout", RecordType::kPayout},
    {"invoice_deduction", RecordType::kFee},
    // Rows Tally does not post (README.md, "Other rows").
    {"balance_transfer", RecordType::kOther},
    {"reserve", RecordType::kOther},
    {"reserve_adjustment", RecordType::kOther},
    {"deposit_correction", RecordType::kOther},
    {"adjustment", RecordType::kOther},
    {"other", RecordType::kOther},
};

constexpr std::string_view kGenericRequired[] = {
    "processor", "batch_id", "settlement_date", "type", "processor_reference", "gross",
    "fees",      "net",      "currency",
};

constexpr std::array<std::string_view, kColumnCount> generic_columns() {
  std::array<std::string_view, kColumnCount> c{};
  c[idx(Column::kProcessor)] = "processor";
  c[idx(Column::kMerchant)] = "merchant";
  c[idx(Column::kBatchId)] = "batch_id";
  c[idx(Column::kSettlementDate)] = "settlement_date";
  c[idx(Column::kDepositDate)] = "deposit_date";
  c[idx(Column::kType)] = "type";
  c[idx(Column::kCardBrand)] = "card_brand";
  c[idx(Column::kLastFour)] = "last_four";
  c[idx(Column::kAuthCode)] = "auth_code";
  c[idx(Column::kProcessorReference)] = "processor_reference";
  c[idx(Column::kOurReference)] = "our_reference";
  c[idx(Column::kCurrency)] = "currency";
  c[idx(Column::kReasonCode)] = "reason_code";
  c[idx(Column::kCaseId)] = "case_id";
  return c;
}

const Profile kGeneric{
    .name = "generic",
    .fixed_processor = "",
    .columns = generic_columns(),
    .gross = {.plus = {"gross"}},
    .fees = {.plus = {"fees"}},
    .net = {.plus = {"net"}},
    .types = kGenericTypes,
    .required = kGenericRequired,
    .payout_is_debit = false,
};

// ---- Adyen Settlement details report ---------------------------------------------------------
// Column names as Adyen documents them ("Settlement detail report structure"). Each row is a
// journal entry of the merchant's Adyen balance: credits raise it, debits lower it; a batch
// ends with a MerchantPayout row whose Net Debit is what went to the bank. Fees are either
// one Commission (blended pricing) or Markup + Scheme Fees + Interchange (Interchange++); the
// unused ones are empty, so summing all four is right for both.

constexpr TypeAlias kAdyenTypes[] = {
    {"Settled", RecordType::kSale},
    {"Refunded", RecordType::kRefund},
    {"Chargeback", RecordType::kChargeback},
    {"SecondChargeback", RecordType::kChargeback},
    {"ChargebackReversed", RecordType::kChargebackReversal},
    {"Fee", RecordType::kFee},
    {"MiscCosts", RecordType::kFee},
    {"PaymentCost", RecordType::kFee},
    {"InvoiceDeduction", RecordType::kFee},
    {"MerchantPayout", RecordType::kPayout},
    // Journal entries of the Adyen balance that are not card payments: the batch's payout
    // includes them, Tally does not post them (README.md, "Other rows").
    {"Balancetransfer", RecordType::kOther},
    {"ReserveAdjustment", RecordType::kOther},
    {"DepositCorrection", RecordType::kOther},
    {"ManualCorrected", RecordType::kOther},
    {"RefundedReversed", RecordType::kOther},
};

constexpr std::string_view kAdyenRequired[] = {
    "Company Account", "Merchant Account", "Psp Reference",   "Type",         "Creation Date",
    "Net Currency",    "Net Debit (NC)",   "Net Credit (NC)", "Batch Number",
};

constexpr std::array<std::string_view, kColumnCount> adyen_columns() {
  std::array<std::string_view, kColumnCount> c{};
  c[idx(Column::kMerchant)] = "Merchant Account";
  c[idx(Column::kBatchId)] = "Batch Number";
  c[idx(Column::kSettlementDate)] = "Creation Date";
  c[idx(Column::kType)] = "Type";
  c[idx(Column::kCardBrand)] = "Payment Method";
  c[idx(Column::kProcessorReference)] = "Psp Reference";
  c[idx(Column::kModificationReference)] = "Modification Reference";
  c[idx(Column::kOurReference)] = "Merchant Reference";
  c[idx(Column::kCurrency)] = "Net Currency";
  c[idx(Column::kGrossCurrency)] = "Gross Currency";
  return c;
}

const Profile kAdyen{
    .name = "adyen_settlement_details",
    .fixed_processor = "adyen",
    .columns = adyen_columns(),
    .gross = {.plus = {"Gross Credit (GC)"}, .minus = {"Gross Debit (GC)"}},
    // Some exports spell it "Schemes Fees (NC)": '|' separates accepted spellings.
    .fees = {.plus = {"Commission (NC)", "Markup (NC)", "Scheme Fees (NC)|Schemes Fees (NC)",
                      "Interchange (NC)"}},
    .net = {.plus = {"Net Credit (NC)"}, .minus = {"Net Debit (NC)"}},
    .types = kAdyenTypes,
    .required = kAdyenRequired,
    .payout_is_debit = true,
};

const Profile* const kProfiles[] = {&kGeneric, &kAdyen};

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

// Index of the header matching `name` (which may list spellings separated by '|'), or kAbsent.
int find_column(const std::vector<std::string>& header, std::string_view name) {
  if (name.empty()) return ColumnMap::kAbsent;
  while (!name.empty()) {
    const std::size_t bar = name.find('|');
    const std::string_view spelling = name.substr(0, bar);
    for (std::size_t i = 0; i < header.size(); ++i)
      if (same_header(header[i], spelling)) return static_cast<int>(i);
    if (bar == std::string_view::npos) break;
    name.remove_prefix(bar + 1);
  }
  return ColumnMap::kAbsent;
}

ColumnMap::Amount resolve_amount(const std::vector<std::string>& header, const AmountColumns& a) {
  ColumnMap::Amount out;
  for (std::size_t i = 0; i < a.plus.size(); ++i) out.plus[i] = find_column(header, a.plus[i]);
  for (std::size_t i = 0; i < a.minus.size(); ++i) out.minus[i] = find_column(header, a.minus[i]);
  return out;
}

}  // namespace

std::string_view record_type_name(RecordType type) {
  switch (type) {
    case RecordType::kSale:
      return "sale";
    case RecordType::kRefund:
      return "refund";
    case RecordType::kChargeback:
      return "chargeback";
    case RecordType::kChargebackReversal:
      return "chargeback_reversal";
    case RecordType::kFee:
      return "fee";
    case RecordType::kPayout:
      return "payout";
    case RecordType::kOther:
      return "other";
  }
  return "unknown";
}

std::optional<RecordType> record_type_from_name(std::string_view name) {
  for (const auto& alias : kGenericTypes)
    if (alias.value == name) return alias.type;
  return std::nullopt;
}

const Profile& generic_profile() {
  return kGeneric;
}
const Profile& adyen_profile() {
  return kAdyen;
}
std::span<const Profile* const> all_profiles() {
  return kProfiles;
}

bool same_header(std::string_view a, std::string_view b) {
  return equal_ignoring_case(trim(a), trim(b));
}

std::optional<ColumnMap> match_header(const std::vector<std::string>& header) {
  for (const Profile* profile : kProfiles) {
    bool all = true;
    for (std::string_view name : profile->required)
      if (find_column(header, name) == ColumnMap::kAbsent) {
        all = false;
        break;
      }
    if (!all) continue;
    ColumnMap map;
    map.profile = profile;
    for (std::size_t i = 0; i < kColumnCount; ++i)
      map.columns[i] = find_column(header, profile->columns[i]);
    map.gross = resolve_amount(header, profile->gross);
    map.fees = resolve_amount(header, profile->fees);
    map.net = resolve_amount(header, profile->net);
    return map;
  }
  return std::nullopt;
}

std::optional<RecordType> map_type(const Profile& profile, std::string_view value) {
  value = trim(value);
  for (const auto& alias : profile.types)
    if (equal_ignoring_case(alias.value, value)) return alias.type;
  return std::nullopt;
}

const Profile* detect_profile(std::string_view head) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (head.substr(0, kBom.size()) == kBom) head.remove_prefix(kBom.size());
  // Only the first line: the head may be cut anywhere after it.
  CsvLimits limits;
  limits.max_fields = 128;
  CsvReader reader(head, limits);
  if (reader.next() != CsvReader::Next::kRecord) return nullptr;
  std::vector<std::string> header;
  for (std::size_t i = 0; i < reader.field_count(); ++i) header.push_back(reader.field(i));
  const auto map = match_header(header);
  return map ? map->profile : nullptr;
}

}  // namespace tally::formats::card
