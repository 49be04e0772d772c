#include "ledger/suspense_apply.h"

#include <fmt/format.h>

#include "core/account_reference.h"
#include "core/accounts.h"
#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/printable.h"
#include "ledger/command_support.h"
#include "ledger/errors.h"
#include "ledger/rules.h"

namespace tally::ledger {
namespace {

// The id comes from the payment: applying the same payment twice is one application.
EventId application_id(const EventId& payment_id) {
  return events::command_id("suspense-apply:" + payment_id.to_hex());
}

events::Envelope payment_applied(const EventId& id, const SuspenseApplyRequest& request,
                                 const SuspenseItem& payment, const std::string& account_id) {
  // The payment's partition key: its state lives on that partition, and a rule reads only
  // the partition of the event it applies (rules.h).
  events::Envelope e = events::command_envelope(id, events::PAYMENT_APPLIED, std::string(accounts::kSuspense),
                                                request.business_date, request.actor);
  auto* a = e.mutable_payment_applied();
  a->set_payment_event_id(std::string(payment.payment_id.as_string_view()));
  a->set_account_id(account_id);
  a->mutable_amount()->set_minor(payment.amount_minor);
  a->mutable_amount()->set_currency(std::string(payment.currency.code()));
  a->set_applied_by(request.actor.user);
  return e;
}

}  // namespace

Result<bool> billed_customer(const Ledger& ledger, std::string_view customer_id) {
  TALLY_TRY(std::vector<HistoryLine> lines,
            ledger.history(accounts::customer(customer_id), kKnownCustomerLines));
  if (lines.size() >= kKnownCustomerLines) return true;
  for (const HistoryLine& line : lines)
    if (line.event_type == events::BILL_ISSUED) return true;
  return false;
}

SuspenseFacts books_facts(const Ledger& ledger) {
  return {[&ledger](const EventId& payment_id) { return find_in_suspense(ledger, payment_id); },
          [&ledger](std::string_view customer_id) { return billed_customer(ledger, customer_id); }};
}

Result<SuspenseApplied> apply_from_suspense(log::EventLog& log, const SuspenseFacts& facts,
                                            const SuspenseApplyRequest& request) {
  TALLY_TRY_STATUS(detail::check_command_actor(request.actor));
  const std::optional<std::string> account_id = identify_account(request.account);
  if (!account_id)
    return ledger_error(
        LedgerErrc::invalid_argument,
        fmt::format("'{}' is not a customer account number", printable(request.account)));
  TALLY_TRY(std::optional<SuspenseItem> payment, facts.held(request.payment_id));
  if (!payment)
    return ledger_error(LedgerErrc::not_found,
                        fmt::format("payment {} is not in suspense", request.payment_id.to_hex()));
  if (!request.confirm_new_account) {
    TALLY_TRY(bool billed, facts.billed(*account_id));
    if (!billed)
      return ledger_error(
          LedgerErrc::needs_confirmation,
          fmt::format("customer {} has never been billed: check the account number, or, if it is "
                      "a new account, confirm it (--confirm-new-account; confirm_new_account in "
                      "the API)",
                      *account_id));
  }

  const EventId id = application_id(payment->payment_id);
  const events::Envelope event = payment_applied(id, request, *payment, *account_id);
  TALLY_TRY(log::Appended appended, detail::append_event(log, event));
  return SuspenseApplied{id, *account_id, std::move(*payment), appended};
}

}  // namespace tally::ledger
