// Rules for adjustments to a customer's balance, which take two people: a request
// (AdjustmentRequested) moves no money and is kept; an approval (AdjustmentPosted) by someone
// else posts it. The rules hold whoever wrote the events (the commands of adjustments.h, a
// file, a hand-made event), so the books never show an adjustment one person both asked for
// and approved.
#include "ledger/rules_util.h"

namespace tally::ledger::detail {
namespace {

Status check_reason(std::string_view reason) {
  if (reason.empty()) return refuse(RefusalCode::missing_field, "missing reason");
  if (reason.size() > kMaxAdjustmentReasonBytes)
    return refuse(RefusalCode::field_too_long,
                  fmt::format("reason longer than {} bytes", kMaxAdjustmentReasonBytes));
  return ok_status();
}

// An approval that names its request must be of a request this partition holds, still
// pending, for the same account and amount, approved by someone other than who asked.
Result<AdjustmentRequestState> approve(const events::AdjustmentPosted& a, const EventId& request_id,
                                       const std::string& account_id, const Amount& amount,
                                       const EventId& posted_id, RuleContext& ctx) {
  TALLY_TRY(auto request, ctx.adjustment_request(request_id));
  if (!request)
    return refuse(RefusalCode::unknown_adjustment_request,
                  fmt::format("no adjustment request {} here", request_id.to_hex()));
  if (request->status != AdjustmentStatus::kPending)
    return refuse(RefusalCode::adjustment_already_approved,
                  fmt::format("adjustment request {} was approved by {} already",
                              request_id.to_hex(), request->approved_by.substr(0, 64)));
  if (request->requested_by == a.approver())
    return refuse(RefusalCode::missing_approval,
                  fmt::format("approved by {}, who asked for it: a second person must approve",
                              a.approver().substr(0, 64)));
  if (request->account_id != account_id || request->amount_minor != amount.minor ||
      !(request->currency == amount.currency))
    return refuse(RefusalCode::amount_mismatch,
                  fmt::format("the approval is of {} {} on {}, the request of {} {} on {}",
                              amount.minor, amount.currency.code(), account_id,
                              request->amount_minor, request->currency.code(), request->account_id));
  request->status = AdjustmentStatus::kApproved;
  request->approved_by = a.approver();
  request->posted_id = posted_id;
  return std::move(*request);
}

}  // namespace

Result<Plan> plan_adjustment_request(const events::Envelope& e) {
  const auto& r = e.adjustment_requested();
  TALLY_TRY(std::string id, id_field(r.account_id(), "account_id"));
  TALLY_TRY(Amount amount, amount_of(r.has_amount(), r.amount(), "amount", Sign::kNonZero));
  TALLY_TRY(std::string by, id_field(r.requested_by(), "requested_by"));
  TALLY_TRY_STATUS(check_reason(r.reason()));
  AdjustmentRequestState state;
  state.request_id = events::event_id_of(e);
  state.account_id = std::move(id);
  state.amount_minor = amount.minor;
  state.currency = amount.currency;
  state.reason = r.reason();
  state.requested_by = std::move(by);
  state.business_date = BusinessDate::from_days(e.business_date());
  state.recorded_at_us = e.recorded_at_us();
  Plan plan;
  plan.memo = fmt::format("adjustment of {} {} requested by {}: {}", amount.minor,
                          amount.currency.code(), state.requested_by.substr(0, 64), state.reason);
  plan.state_changes.push_back(AdjustmentRequestChange{std::move(state)});
  return plan;
}

Result<Plan> plan_adjustment(const events::Envelope& e, RuleContext& ctx) {
  const auto& a = e.adjustment_posted();
  TALLY_TRY(std::string id, id_field(a.account_id(), "account_id"));
  if (a.approver().empty())
    return refuse(RefusalCode::missing_approval, "adjustment without an approver");
  TALLY_TRY(std::string approver, id_field(a.approver(), "approver"));
  if (a.requested_by() == approver)
    return refuse(RefusalCode::missing_approval,
                  fmt::format("approved by {}, who asked for it: a second person must approve",
                              approver.substr(0, 64)));
  TALLY_TRY(Amount amount, amount_of(a.has_amount(), a.amount(), "amount", Sign::kNonZero));
  TALLY_TRY(auto request_id, optional_event_id(a.request_event_id(), "request_event_id"));
  Plan plan;
  if (request_id) {
    TALLY_TRY(AdjustmentRequestState approved,
              approve(a, *request_id, id, amount, events::event_id_of(e), ctx));
    plan.state_changes.push_back(AdjustmentRequestChange{std::move(approved)});
  }
  // Positive raises what the customer owes: Dr customer / Cr adjustments; negative reverses.
  plan.postings.push_back(Posting{accounts::customer(id), amount.minor, amount.currency});
  plan.postings.push_back(
      Posting{std::string(accounts::kAdjustments), -amount.minor, amount.currency});
  plan.memo = fmt::format("adjustment approved by {}: {}", approver.substr(0, 64),
                          a.reason().substr(0, kMaxAdjustmentReasonBytes));
  return plan;
}

}  // namespace tally::ledger::detail
