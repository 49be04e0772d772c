#include "ledger/rules_mandate.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/accounts.h"
#include "core/events/event_ids.h"
#include "ledger/ach_returns.h"
#include "ledger/rules_util.h"

namespace tally::ledger::detail {
namespace {

constexpr std::size_t kMaxCodeBytes = 8;

void withhold(AutopayState& state, BusinessDate date, std::int64_t amount_minor, std::string why) {
  if (amount_minor <= 0) return;
  if (state.withheld.size() == kMaxWithheld) state.withheld.erase(state.withheld.begin());
  state.withheld.push_back({date, amount_minor, why.substr(0, 16)});
}

// Removes autopay as the policy says after its Nth NSF return in M months.
void count_nsf(AutopayState& autopay, Plan& plan, const Policy& policy, const ReturnFacts& r) {
  autopay.nsf_dates.push_back(r.date);
  if (autopay.nsf_dates.size() > kMaxNsfDates) autopay.nsf_dates.erase(autopay.nsf_dates.begin());
  if (!autopay.enrolled || policy.autopay_removal_returns <= 0) return;
  const BusinessDate window_start = r.date.plus_months(-policy.autopay_removal_months);
  const auto in_window = std::count_if(autopay.nsf_dates.begin(), autopay.nsf_dates.end(),
                                       [&](BusinessDate d) { return d > window_start && d <= r.date; });
  if (in_window < policy.autopay_removal_returns) return;
  autopay.enrolled = false;
  plan.removal = AutopayRemoval{events::derived_id(r.return_id, "autopay-removed"), r.return_id, r.account,
                                fmt::format("{} NSF returns within {} months", in_window, policy.autopay_removal_months),
                                r.date};
}

// Whether the transaction code is a savings account's (3x) rather than a checking one's (2x).
bool savings_code(std::int32_t code) { return code >= 30 && code < 40; }

}  // namespace

Status mandate_after_return(RuleContext& ctx, Plan& plan, const Policy& policy, const ReturnFacts& r) {
  TALLY_TRY(AutopayState autopay, ctx.autopay(r.account));
  const bool has_mandate = !autopay.routing.empty();
  if (!r.nsf && !(r.ach && has_mandate)) return ok_status();  // nothing to keep
  if (r.nsf) count_nsf(autopay, plan, policy, r);
  if (r.ach && has_mandate) {
    const std::string code = r.code.substr(0, kMaxCodeBytes);
    switch (action_after_return(r.code)) {
      case ReturnAction::kRepresentable:
      case ReturnAction::kNeverAgain:
        withhold(autopay, r.date, r.amount_minor, code);
        break;
      case ReturnAction::kHoldForCorrection:
        autopay.hold_code = code;
        autopay.hold_date = r.date;
        break;
      case ReturnAction::kEndMandate:
        autopay.ended_code = code;
        if (autopay.enrolled && !plan.removal)
          plan.removal = AutopayRemoval{events::derived_id(r.return_id, "autopay-removed"), r.return_id, r.account,
                                        fmt::format("{}: the account holder did not authorize the debit", code),
                                        r.date};
        autopay.enrolled = false;
        break;
      case ReturnAction::kNone:
        break;
    }
    withhold(autopay, r.date, r.fee_minor, "fee " + code);
  }
  plan.state_changes.push_back(AutopayChange{r.account, std::move(autopay)});
  return ok_status();
}

Result<Plan> plan_notice_of_change(const events::Envelope& e, RuleContext& ctx) {
  const auto& n = e.notice_of_change();
  Plan plan;
  plan.memo = "recorded";
  // A notice whose account id is not one is still recorded, just not listed.
  auto id = id_field(n.account_id(), "account_id");
  if (!id.ok()) return plan;
  const std::string account = accounts::customer(*id);
  plan.refs.push_back({ReferenceEntry::Kind::notice_of_change, account, events::event_id_of(e)});
  const std::string& code = n.change_code();
  const bool corrects = code == "C01" || code == "C02" || code == "C03" || code == "C05" || code == "C06" || code == "C07";
  if (!corrects) return plan;
  TALLY_TRY(AutopayState autopay, ctx.autopay(account));
  if (autopay.routing.empty()) return plan;  // no mandate to correct
  if (!n.corrected_account_sealed().empty()) {
    autopay.account_sealed = n.corrected_account_sealed().substr(0, 256);
    autopay.account_last4 = n.corrected_account_last4().substr(0, 4);
  }
  if (!n.corrected_routing_number().empty()) autopay.routing = n.corrected_routing_number().substr(0, 9);
  if (n.corrected_transaction_code() != 0) autopay.savings = savings_code(n.corrected_transaction_code());
  autopay.hold_code.clear();
  plan.memo = fmt::format("notice of change {}: autopay mandate corrected", code.substr(0, kMaxCodeBytes));
  plan.state_changes.push_back(AutopayChange{account, std::move(autopay)});
  return plan;
}

}  // namespace tally::ledger::detail
