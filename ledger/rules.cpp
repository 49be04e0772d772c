#include "ledger/rules.h"

#include "ledger/rules_mandate.h"
#include "ledger/rules_util.h"

namespace tally::ledger {

namespace {

Result<Outcome> dispatch(const events::Envelope& e, RuleContext& ctx) {
  using namespace detail;
  auto as_outcome = [](Result<Plan> plan) -> Result<Outcome> {
    if (!plan.ok()) return plan.error();
    return Outcome(std::move(plan).value());
  };
  switch (events::type_of_payload(e)) {
    case events::PAYMENT_RECEIVED:
      return as_outcome(plan_payment(e, ctx));
    case events::PAYMENT_RETURNED:
      return plan_return(e, ctx);
    case events::CHARGEBACK_RECEIVED:
      return plan_chargeback(e, ctx);
    case events::CHARGEBACK_REVERSED:
      return as_outcome(plan_chargeback_reversal(e, ctx));
    case events::BILL_ISSUED:
      return as_outcome(plan_bill(e));
    case events::DEPOSIT_DECLARED:
      return as_outcome(plan_deposit(e));
    case events::DRAWER_OPENED:
      return as_outcome(plan_drawer_opened(e, ctx));
    case events::DRAWER_CLOSED:
      return as_outcome(plan_drawer_closed(e, ctx));
    case events::PAYMENT_VOIDED:
      return as_outcome(plan_void(e, ctx));
    case events::DRAWER_CASH_MOVED:
      return as_outcome(plan_cash_moved(e));
    case events::PAYMENT_APPLIED:
      return as_outcome(plan_applied(e, ctx));
    case events::ADJUSTMENT_REQUESTED:
      return as_outcome(plan_adjustment_request(e));
    case events::ADJUSTMENT_POSTED:
      return as_outcome(plan_adjustment(e, ctx));
    case events::AUTOPAY_ENROLLED:
    case events::AUTOPAY_REMOVED:
      return as_outcome(plan_autopay(e, ctx));
    case events::POLICY_SET:
      return as_outcome(plan_policy(e));
    case events::RECONCILE_MATCHED:
      return as_outcome(plan_match(e));
    case events::BOOKS_ENTRY_POSTED:
      return as_outcome(plan_books_entry(e));
    // A notice of change corrects origination data (the autopay mandate), not balances; it is
    // listed under the customer's account for the person who updates their records.
    case events::NOTICE_OF_CHANGE:
      return as_outcome(plan_notice_of_change(e, ctx));
    // Recorded without postings: reconciliation owns bank lines, balances and discrepancies
    // (a bank line moves money in the books only once a match says what it settles).
    case events::BANK_TRANSACTION:
    case events::BANK_BALANCE_REPORTED:
    case events::DISCREPANCY_RAISED:
    case events::DISCREPANCY_RESOLVED:
    // Who may use the API, a file uploaded (its payments come as the file's own events), kept
    // copies purged: no money moves.
    case events::USER_CHANGED:
    case events::FILE_UPLOADED:
    case events::FILES_PURGED:
    // A drawer's count and a counter step waiting for a second person: the money moves with
    // the close and the approval that follow.
    case events::DRAWER_COUNTED:
    case events::COUNTER_REQUESTED: {
      Plan plan;
      plan.memo = "recorded";
      return Outcome(std::move(plan));
    }
    default:
      return detail::refuse(RefusalCode::unknown_event_type, "event of an unknown type");
  }
}

}  // namespace

Result<Outcome> plan_event(const events::Envelope& e, RuleContext& ctx) {
  auto outcome = dispatch(e, ctx);
  if (!outcome.ok()) {
    if (auto refusal = as_refusal(outcome.error())) return Outcome(std::move(*refusal));
    return outcome.error();
  }
  if (auto* plan = std::get_if<Plan>(&outcome.value())) {
    TALLY_ASSERT(postings_balance(plan->postings), "a posting rule's postings sum to zero");
    TALLY_ASSERT(plan->postings.size() <= kMaxPostingsPerEntry, "rules make few postings");
  }
  return outcome;
}

}  // namespace tally::ledger
