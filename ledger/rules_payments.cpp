// Rules for money that customers send and take back: payments, returns, chargebacks and
// their reversals, voids, and applying a payment held in suspense.
#include <algorithm>

#include "core/events/event_ids.h"
#include "ledger/rules_mandate.h"
#include "ledger/rules_util.h"

namespace tally::ledger::detail {
namespace {

constexpr std::size_t kMaxCodeBytes = 16;
// The return code the card mapper gives a processor's refund (ingest/mappers/card_mapper.cpp).
constexpr std::string_view kRefundCode = "REFUND";

bool is_customer(std::string_view account) {
  const auto name = accounts::parse(account);
  return name && name->kind == accounts::AccountKind::kCustomer;
}

struct FoundPayment {
  EventId id;
  PaymentState state;
};

std::int64_t unreturned(const PaymentState& s) {
  return s.amount_minor - s.returned_minor;
}

// The payment an event names, by id or else by external reference. Several payments can
// share a reference (a bank's trace number restarts in a second file of the day): the first
// that still has exactly `amount_minor` to take back is chosen, else the first with money
// left, else the first. nullopt: no such payment (yet).
Result<std::optional<FoundPayment>> find_payment(RuleContext& ctx, const std::optional<EventId>& id,
                                                 std::string_view reference,
                                                 std::int64_t amount_minor) {
  if (id) {
    TALLY_TRY(auto state, ctx.payment(*id));
    if (!state) return std::optional<FoundPayment>();
    return std::optional<FoundPayment>(FoundPayment{*id, std::move(*state)});
  }
  TALLY_TRY(std::vector<EventId> candidates, ctx.payments_by_reference(reference));
  std::optional<FoundPayment> first, with_money;
  for (const EventId& candidate : candidates) {
    TALLY_TRY(auto state, ctx.payment(candidate));
    if (!state) continue;
    FoundPayment found{candidate, std::move(*state)};
    const bool open = !found.state.voided && unreturned(found.state) > 0;
    if (open && unreturned(found.state) == amount_minor) return std::optional<FoundPayment>(found);
    if (open && !with_money) with_money = found;
    if (!first) first = std::move(found);
  }
  return with_money ? with_money : first;
}

// Money can be taken back from a payment: same currency, not voided, not more than is left.
Status check_take_back(const FoundPayment& p, const Amount& amount, std::string_view what) {
  if (!(p.state.currency == amount.currency))
    return refuse(RefusalCode::currency_mismatch,
                  fmt::format("{} in {} of a payment in {}", what, amount.currency.code(),
                              p.state.currency.code()));
  if (p.state.voided)
    return refuse(RefusalCode::payment_voided, fmt::format("{} of a voided payment", what));
  if (amount.minor > unreturned(p.state))
    return refuse(RefusalCode::exceeds_remaining,
                  fmt::format("{} of {} exceeds the {} left of payment {}", what, amount.minor,
                              unreturned(p.state), p.id.to_hex()));
  return ok_status();
}

// NSF bookkeeping for a customer's return: counts it and removes autopay when the policy's
// threshold is reached within its window.
// Where a payment's money is until it is deposited: clearing:<channel>, except at the counter,
// where cash, checks and money orders are in the cashier's drawer (drawer:<id>), so the
// drawer's balance in the books is what should be in it. A card tender at the counter is the
// card processor's to pay out: clearing:card.
Result<std::string> payment_clearing(const events::PaymentReceived& p, std::string_view channel) {
  if (p.channel() != events::COUNTER || p.drawer_id().empty())
    return accounts::clearing(channel);
  if (p.method().method() == events::MethodDetails::CARD) return accounts::clearing("card");
  TALLY_TRY(std::string drawer, id_field(p.drawer_id(), "drawer_id"));
  return accounts::drawer(drawer);
}

// A payment taken into a drawer left it with the drawer's deposit: money taken back later (a
// returned check) comes out of the counter's clearing account, where the bank's debit for it
// is matched, never out of a drawer that has been closed.
std::string take_back_account(const PaymentState& payment) {
  const auto name = accounts::parse(payment.clearing);
  if (name && name->kind == accounts::AccountKind::kDrawer) return accounts::clearing("counter");
  return payment.clearing;
}

}  // namespace

Result<Plan> plan_payment(const events::Envelope& e, RuleContext& /*ctx*/) {
  const auto& p = e.payment_received();
  const std::string_view channel = channel_name(p.channel());
  if (channel.empty())
    return refuse(RefusalCode::unknown_channel, "payment without a known channel");
  TALLY_TRY(Amount amount, amount_of(p.has_amount(), p.amount(), "amount", Sign::kPositive));
  std::string holder(accounts::kSuspense);
  if (!p.account_id().empty()) {
    TALLY_TRY(std::string id, id_field(p.account_id(), "account_id"));
    holder = accounts::customer(id);
  }
  TALLY_TRY(std::string reference, reference_field(p.external_reference(), "external_reference"));
  TALLY_TRY(std::string clearing, payment_clearing(p, channel));
  Plan plan;
  // Held for no known account: what it said of itself is kept for the person who must find
  // whose money it is (suspense.h). Few payments, so the bulk path barely notices.
  if (holder == accounts::kSuspense)
    plan.state_changes.push_back(SuspenseDetailChange{events::event_id_of(e), suspense_detail_of(e)});
  if (holder != accounts::kSuspense && !p.payer_name().empty())
    plan.payer_name = PayerName{holder, p.payer_name()};
  post_pair(plan, std::move(clearing), std::move(holder), amount.minor, amount.currency);
  if (!reference.empty())
    plan.refs.push_back({ReferenceEntry::Kind::payment, reference, events::event_id_of(e)});
  plan.is_payment = true;
  plan.payment_reference = std::move(reference);
  return plan;
}

Result<Outcome> plan_return(const events::Envelope& e, RuleContext& ctx) {
  const auto& r = e.payment_returned();
  TALLY_TRY(Amount amount, amount_of(r.has_amount(), r.amount(), "amount", Sign::kPositive));
  TALLY_TRY(auto original_id, optional_event_id(r.original_event_id(), "original_event_id"));
  TALLY_TRY(std::string reference, reference_field(r.original_reference(), "original_reference"));
  if (!original_id && reference.empty())
    return refuse(
        RefusalCode::no_payment_reference,
        "return with no reference to a payment (no original_event_id or original_reference)");
  if (r.return_code().size() > kMaxCodeBytes)
    return refuse(RefusalCode::field_too_long, "return_code too long");
  TALLY_TRY(auto found, find_payment(ctx, original_id, reference, amount.minor));
  if (!found) {
    if (original_id)
      return Outcome(Park{WaitKind::kPaymentId, std::string(original_id->as_string_view())});
    return Outcome(Park{WaitKind::kReference, reference});
  }
  TALLY_TRY_STATUS(check_take_back(*found, amount, "return"));

  const EventId return_id = events::event_id_of(e);
  const BusinessDate date = date_or(r.return_date(), BusinessDate::from_days(e.business_date()));
  const Policy& policy = ctx.policy_at(date);
  PaymentState& payment = found->state;
  Plan plan;
  plan.memo = fmt::format("return {} of payment {}", r.return_code(), found->id.to_hex());
  post_pair(plan, payment.holder, take_back_account(payment), amount.minor, amount.currency);
  std::int64_t fee = 0;
  if (is_customer(payment.holder)) {
    const bool nsf = policy.incurs_fee(r.return_code());
    if (nsf && policy.nsf_fee_minor > 0 && policy.currency == amount.currency) {
      fee = policy.nsf_fee_minor;
      post_pair(plan, payment.holder, std::string(accounts::kRevenueNsfFees), fee, amount.currency);
    }
    TALLY_TRY_STATUS(mandate_after_return(
        ctx, plan, policy,
        {payment.holder, r.return_code(), r.kind() == events::ACH_RETURN, nsf, amount.minor, fee, return_id, date}));
    // A refund is the office giving money back, not a payment that failed: no letter.
    if (r.return_code() != kRefundCode)
      plan.letter = ReturnLetter{payment.holder,
                                 found->id,
                                 return_id,
                                 r.return_code(),
                                 r.reason().substr(0, kMaxTextBytes),
                                 date,
                                 amount.minor,
                                 fee,
                                 amount.currency,
                                 reference};
  }
  payment.returned_minor += amount.minor;
  plan.state_changes.push_back(PaymentChange{found->id, payment});
  return Outcome(std::move(plan));
}

Result<Outcome> plan_chargeback(const events::Envelope& e, RuleContext& ctx) {
  const auto& c = e.chargeback_received();
  TALLY_TRY(Amount amount, amount_of(c.has_amount(), c.amount(), "amount", Sign::kPositive));
  TALLY_TRY(auto original_id, optional_event_id(c.original_event_id(), "original_event_id"));
  TALLY_TRY(std::string reference, reference_field(c.processor_reference(), "processor_reference"));
  TALLY_TRY(
      std::string case_key,
      reference_field(c.case_id().empty() ? "" : c.processor() + '\x1f' + c.case_id(), "case_id"));
  std::optional<FoundPayment> found;
  if (original_id || !reference.empty()) {
    TALLY_TRY(found, find_payment(ctx, original_id, reference, amount.minor));
  }
  ChargebackState state{{}, accounts::clearing("card"), amount.minor, amount.currency, 0};
  Plan plan;
  if (found) {
    TALLY_TRY_STATUS(check_take_back(*found, amount, "chargeback"));
    state.holder = found->state.holder;
    state.clearing = found->state.clearing;
    found->state.returned_minor += amount.minor;
    plan.state_changes.push_back(PaymentChange{found->id, found->state});
    plan.memo = fmt::format("chargeback of payment {}", found->id.to_hex());
  } else if (!c.account_id().empty()) {
    TALLY_TRY(std::string id, id_field(c.account_id(), "account_id"));
    state.holder = accounts::customer(id);
    plan.memo = "chargeback; original payment not found";
  } else if (original_id) {
    return Outcome(Park{WaitKind::kPaymentId, std::string(original_id->as_string_view())});
  } else if (!reference.empty()) {
    return Outcome(Park{WaitKind::kReference, reference});
  } else {
    return refuse(RefusalCode::no_payment_reference,
                  "chargeback with no payment reference and no account");
  }
  const EventId id = events::event_id_of(e);
  post_pair(plan, state.holder, state.clearing, amount.minor, amount.currency);
  // The customer is written to as for a returned payment: what was taken back and why.
  if (is_customer(state.holder))
    plan.letter = ReturnLetter{state.holder,
                               found ? found->id : EventId{},
                               id,
                               c.reason_code().substr(0, kMaxCodeBytes),
                               "card chargeback",
                               BusinessDate::from_days(e.business_date()),
                               amount.minor,
                               0,
                               amount.currency,
                               reference};
  plan.state_changes.push_back(ChargebackChange{id, state});
  if (!case_key.empty()) plan.refs.push_back({ReferenceEntry::Kind::chargeback_case, case_key, id});
  return Outcome(std::move(plan));
}

Result<Plan> plan_chargeback_reversal(const events::Envelope& e, RuleContext& ctx) {
  const auto& c = e.chargeback_reversed();
  TALLY_TRY(Amount amount, amount_of(c.has_amount(), c.amount(), "amount", Sign::kPositive));
  TALLY_TRY(auto chargeback_id, optional_event_id(c.chargeback_event_id(), "chargeback_event_id"));
  if (!chargeback_id && !c.case_id().empty()) {
    TALLY_TRY(std::string case_key,
              reference_field(c.processor() + '\x1f' + c.case_id(), "case_id"));
    TALLY_TRY(std::vector<EventId> ids, ctx.chargebacks_by_case(case_key));
    if (!ids.empty()) chargeback_id = ids.front();
  }
  std::optional<ChargebackState> state;
  if (chargeback_id) {
    TALLY_TRY(state, ctx.chargeback(*chargeback_id));
  }
  Plan plan;
  if (state) {
    if (!(state->currency == amount.currency))
      return refuse(RefusalCode::currency_mismatch, "chargeback reversal in another currency");
    if (amount.minor > state->amount_minor - state->reversed_minor)
      return refuse(RefusalCode::exceeds_remaining,
                    fmt::format("chargeback reversal of {} exceeds the {} charged back",
                                amount.minor, state->amount_minor - state->reversed_minor));
    post_pair(plan, state->clearing, state->holder, amount.minor, amount.currency);
    state->reversed_minor += amount.minor;
    plan.state_changes.push_back(ChargebackChange{*chargeback_id, *state});
    plan.memo = fmt::format("reversal of chargeback {}", chargeback_id->to_hex());
    return plan;
  }
  if (c.account_id().empty())
    return refuse(RefusalCode::unknown_chargeback,
                  "chargeback reversal for no known chargeback and no account");
  TALLY_TRY(std::string id, id_field(c.account_id(), "account_id"));
  post_pair(plan, accounts::clearing("card"), accounts::customer(id), amount.minor,
            amount.currency);
  plan.memo = "chargeback reversal; chargeback not found";
  return plan;
}

Result<Plan> plan_void(const events::Envelope& e, RuleContext& ctx) {
  const auto& v = e.payment_voided();
  TALLY_TRY(auto id, optional_event_id(v.payment_event_id(), "payment_event_id"));
  if (!id) return refuse(RefusalCode::missing_field, "void without payment_event_id");
  if (v.supervisor().empty())
    return refuse(RefusalCode::missing_approval, "void without a supervisor");
  TALLY_TRY(auto state, ctx.payment(*id));
  if (!state)
    return refuse(RefusalCode::unknown_payment,
                  fmt::format("void of unknown payment {}", id->to_hex()));
  if (state->voided) return refuse(RefusalCode::payment_voided, "payment already voided");
  if (state->returned_minor != 0)
    return refuse(RefusalCode::payment_returned,
                  "void of a payment already returned or charged back");
  Plan plan;
  post_pair(plan, state->holder, state->clearing, state->amount_minor, state->currency);
  state->voided = true;
  state->returned_minor = state->amount_minor;
  plan.state_changes.push_back(PaymentChange{*id, *state});
  plan.memo = fmt::format("void of payment {}", id->to_hex());
  return plan;
}

Result<Plan> plan_applied(const events::Envelope& e, RuleContext& ctx) {
  const auto& a = e.payment_applied();
  TALLY_TRY(auto id, optional_event_id(a.payment_event_id(), "payment_event_id"));
  if (!id) return refuse(RefusalCode::missing_field, "application without payment_event_id");
  TALLY_TRY(std::string account_id, id_field(a.account_id(), "account_id"));
  TALLY_TRY(auto state, ctx.payment(*id));
  if (!state)
    return refuse(RefusalCode::unknown_payment,
                  fmt::format("application of unknown payment {}", id->to_hex()));
  if (state->holder != accounts::kSuspense)
    return refuse(RefusalCode::not_in_suspense, "payment is not in suspense");
  if (state->voided) return refuse(RefusalCode::payment_voided, "payment in suspense was voided");
  if (state->returned_minor != 0)
    return refuse(RefusalCode::payment_returned, "payment in suspense was returned");
  if (a.has_amount()) {
    TALLY_TRY(Amount amount, amount_of(true, a.amount(), "amount", Sign::kPositive));
    if (amount.minor != state->amount_minor || !(amount.currency == state->currency))
      return refuse(RefusalCode::amount_mismatch,
                    "application amount differs from the payment in suspense");
  }
  Plan plan;
  state->holder = accounts::customer(account_id);
  post_pair(plan, std::string(accounts::kSuspense), state->holder, state->amount_minor,
            state->currency);
  plan.state_changes.push_back(PaymentChange{*id, *state});
  plan.memo = fmt::format("payment {} applied from suspense", id->to_hex());
  return plan;
}

}  // namespace tally::ledger::detail
