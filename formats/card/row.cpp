#include "formats/card/row.h"

#include <fmt/format.h>

#include "core/errors.h"
#include "formats/common/text.h"

namespace tally::formats::card {
namespace {

constexpr int kAbsent = ColumnMap::kAbsent;
constexpr std::size_t kIsoDateChars = 10;  // "2026-11-22"
constexpr std::size_t kLastFourDigits = 4;

// Locates issues and collects the verdict for one row.
struct RowContext {
  const CsvReader& row;
  const std::vector<std::string>& header;
  const ColumnMap& map;
  ParseReport& report;
  bool ok = true;

  int col(Column c) const { return map.at(c); }
  std::string_view text(Column c) const { return cell(col(c)); }

  std::string_view cell(int col) const {
    return col == kAbsent ? std::string_view{} : trim(row.field(static_cast<std::size_t>(col)));
  }
  std::int64_t line(int col) const {
    return col == kAbsent ? row.record_line() : row.field_line(static_cast<std::size_t>(col));
  }
  std::string name(int col, std::string_view fallback) const {
    return col == kAbsent ? std::string(fallback) : header[static_cast<std::size_t>(col)];
  }
  void error(int col, std::string_view fallback, std::string code, std::string message) {
    report.error(Issue{line(col), row.record_number(), name(col, fallback), std::move(code),
                       std::move(message)});
    ok = false;
  }
  void warning(int col, std::string_view fallback, std::string code, std::string message) {
    report.warning(Issue{line(col), row.record_number(), name(col, fallback), std::move(code),
                         std::move(message)});
  }
};

// "2026-11-22", optionally followed by a time ("2026-11-22 19:58:55", "2026-11-22T19:58:55Z")
// as processors stamp rows; the time is not needed, but it must look like one.
std::optional<BusinessDate> parse_date(std::string_view text) {
  if (text.size() < kIsoDateChars) return std::nullopt;
  const auto date = BusinessDate::parse_iso(text.substr(0, kIsoDateChars));
  if (!date) return std::nullopt;
  std::string_view rest = text.substr(kIsoDateChars);
  if (rest.empty()) return date;
  if (rest.front() != ' ' && rest.front() != 'T') return std::nullopt;
  for (char c : rest.substr(1))
    if (!((c >= '0' && c <= '9') || c == ':' || c == '.' || c == '+' || c == '-' || c == 'Z' ||
          c == ' '))
      return std::nullopt;
  return date;
}

// Reads one cell as an amount in minor units; nullopt (with an error) when it is not one.
std::optional<std::int64_t> parse_cell(RowContext& ctx, int col, Currency currency) {
  auto money = Money::parse(ctx.cell(col), currency);
  if (money) return money->minor();
  const auto& code = money.error().code;
  const char* issue = code == CoreErrc::amount_overflow    ? "amount_overflow"
                      : code == CoreErrc::excess_precision ? "excess_precision"
                                                           : "bad_amount";
  ctx.error(col, "", issue, money.error().describe());
  return std::nullopt;
}

// sum(plus cells) - sum(minus cells) over non-empty cells; nullopt when all are empty or on error.
std::optional<std::int64_t> read_amount(RowContext& ctx, const ColumnMap::Amount& cols,
                                        Currency currency, std::string_view what) {
  std::int64_t total = 0;
  bool any = false;
  bool failed = false;
  auto take = [&](int col, bool negate) {
    if (col == kAbsent || ctx.cell(col).empty()) return;
    any = true;
    const auto value = parse_cell(ctx, col, currency);
    if (!value) {
      failed = true;
      return;
    }
    const auto sum = negate ? checked_sub(total, *value) : checked_add(total, *value);
    if (!sum) {
      ctx.error(col, what, "amount_overflow", fmt::format("{} does not fit in 64 bits", what));
      failed = true;
      return;
    }
    total = *sum;
  };
  for (int col : cols.plus) take(col, false);
  for (int col : cols.minus) take(col, true);
  if (!any || failed) return std::nullopt;
  return total;
}

int first_present(const RowContext& ctx, const ColumnMap::Amount& cols) {
  for (int col : cols.plus)
    if (col != kAbsent && !ctx.cell(col).empty()) return col;
  for (int col : cols.minus)
    if (col != kAbsent && !ctx.cell(col).empty()) return col;
  return kAbsent;
}

// A masked card number: '*', digits, spaces and dashes, ending in four digits.
bool is_masked_pan(std::string_view v) {
  if (v.find('*') == std::string_view::npos || v.size() < kLastFourDigits) return false;
  for (char c : v)
    if (!(c == '*' || c == ' ' || c == '-' || (c >= '0' && c <= '9'))) return false;
  return all_digits(v.substr(v.size() - kLastFourDigits));
}

bool neg_or_fail(std::optional<std::int64_t>& v) {
  if (!v) return true;
  const auto n = checked_sub(0, *v);
  if (!n) return false;
  v = *n;
  return true;
}

struct Amounts {
  std::optional<std::int64_t> gross, fees, net;
};

// Fills in the missing one of gross/fees/net, or checks gross - fees == net when all three are
// given (README.md, "Amounts"). False with an error when the row states too little or disagrees.
bool settle_amounts(RowContext& ctx, RecordType type, Amounts& a, int net_col) {
  const bool fee_row = type == RecordType::kFee;
  if (a.gross && a.fees && a.net) {
    const auto expect = checked_sub(*a.gross, *a.fees);
    if (!expect || *expect != *a.net) {
      ctx.error(
          net_col, "net", "amount_mismatch",
          fmt::format("gross {} - fees {} != net {} (minor units)", *a.gross, *a.fees, *a.net));
      return false;
    }
    return true;
  }
  if (a.gross && a.fees) {
    a.net = checked_sub(*a.gross, *a.fees);
  } else if (a.gross && a.net) {
    a.fees = checked_sub(*a.gross, *a.net);
  } else if (a.fees && a.net) {
    a.gross = checked_add(*a.net, *a.fees);
  } else if (a.net) {
    a.gross = fee_row ? 0 : *a.net;
    a.fees = fee_row ? checked_sub(0, *a.net) : std::optional<std::int64_t>(0);
  } else if (a.gross) {
    a.fees = 0;
    a.net = a.gross;
  } else if (a.fees && fee_row) {
    a.gross = 0;
    a.net = checked_sub(0, *a.fees);
  } else {
    ctx.error(net_col, "net", "missing_amount",
              "the row states no net amount and too little to derive it");
    return false;
  }
  if (!a.gross || !a.fees || !a.net) {
    ctx.error(net_col, "net", "amount_overflow", "derived amount does not fit in 64 bits");
    return false;
  }
  return true;
}

void check_sign(RowContext& ctx, RecordType type, std::int64_t gross, int col) {
  const bool positive = type == RecordType::kSale || type == RecordType::kChargebackReversal;
  const bool negative = type == RecordType::kRefund || type == RecordType::kChargeback;
  if ((positive && gross < 0) || (negative && gross > 0))
    ctx.error(col, "gross", "sign_mismatch",
              fmt::format("a {} with gross {} (minor units): {}", record_type_name(type), gross,
                          positive ? "money to us is positive" : "money from us is negative"));
}

// Processor: a column in the generic layout, a constant for processor-specific profiles.
void read_processor(RowContext& ctx, const Profile& profile, CardRecord& out) {
  out.processor.assign(ctx.col(Column::kProcessor) == kAbsent ? profile.fixed_processor
                                                              : ctx.text(Column::kProcessor));
  if (out.processor.empty())
    ctx.error(ctx.col(Column::kProcessor), "processor", "missing_field", "processor is empty");
}

// The type as the processor wrote it, and what the profile maps it to (nullopt: reported).
std::optional<RecordType> read_type(RowContext& ctx, const Profile& profile, CardRecord& out) {
  const std::string_view type_text = ctx.text(Column::kType);
  out.processor_type.assign(type_text);
  const auto type = map_type(profile, type_text);
  if (!type)
    ctx.error(ctx.col(Column::kType), "type", type_text.empty() ? "missing_field" : "unknown_type",
              fmt::format("type '{}' is not one {} knows", type_text, profile.name));
  return type;
}

// The settlement date is required; the deposit date only checked when given.
void read_dates(RowContext& ctx, CardRecord& out) {
  const auto settled = parse_date(ctx.text(Column::kSettlementDate));
  if (settled)
    out.settlement_date = *settled;
  else
    ctx.error(ctx.col(Column::kSettlementDate), "settlement_date", "bad_date",
              fmt::format("'{}' is not a date (YYYY-MM-DD)", ctx.text(Column::kSettlementDate)));
  out.deposit_date.reset();
  if (!ctx.text(Column::kDepositDate).empty()) {
    out.deposit_date = parse_date(ctx.text(Column::kDepositDate));
    if (!out.deposit_date)
      ctx.error(ctx.col(Column::kDepositDate), "deposit_date", "bad_date",
                fmt::format("'{}' is not a date (YYYY-MM-DD)", ctx.text(Column::kDepositDate)));
  }
}

// The settlement currency, and the one the gross was taken in (the same unless stated).
struct Currencies {
  std::optional<Currency> settled, gross;
};

Currencies read_currencies(RowContext& ctx) {
  Currencies c;
  c.settled = Currency::from_code(ctx.text(Column::kCurrency));
  if (!c.settled)
    ctx.error(ctx.col(Column::kCurrency), "currency", "unknown_currency",
              fmt::format("'{}' is not an ISO 4217 currency code", ctx.text(Column::kCurrency)));
  c.gross = c.settled;
  if (!ctx.text(Column::kGrossCurrency).empty()) {
    c.gross = Currency::from_code(ctx.text(Column::kGrossCurrency));
    if (!c.gross)
      ctx.error(
          ctx.col(Column::kGrossCurrency), "gross_currency", "unknown_currency",
          fmt::format("'{}' is not an ISO 4217 currency code", ctx.text(Column::kGrossCurrency)));
  }
  return c;
}

// No rule applies to these; they were PAN-masked before the row got here.
void copy_references(const RowContext& ctx, CardRecord& out) {
  out.merchant.assign(ctx.text(Column::kMerchant));
  out.batch_id.assign(ctx.text(Column::kBatchId));
  out.card_brand.assign(ctx.text(Column::kCardBrand));
  out.auth_code.assign(ctx.text(Column::kAuthCode));
  out.processor_reference.assign(ctx.text(Column::kProcessorReference));
  out.modification_reference.assign(ctx.text(Column::kModificationReference));
  out.our_reference.assign(ctx.text(Column::kOurReference));
  out.reason_code.assign(ctx.text(Column::kReasonCode));
  out.case_id.assign(ctx.text(Column::kCaseId));
}

// last_four: four digits; a full card number typed here was masked already, keep its tail.
void read_last_four(RowContext& ctx, CardRecord& out) {
  const std::string_view last_four = ctx.text(Column::kLastFour);
  if (last_four.empty() || (last_four.size() == kLastFourDigits && all_digits(last_four)))
    out.last_four.assign(last_four);
  else if (is_masked_pan(last_four))
    out.last_four.assign(last_four.substr(last_four.size() - kLastFourDigits));
  else
    ctx.error(ctx.col(Column::kLastFour), "last_four", "bad_last_four",
              fmt::format("'{}' is not four digits", last_four));
}

// Taken in one currency, settled in another: the settlement currency is what reconciles;
// gross - fees == net cannot be checked across currencies without the processor's rate.
void set_aside_foreign_gross(RowContext& ctx, const Currency& currency,
                             const Currency& gross_currency, int gross_col, Amounts& a,
                             CardRecord& out) {
  out.original_gross.reset();
  if (!a.gross || gross_currency == currency) return;
  out.original_gross = Money(*a.gross, gross_currency);
  ctx.warning(gross_col, "gross", "fx_not_checked",
              fmt::format("gross in {} settled in {}: gross - fees == net not checked",
                          gross_currency.code(), currency.code()));
  a.gross.reset();
  if (!a.fees) a.fees = 0;
}

// Amounts are judged only on a row without errors so far: it is refused anyway, and an
// unreadable amount would make a derived one wrong. A profile that states payouts as a debit
// is turned to our side first, so the sign rules see the generic convention.
bool map_amounts(RowContext& ctx, const Profile& profile, RecordType type, const Currency& currency,
                 const Currency& gross_currency, CardRecord& out) {
  const ColumnMap& map = ctx.map;
  Amounts a;
  a.gross = read_amount(ctx, map.gross, gross_currency, "gross");
  a.fees = read_amount(ctx, map.fees, currency, "fees");
  a.net = read_amount(ctx, map.net, currency, "net");
  if (!ctx.ok) return false;
  const int net_col = first_present(ctx, map.net);
  const int gross_col = first_present(ctx, map.gross);

  if (type == RecordType::kPayout && profile.payout_is_debit &&
      !(neg_or_fail(a.gross) && neg_or_fail(a.fees) && neg_or_fail(a.net))) {
    ctx.error(net_col, "net", "amount_overflow", "payout amount does not fit in 64 bits");
    return false;
  }
  set_aside_foreign_gross(ctx, currency, gross_currency, gross_col, a, out);

  if (!settle_amounts(ctx, type, a, net_col)) return false;
  check_sign(ctx, type, *a.gross, gross_col == kAbsent ? net_col : gross_col);
  if (!ctx.ok) return false;

  out.gross = Money(*a.gross, currency);
  out.fees = Money(*a.fees, currency);
  out.net = Money(*a.net, currency);
  return true;
}

}  // namespace

bool RowMapper::map(const CsvReader& row, CardRecord& out, ParseReport& report) const {
  RowContext ctx{row, header_, map_, report};
  const Profile& profile = *map_.profile;
  out.line = row.record_line();
  out.record = row.record_number();

  // Every rule of the row is checked (and reported) before any verdict.
  read_processor(ctx, profile, out);
  const auto type = read_type(ctx, profile, out);
  read_dates(ctx, out);
  const Currencies currencies = read_currencies(ctx);
  copy_references(ctx, out);
  read_last_four(ctx, out);
  if (type && *type != RecordType::kFee && *type != RecordType::kPayout &&
      *type != RecordType::kOther && out.processor_reference.empty())
    ctx.error(ctx.col(Column::kProcessorReference), "processor_reference", "missing_field",
              "a payment row needs the processor's reference (it identifies the payment)");

  // Amounts are read in the row's currencies and checked against its type: without those
  // known, there is nothing to read them against.
  if (!type || !currencies.settled || !currencies.gross) return false;
  out.type = *type;
  return map_amounts(ctx, profile, *type, *currencies.settled, *currencies.gross, out);
}

}  // namespace tally::formats::card
