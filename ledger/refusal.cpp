#include "ledger/refusal.h"

namespace tally::ledger {
namespace {

class RefusalCategory final : public std::error_category {
 public:
  const char* name() const noexcept override { return "ledger.refusal"; }
  std::string message(int value) const override {
    return "event refused: " + std::string(refusal_name(static_cast<RefusalCode>(value)));
  }
};

}  // namespace

std::string_view refusal_name(RefusalCode code) {
  switch (code) {
    case RefusalCode::unspecified:
      return "unspecified";
    case RefusalCode::undecodable_event:
      return "undecodable_event";
    case RefusalCode::conflicting_event:
      return "conflicting_event";
    case RefusalCode::unknown_event_type:
      return "unknown_event_type";
    case RefusalCode::missing_field:
      return "missing_field";
    case RefusalCode::invalid_field:
      return "invalid_field";
    case RefusalCode::field_too_long:
      return "field_too_long";
    case RefusalCode::unknown_currency:
      return "unknown_currency";
    case RefusalCode::currency_mismatch:
      return "currency_mismatch";
    case RefusalCode::amount_out_of_range:
      return "amount_out_of_range";
    case RefusalCode::negative_amount:
      return "negative_amount";
    case RefusalCode::zero_amount:
      return "zero_amount";
    case RefusalCode::amount_mismatch:
      return "amount_mismatch";
    case RefusalCode::unknown_channel:
      return "unknown_channel";
    case RefusalCode::no_payment_reference:
      return "no_payment_reference";
    case RefusalCode::unknown_payment:
      return "unknown_payment";
    case RefusalCode::payment_voided:
      return "payment_voided";
    case RefusalCode::payment_returned:
      return "payment_returned";
    case RefusalCode::exceeds_remaining:
      return "exceeds_remaining";
    case RefusalCode::not_in_suspense:
      return "not_in_suspense";
    case RefusalCode::unknown_chargeback:
      return "unknown_chargeback";
    case RefusalCode::missing_approval:
      return "missing_approval";
    case RefusalCode::drawer_session_exists:
      return "drawer_session_exists";
    case RefusalCode::drawer_session_not_open:
      return "drawer_session_not_open";
    case RefusalCode::drawer_mismatch:
      return "drawer_mismatch";
    case RefusalCode::invalid_policy:
      return "invalid_policy";
    case RefusalCode::invalid_account:
      return "invalid_account";
    case RefusalCode::balance_overflow:
      return "balance_overflow";
    case RefusalCode::limit_reached:
      return "limit_reached";
    case RefusalCode::event_too_large:
      return "event_too_large";
    case RefusalCode::invalid_settlement:
      return "invalid_settlement";
    case RefusalCode::unknown_adjustment_request:
      return "unknown_adjustment_request";
    case RefusalCode::adjustment_already_approved:
      return "adjustment_already_approved";
  }
  return "unrecognized";
}

const std::error_category& refusal_category() noexcept {
  static const RefusalCategory category;
  return category;
}

std::optional<Refusal> as_refusal(const Error& error) {
  if (error.code.category() != refusal_category()) return std::nullopt;
  return Refusal{static_cast<RefusalCode>(error.code.value()), error.message};
}

}  // namespace tally::ledger
