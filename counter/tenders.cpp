#include "counter/tenders.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/money.h"
#include "counter/errors.h"
#include "formats/common/pan.h"

namespace tally::counter {
namespace {

constexpr std::size_t kMaxNumberDigits = 15;   // check and money order serials
constexpr std::size_t kMaxAuthCode = 12;
constexpr std::size_t kMaxBrand = 20;
constexpr std::size_t kMinAccountDigits = 4;
constexpr std::size_t kMaxAccountDigits = 17;  // NACHA's DFI account number field

Error invalid(std::string_view field, std::string_view reason) {
  return counter_error(CounterErrc::invalid_argument, fmt::format("{}: {}", field, reason));
}

bool all_digits(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool alnum(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  });
}

std::string digits_of(std::string_view text) {
  std::string out;
  for (char c : text)
    if (c != ' ' && c != '-') out.push_back(c);
  return out;
}

Status check_serial(std::string_view number, std::string_view field) {
  if (!all_digits(number) || number.size() > kMaxNumberDigits)
    return invalid(field, fmt::format("1 to {} digits", kMaxNumberDigits));
  return ok_status();
}

Result<Tender> check_tender(const TenderInput& in, std::string_view field, const AccountHasher& hasher) {
  using events::MethodDetails;
  Tender t;
  t.kind = in.kind;
  t.applied_minor = in.amount_minor;
  t.tendered_minor = in.amount_minor;
  const auto named = [&](std::string_view name) { return fmt::format("{}.{}", field, name); };
  for (const auto& [text, name] : {std::pair{std::string_view(in.number), "number"},
                                   {in.routing_number, "routing_number"}, {in.card_last4, "card_last4"},
                                   {in.auth_code, "auth_code"}, {in.card_brand, "card_brand"}})
    TALLY_TRY_STATUS(refuse_card_number(text, named(name)));
  if (in.amount_minor <= 0 || in.amount_minor > kMaxAmountMinor)
    return invalid(named("amount"), "must be more than zero");
  switch (in.kind) {
    case TenderKind::cash:
      t.method.set_method(MethodDetails::CASH);
      break;
    case TenderKind::check: {
      t.method.set_method(MethodDetails::CHECK);
      TALLY_TRY_STATUS(check_serial(in.number, named("number")));
      if (!formats::aba_routing_valid(in.routing_number))
        return invalid(named("routing_number"), "9 digits with a valid ABA check digit");
      const std::string account = digits_of(in.account_number);
      if (!all_digits(account) || account.size() < kMinAccountDigits || account.size() > kMaxAccountDigits)
        return invalid(named("account_number"),
                       fmt::format("{} to {} digits", kMinAccountDigits, kMaxAccountDigits));
      // A bank account number may be as long as a card's; only one that looks like a card
      // (issuer prefix and Luhn) is taken for one.
      formats::PanOptions card_like;
      card_like.require_card_prefix = true;
      if (!formats::find_pans(account, card_like).empty())
        return counter_error(CounterErrc::card_number,
                             fmt::format("{}: a card number, not a bank account", named("account_number")));
      t.method.set_check_number(in.number);
      t.method.set_routing_number(in.routing_number);
      t.method.set_account_last4(account.substr(account.size() - 4));
      if (hasher) t.method.set_account_hash(hasher(in.routing_number, account));
      break;
    }
    case TenderKind::money_order:
      t.method.set_method(MethodDetails::MONEY_ORDER);
      TALLY_TRY_STATUS(check_serial(in.number, named("number")));
      t.method.set_check_number(in.number);
      break;
    case TenderKind::card:
      t.method.set_method(MethodDetails::CARD);
      if (in.card_last4.size() != 4 || !all_digits(in.card_last4))
        return invalid(named("card_last4"), "the card's last four digits");
      if (in.auth_code.empty() || in.auth_code.size() > kMaxAuthCode || !alnum(in.auth_code))
        return invalid(named("auth_code"), fmt::format("1 to {} letters or digits", kMaxAuthCode));
      if (in.card_brand.size() > kMaxBrand || !alnum(in.card_brand))
        return invalid(named("card_brand"), fmt::format("up to {} letters", kMaxBrand));
      t.method.set_card_last4(in.card_last4);
      t.method.set_auth_code(in.auth_code);
      t.method.set_card_brand(in.card_brand);
      break;
  }
  return t;
}

}  // namespace

