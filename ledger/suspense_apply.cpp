#include "ledger/suspense_apply.h"

#include <fmt/format.h>

#include <span>

#include "core/account_reference.h"
#include "core/accounts.h"
#include "core/clock.h"
#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/printable.h"
#include "ledger/errors.h"
#include "ledger/rules.h"

namespace tally::ledger {
namespace {

Status check_user(std::string_view user) {
  if (user.empty())
    return ledger_error(LedgerErrc::invalid_argument, "who applies it must be named (user)");
  if (user.size() > kMaxIdBytes)
    return ledger_error(LedgerErrc::invalid_argument,
                        fmt::format("the user is longer than {} bytes", kMaxIdBytes));
  if (printable(user) != user)
    return ledger_error(LedgerErrc::invalid_argument, "the user contains a control character");
  return ok_status();
}

// The id comes from the payment: applying the same payment twice is one application.
EventId application_id(const EventId& payment_id) {
  return events::command_id("suspense-apply:" + payment_id.to_hex());
}

events::Envelope payment_applied(const EventId& id, const SuspenseApplyRequest& request,
                                 const SuspenseItem& payment, const std::string& account_id) {
  events::Envelope e;
  e.set_id(std::string(id.as_string_view()));
  e.set_type(events::PAYMENT_APPLIED);
  e.set_schema_version(events::kSchemaVersion);
  e.set_business_date(request.business_date.days());
  e.set_recorded_at_us(now_us());
  // The payment's partition key: its state lives on that partition, and a rule reads only
  // the partition of the event it applies (rules.h).
  e.set_partition_key(std::string(accounts::kSuspense));
  e.mutable_source()->set_user(request.user);
  auto* a = e.mutable_payment_applied();
  a->set_payment_event_id(std::string(payment.payment_id.as_string_view()));
  a->set_account_id(account_id);
  a->mutable_amount()->set_minor(payment.amount_minor);
  a->mutable_amount()->set_currency(std::string(payment.currency.code()));
  a->set_applied_by(request.user);
  return e;
}

}  // namespace

Result<SuspenseApplied> apply_from_suspense(log::EventLog& log, Ledger& ledger,
                                            const SuspenseApplyRequest& request) {
  TALLY_TRY_STATUS(check_user(request.user));
  const std::optional<std::string> account_id = identify_account(request.account);
  if (!account_id)
    return ledger_error(
        LedgerErrc::invalid_argument,
        fmt::format("'{}' is not a customer account number", printable(request.account)));
  TALLY_TRY(std::optional<SuspenseItem> payment, find_in_suspense(ledger, request.payment_id));
  if (!payment)
    return ledger_error(LedgerErrc::not_found,
                        fmt::format("payment {} is not in suspense", request.payment_id.to_hex()));

  const EventId id = application_id(payment->payment_id);
  const events::Envelope event = payment_applied(id, request, *payment, *account_id);
  const std::string value = events::encode(event);
  const log::AppendEntry entry{event.partition_key(), value};
  TALLY_TRY(std::vector<log::Appended> appended, log.append(std::span(&entry, 1)));
  if (appended.size() != 1)
    return ledger_error(LedgerErrc::log,
                        fmt::format("the log acknowledged {} entries for one", appended.size()));
  return SuspenseApplied{id, *account_id, std::move(*payment), appended.front()};
}

}  // namespace tally::ledger
