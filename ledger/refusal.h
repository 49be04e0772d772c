// Why the ledger did not apply an event: a stable code plus free text for people. The code is
// stored in discrepancy records (records.h), shown by `tally discrepancies list` and
// GET /api/v1/discrepancies by its name, and is what tests and tools match on; the detail
// (amounts, ids, field names) may change wording at any time.
//
// The numbers are persisted and the names are an interface: never renumber, rename or reuse
// one; add new codes at the end. A number this build does not know (written by a newer one)
// reads back as itself and is named "unrecognized".
//
// Posting rules refuse an event by returning refusal_error(code, detail) as their error;
// plan_event turns it into a Refusal outcome. Errors of any other category are failures
// (storage, corruption), never refusals.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include "core/result.h"

namespace tally::ledger {

enum class RefusalCode : std::uint16_t {
  unspecified = 0,        // stored before refusals had codes
  undecodable_event = 1,  // the log record is not a valid Envelope (dead-lettered)
  conflicting_event = 2,  // the event id was seen before with a different payload
  unknown_event_type = 3,
  missing_field = 4,  // a required field (amount, account, id, ...) is absent
  invalid_field = 5,  // a field of the wrong size or with forbidden bytes
  field_too_long = 6,
  unknown_currency = 7,
  currency_mismatch = 8,    // amounts, payment or account in different currencies
  amount_out_of_range = 9,  // beyond the largest amount an event may carry, or a sum overflows
  negative_amount = 10,
  zero_amount = 11,
  amount_mismatch = 12,  // amounts that must agree do not (gross vs net + fees, ...)
  unknown_channel = 13,
  no_payment_reference = 14,  // a return or chargeback names no payment (and no account)
  unknown_payment = 15,
  payment_voided = 16,
  payment_returned = 17,   // the payment was already returned or charged back
  exceeds_remaining = 18,  // takes back more than is left of the payment or chargeback
  not_in_suspense = 19,
  unknown_chargeback = 20,
  missing_approval = 21,  // a void without a supervisor, an adjustment without an approver or
                          // approved by the person who asked for it
  drawer_session_exists = 22,
  drawer_session_not_open = 23,
  drawer_mismatch = 24,  // the session belongs to another drawer
  invalid_policy = 25,
  invalid_account = 26,  // an account name the journal cannot hold
  balance_overflow = 27,
  limit_reached = 28,    // too many policies, or too many events waiting in a partition
  event_too_large = 29,  // too large to keep while it waits for its payment
  invalid_settlement = 30,  // a match or books entry that moves money between accounts it may not
  unknown_adjustment_request = 31,   // an approval names a request this partition does not hold
  adjustment_already_approved = 32,  // an approval of a request approved before
};

// The code's stable snake_case name: "currency_mismatch".
std::string_view refusal_name(RefusalCode code);

struct Refusal {
  RefusalCode code = RefusalCode::unspecified;
  std::string detail;
};

const std::error_category& refusal_category() noexcept;
inline std::error_code make_error_code(RefusalCode code) noexcept {
  return {static_cast<int>(code), refusal_category()};
}
inline Error refusal_error(RefusalCode code, std::string detail) {
  return Error{make_error_code(code), std::move(detail)};
}
// The refusal an error carries; nullopt for an error of another category.
std::optional<Refusal> as_refusal(const Error& error);

}  // namespace tally::ledger

template <>
struct std::is_error_code_enum<tally::ledger::RefusalCode> : std::true_type {};