std::string_view tender_name(TenderKind kind) {
  switch (kind) {
    case TenderKind::cash: return "cash";
    case TenderKind::check: return "check";
    case TenderKind::money_order: return "money_order";
    case TenderKind::card: return "card";
  }
  return "cash";
}

std::optional<TenderKind> parse_tender(std::string_view name) {
  for (TenderKind k : {TenderKind::cash, TenderKind::check, TenderKind::money_order, TenderKind::card})
    if (tender_name(k) == name) return k;
  return std::nullopt;
}

Status refuse_card_number(std::string_view text, std::string_view field) {
  formats::PanOptions options;
  options.dot_separators = true;
  if (!formats::find_pans(text, options).empty())
    return counter_error(CounterErrc::card_number,
                         fmt::format("{}: a whole card number is never taken; enter the last four digits "
                                     "and the authorization code",
                                     field));
  return ok_status();
}

Status check_text(std::string_view text, std::string_view field, std::size_t max_bytes, bool required) {
  if (required && text.empty()) return invalid(field, "required");
  if (text.size() > max_bytes) return invalid(field, fmt::format("longer than {} bytes", max_bytes));
  const auto control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; };
  if (std::any_of(text.begin(), text.end(), control)) return invalid(field, "contains a control character");
  return refuse_card_number(text, field);
}

Result<CheckedPayment> check_payment(const PaymentInput& input, const Currency& currency,
                                     const AccountHasher& hasher) {
  TALLY_TRY_STATUS(check_text(input.account, "account", 64, true));
  TALLY_TRY_STATUS(check_text(input.payer_name, "payer_name", kMaxTextBytes, false));
  if (input.language != "en" && input.language != "es") return invalid("language", "\"en\" or \"es\"");
  if (input.amount_minor <= 0 || input.amount_minor > kMaxAmountMinor)
    return invalid("amount", "must be more than zero");
  if (input.tenders.empty()) return invalid("tenders", "at least one");
  if (input.tenders.size() > kMaxTenders) return invalid("tenders", fmt::format("at most {}", kMaxTenders));
  CheckedPayment out;
  out.account = input.account;
  out.amount_minor = input.amount_minor;
  out.payer_name = input.payer_name;
  out.language = input.language;
  std::int64_t tendered = 0, cash = 0;
  std::vector<Tender> cash_tenders;
  for (std::size_t i = 0; i < input.tenders.size(); ++i) {
    const TenderInput& in = input.tenders[i];
    TALLY_TRY(Tender t, check_tender(in, fmt::format("tenders[{}]", i), hasher));
    tendered += t.tendered_minor;  // bounded: 8 tenders of at most kMaxAmountMinor
    if (t.kind == TenderKind::cash) {
      cash += t.tendered_minor;
      cash_tenders.push_back(std::move(t));
      continue;
    }
    if (t.kind == TenderKind::check)
      out.checks.push_back({in.routing_number, digits_of(in.account_number), in.number,
                            t.applied_minor, out.tenders.size()});
    out.tenders.push_back(std::move(t));
  }
  if (cash_tenders.size() > 1) return invalid("tenders", "cash once per payment");
  if (tendered < input.amount_minor)
    return invalid("tenders", fmt::format("add up to {}, less than the amount {}",
                                          Money(tendered, currency).to_display(),
                                          Money(input.amount_minor, currency).to_display()));
  out.change_minor = tendered - input.amount_minor;
  if (out.change_minor > 0) {
    // Change comes out of cash: a check or card for more than is owed is written for less.
    if (out.change_minor >= cash)
      return invalid("tenders", cash == 0 ? "more than the amount, and no cash to give change from"
                                          : "the change would be all of the cash: take the cash off");
    Tender& c = cash_tenders.front();
    c.change_minor = out.change_minor;
    c.applied_minor = c.tendered_minor - out.change_minor;
  }
  for (Tender& c : cash_tenders) out.tenders.push_back(std::move(c));
  return out;
}

}  // namespace tally::counter
