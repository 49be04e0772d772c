// Rules for bills, deposits, cash drawers, autopay and policies (adjustments:
// rules_adjustments.cpp).
#include "ledger/rules_util.h"

namespace tally::ledger::detail {

Result<Plan> plan_bill(const events::Envelope& e) {
  const auto& b = e.bill_issued();
  TALLY_TRY(std::string id, id_field(b.account_id(), "account_id"));
  TALLY_TRY(Amount amount,
            amount_of(b.has_amount_due(), b.amount_due(), "amount_due", Sign::kNonNegative));
  Plan plan;
  if (amount.minor > 0)
    post_pair(plan, accounts::customer(id), std::string(accounts::kRevenueBilled), amount.minor,
              amount.currency);
  plan.memo = b.bill_id().empty() ? "bill" : "bill " + b.bill_id().substr(0, 64);
  return plan;
}

// A declared deposit is on its way to the bank, not in it: Dr transit:<channel> net,
// Dr expense:card-fees fees, Cr clearing:<channel> gross. Only the reconciler's match with a
// bank line moves it on to bank:<id> (rules_reconcile.cpp). gross = net + fees must hold when
// all three are given.
Result<Plan> plan_deposit(const events::Envelope& e) {
  using events::DepositDeclared;
  const auto& d = e.deposit_declared();
  TALLY_TRY(std::string_view channel, deposit_channel(d));
  TALLY_TRY(Amount net, amount_of(d.has_net(), d.net(), "net", Sign::kNonNegative));
  Amount fees{0, net.currency};
  if (d.has_fees()) {
    TALLY_TRY(fees, amount_of(true, d.fees(), "fees", Sign::kNonNegative));
  }
  if (!(fees.currency == net.currency))
    return refuse(RefusalCode::currency_mismatch, "fees and net in different currencies");
  const auto gross_sum = checked_add(net.minor, fees.minor);
  if (!gross_sum) return refuse(RefusalCode::amount_out_of_range, "net + fees overflows");
  if (d.has_gross()) {
    TALLY_TRY(Amount gross, amount_of(true, d.gross(), "gross", Sign::kNonNegative));
    if (!(gross.currency == net.currency) || gross.minor != *gross_sum)
      return refuse(RefusalCode::amount_mismatch, fmt::format("gross {} is not net {} + fees {}",
                                                              gross.minor, net.minor, fees.minor));
  }
  if (!d.bank_account().empty()) {
    TALLY_TRY(std::string id, id_field(d.bank_account(), "bank_account"));
  }
  Plan plan;
  if (*gross_sum > 0) {
    if (net.minor > 0)
      plan.postings.push_back(Posting{accounts::transit(channel), net.minor, net.currency});
    if (fees.minor > 0)
      plan.postings.push_back(
          Posting{std::string(accounts::kExpenseCardFees), fees.minor, net.currency});
    // A drawer's deposit takes its money out of the drawer (counter payments are there).
    std::string from = accounts::clearing(channel);
    if (d.kind() == DepositDeclared::DRAWER_CLOSE && !d.drawer_id().empty()) {
      TALLY_TRY(std::string drawer, id_field(d.drawer_id(), "drawer_id"));
      from = accounts::drawer(drawer);
    }
    plan.postings.push_back(Posting{std::move(from), -*gross_sum, net.currency});
  }
  plan.memo = "deposit " + d.deposit_reference().substr(0, 64);
  return plan;
}

Result<Plan> plan_drawer_opened(const events::Envelope& e, RuleContext& ctx) {
  const auto& o = e.drawer_opened();
  TALLY_TRY(std::string drawer, id_field(o.drawer_id(), "drawer_id"));
  TALLY_TRY(std::string session, id_field(o.session_id(), "session_id"));
  TALLY_TRY(Amount opening, amount_of(o.has_opening_float(), o.opening_float(), "opening_float",
                                      Sign::kNonNegative));
  TALLY_TRY(auto existing, ctx.drawer_session(session));
  if (existing)
    return refuse(RefusalCode::drawer_session_exists,
                  fmt::format("drawer session {} was opened before", session));
  Plan plan;
  if (opening.minor > 0)
    post_pair(plan, accounts::drawer(drawer), std::string(accounts::kBankVault), opening.minor,
              opening.currency);
  plan.state_changes.push_back(
      DrawerSessionChange{session, DrawerSession{drawer, opening.minor, opening.currency, true}});
  plan.memo = "drawer " + drawer + " opened";
  return plan;
}

// Over/short is posted against the drawer, so that it then holds what was counted (plus the
// checks and money orders); the float goes back to the vault (all the cash when less than the
// float was counted: float_returned), and the drawer's deposit (DepositDeclared) takes the
// rest, leaving the drawer at zero.
Result<Plan> plan_drawer_closed(const events::Envelope& e, RuleContext& ctx) {
  const auto& c = e.drawer_closed();
  TALLY_TRY(std::string session, id_field(c.session_id(), "session_id"));
  TALLY_TRY(auto state, ctx.drawer_session(session));
  if (!state || !state->open)
    return refuse(RefusalCode::drawer_session_not_open,
                  fmt::format("drawer session {} is not open", session));
  if (!c.drawer_id().empty() && c.drawer_id() != state->drawer_id)
    return refuse(RefusalCode::drawer_mismatch,
                  fmt::format("session {} belongs to drawer {}", session, state->drawer_id));
  Amount over_short{0, state->currency};
  Plan plan;
  if (c.has_over_short()) {
    TALLY_TRY(over_short, amount_of(true, c.over_short(), "over_short", Sign::kAny));
  } else if (c.has_counted_cash() && c.has_expected_cash()) {
    TALLY_TRY(Amount counted,
              amount_of(true, c.counted_cash(), "counted_cash", Sign::kNonNegative));
    TALLY_TRY(Amount expected,
              amount_of(true, c.expected_cash(), "expected_cash", Sign::kNonNegative));
    if (!(counted.currency == expected.currency))
      return refuse(RefusalCode::currency_mismatch, "counted and expected cash differ in currency");
    over_short = Amount{counted.minor - expected.minor, counted.currency};
  }
  const std::string drawer = accounts::drawer(state->drawer_id);
  if (over_short.minor > 0)
    post_pair(plan, drawer, std::string(accounts::kExpenseOverShort), over_short.minor,
              over_short.currency);
  else if (over_short.minor < 0)
    post_pair(plan, std::string(accounts::kExpenseOverShort), drawer, -over_short.minor,
              over_short.currency);
  std::int64_t float_returned = state->float_minor;
  if (c.has_float_returned()) {
    TALLY_TRY(Amount returned,
              amount_of(true, c.float_returned(), "float_returned", Sign::kNonNegative));
    if (!(returned.currency == state->currency) || returned.minor > state->float_minor)
      return refuse(RefusalCode::amount_mismatch,
                    fmt::format("float returned {} is more than the float {}", returned.minor,
                                state->float_minor));
    float_returned = returned.minor;
  }
  if (float_returned > 0)
    post_pair(plan, std::string(accounts::kBankVault), drawer, float_returned, state->currency);
  state->open = false;
  plan.state_changes.push_back(DrawerSessionChange{session, *state});
  plan.memo = fmt::format("drawer {} closed, over/short {}", state->drawer_id, over_short.minor);
  return plan;
}

Result<Plan> plan_cash_moved(const events::Envelope& e) {
  using events::DrawerCashMoved;
  const auto& m = e.drawer_cash_moved();
  TALLY_TRY(std::string drawer, id_field(m.drawer_id(), "drawer_id"));
  TALLY_TRY(Amount amount, amount_of(m.has_amount(), m.amount(), "amount", Sign::kPositive));
  Plan plan;
  switch (m.kind()) {
    case DrawerCashMoved::PAID_IN:
      post_pair(plan, accounts::drawer(drawer), std::string(accounts::kRevenueCounterPaidIn),
                amount.minor, amount.currency);
      break;
    case DrawerCashMoved::PAID_OUT:
      post_pair(plan, std::string(accounts::kExpenseCounterPaidOut), accounts::drawer(drawer),
                amount.minor, amount.currency);
      break;
    case DrawerCashMoved::TRANSFER: {
      TALLY_TRY(std::string to, id_field(m.to_drawer_id(), "to_drawer_id"));
      if (to == drawer) return refuse(RefusalCode::invalid_field, "a transfer to the same drawer");
      post_pair(plan, accounts::drawer(to), accounts::drawer(drawer), amount.minor, amount.currency);
      break;
    }
    default:
      return refuse(RefusalCode::invalid_field, "cash move of an unknown kind");
  }
  plan.memo = fmt::format("drawer {} {}", drawer, DrawerCashMoved::Kind_Name(m.kind()));
  return plan;
}

Result<Plan> plan_autopay(const events::Envelope& e, RuleContext& ctx) {
  const bool enrol = e.has_autopay_enrolled();
  const std::string& raw =
      enrol ? e.autopay_enrolled().account_id() : e.autopay_removed().account_id();
  TALLY_TRY(std::string id, id_field(raw, "account_id"));
  const std::string account = accounts::customer(id);
  TALLY_TRY(AutopayState state, ctx.autopay(account));
  state.enrolled = enrol;
  if (enrol) {
    const auto& a = e.autopay_enrolled();
    state.routing = a.routing_number().substr(0, 9);
    state.savings = a.account_type() == "savings";
    state.holder_name = a.holder_name().substr(0, 64);
    state.account_last4 = a.account_last4().substr(0, 4);
    state.account_sealed = a.account_number_sealed().substr(0, 256);
    // A new enrolment is a new mandate: what a return held or ended is behind it.
    state.hold_code.clear();
    state.ended_code.clear();
  }
  Plan plan;
  plan.state_changes.push_back(AutopayChange{account, std::move(state)});
  plan.memo = enrol ? "autopay enrolled"
                    : "autopay removed: " + e.autopay_removed().reason().substr(0, 200);
  return plan;
}

Result<Plan> plan_policy(const events::Envelope& e) {
  TALLY_TRY(Policy policy, policy_from_event(e.policy_set()));
  Plan plan;
  plan.memo =
      fmt::format("policy: NSF fee {} {}, autopay removal after {} in {} months, from {}",
                  policy.nsf_fee_minor, policy.currency.code(), policy.autopay_removal_returns,
                  policy.autopay_removal_months, policy.effective_date.to_iso());
  plan.policy = std::move(policy);
  return plan;
}

}  // namespace tally::ledger::detail
