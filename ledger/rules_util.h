// Helpers shared by the posting rules (rules_*.cpp). Internal to the ledger.
// Rules refuse an event by returning refuse(code, detail) as their error (ledger/refusal.h);
// plan_event turns it into a Refusal. Any other error is a storage failure.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "core/accounts.h"
#include "core/currency.h"
#include "core/events/codec.h"
#include "core/money.h"
#include "ledger/errors.h"
#include "ledger/keys.h"
#include "ledger/rules.h"

namespace tally::ledger::detail {

inline Error refuse(RefusalCode code, std::string detail) {
  return refusal_error(code, std::move(detail));
}

struct Amount {
  std::int64_t minor = 0;
  Currency currency = Currency::usd();
};

enum class Sign { kPositive, kNonNegative, kNonZero, kAny };

// Every amount of every event is read through here: present, a known currency, the sign the
// rule allows, and at most kMaxAmountMinor either way, so no rule negates or adds a value that
// could overflow (a sum of a few bounded amounts cannot).
inline Result<Amount> amount_of(bool present, const events::Amount& a, std::string_view field,
                                Sign sign) {
  if (!present) return refuse(RefusalCode::missing_field, fmt::format("missing {}", field));
  const auto currency = Currency::from_code(a.currency());
  if (!currency)
    return refuse(RefusalCode::unknown_currency,
                  fmt::format("{}: unknown currency '{}'", field, a.currency()));
  if (a.minor() > kMaxAmountMinor || a.minor() < -kMaxAmountMinor)
    return refuse(RefusalCode::amount_out_of_range,
                  fmt::format("{}: {} is beyond the largest amount an event may carry ({})", field,
                              a.minor(), kMaxAmountMinor));
  if (a.minor() < 0 && sign != Sign::kNonZero && sign != Sign::kAny)
    return refuse(RefusalCode::negative_amount,
                  fmt::format("{}: negative amount {}", field, a.minor()));
  if (a.minor() == 0 && sign != Sign::kNonNegative && sign != Sign::kAny)
    return refuse(RefusalCode::zero_amount, fmt::format("{}: zero amount", field));
  return Amount{a.minor(), *currency};
}

// Ids that become part of account names or keys: present, bounded, no control bytes.
inline Result<std::string> id_field(std::string_view value, std::string_view field) {
  if (value.empty()) return refuse(RefusalCode::missing_field, fmt::format("missing {}", field));
  if (value.size() > kMaxIdBytes)
    return refuse(RefusalCode::field_too_long,
                  fmt::format("{} longer than {} bytes", field, kMaxIdBytes));
  for (char c : value)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      return refuse(RefusalCode::invalid_field,
                    fmt::format("{} contains a control character", field));
  return std::string(value);
}

// Optional 16-byte event id: empty is "not given"; any other size is a refusal.
inline Result<std::optional<EventId>> optional_event_id(std::string_view bytes,
                                                        std::string_view field) {
  if (bytes.empty()) return std::optional<EventId>();
  const auto id = EventId::from_bytes(bytes);
  if (!id)
    return refuse(RefusalCode::invalid_field,
                  fmt::format("{} has {} bytes, not 16", field, bytes.size()));
  return std::optional<EventId>(*id);
}

inline Result<std::string> reference_field(std::string_view value, std::string_view field) {
  if (value.size() > keys::kMaxReferenceBytes)
    return refuse(RefusalCode::field_too_long, fmt::format("{} too long", field));
  if (value.find('\0') != std::string_view::npos)
    return refuse(RefusalCode::invalid_field, fmt::format("{} contains a NUL byte", field));
  return std::string(value);
}

// Dr debit / Cr credit of one amount.
inline void post_pair(Plan& plan, std::string debit, std::string credit, std::int64_t minor,
                      Currency currency) {
  plan.postings.push_back(Posting{std::move(debit), minor, currency});
  plan.postings.push_back(Posting{std::move(credit), -minor, currency});
}

inline BusinessDate date_or(std::int32_t days, BusinessDate fallback) {
  return days != 0 ? BusinessDate::from_days(days) : fallback;
}

// Per-type rules (rules_payments.cpp, rules_other.cpp, rules_adjustments.cpp).
Result<Plan> plan_payment(const events::Envelope& e, RuleContext& ctx);
Result<Outcome> plan_return(const events::Envelope& e, RuleContext& ctx);
Result<Plan> plan_cash_moved(const events::Envelope& e);
Result<Outcome> plan_chargeback(const events::Envelope& e, RuleContext& ctx);
Result<Plan> plan_chargeback_reversal(const events::Envelope& e, RuleContext& ctx);
Result<Plan> plan_void(const events::Envelope& e, RuleContext& ctx);
Result<Plan> plan_applied(const events::Envelope& e, RuleContext& ctx);
Result<Plan> plan_bill(const events::Envelope& e);
Result<Plan> plan_deposit(const events::Envelope& e);
Result<Plan> plan_drawer_opened(const events::Envelope& e, RuleContext& ctx);
Result<Plan> plan_drawer_closed(const events::Envelope& e, RuleContext& ctx);
Result<Plan> plan_adjustment_request(const events::Envelope& e);
Result<Plan> plan_adjustment(const events::Envelope& e, RuleContext& ctx);
Result<Plan> plan_autopay(const events::Envelope& e, RuleContext& ctx);
Result<Plan> plan_policy(const events::Envelope& e);
Result<Plan> plan_match(const events::Envelope& e);
Result<Plan> plan_books_entry(const events::Envelope& e);
Result<std::string_view> deposit_channel(const events::DepositDeclared& d);

}  // namespace tally::ledger::detail
