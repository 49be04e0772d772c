// Rules for what the reconciler and finance decide: a match settles transit and clearing
// against a bank account; a books entry writes off a difference, books a bank fee or opens a
// bank account's balance.
#include <map>

#include "ledger/rules_util.h"

namespace tally::ledger::detail {
namespace {

bool known_channel(std::string_view channel) {
  for (int c = events::Channel_MIN; c <= events::Channel_MAX; ++c)
    if (events::Channel_IsValid(c) && channel_name(static_cast<events::Channel>(c)) == channel &&
        !channel.empty())
      return true;
  return false;
}

}  // namespace

Result<std::string_view> deposit_channel(const events::DepositDeclared& d) {
  const std::string_view channel = events::deposit_channel(d);
  if (channel.empty())
    return refuse(RefusalCode::unknown_channel, "deposit without a channel or a known kind");
  return channel;
}

// A confirmed match: each settled amount moves transit:<channel> to the bank (received) or
// the bank back to clearing:<channel> (a return-item or chargeback debit). A proposal or a
// rejection moves nothing; it is recorded so the journal shows every decision.
Result<Plan> plan_match(const events::Envelope& e) {
  const auto& m = e.reconcile_matched();
  Plan plan;
  if (m.status() != events::ReconcileMatched::CONFIRMED) {
    plan.memo = fmt::format("reconcile: {} by {}", events::ReconcileMatched::Status_Name(m.status()),
                            events::ReconcileMatched::Rule_Name(m.rule()));
    return plan;
  }
  TALLY_TRY(std::string bank_id, id_field(m.bank_account(), "bank_account"));
  const std::string bank = accounts::bank(bank_id);
  if (m.settled_size() == 0 || static_cast<std::size_t>(m.settled_size()) * 2 > kMaxPostingsPerEntry)
    return refuse(RefusalCode::invalid_settlement,
                  fmt::format("a confirmed match settles {} amounts", m.settled_size()));
  std::optional<Currency> currency;
  for (const events::SettledAmount& s : m.settled()) {
    if (!known_channel(s.channel()))
      return refuse(RefusalCode::unknown_channel,
                    fmt::format("settled channel '{}' is unknown", s.channel().substr(0, 32)));
    TALLY_TRY(Amount amount, amount_of(s.has_amount(), s.amount(), "settled amount", Sign::kNonZero));
    if (currency && !(*currency == amount.currency))
      return refuse(RefusalCode::currency_mismatch, "a match settles amounts in two currencies");
    currency = amount.currency;
    if (amount.minor > 0)
      post_pair(plan, bank, accounts::transit(s.channel()), amount.minor, amount.currency);
    else
      post_pair(plan, accounts::clearing(s.channel()), bank, -amount.minor, amount.currency);
  }
  plan.memo = fmt::format("reconciled by {}{}{}", events::ReconcileMatched::Rule_Name(m.rule()),
                          m.reference().empty() ? "" : ": ", m.reference().substr(0, 64));
  return plan;
}

Result<Plan> plan_books_entry(const events::Envelope& e) {
  const auto& b = e.books_entry_posted();
  for (const std::string* name : {&b.debit_account(), &b.credit_account()})
    if (!accounts::takes_books_entries(*name))
      return refuse(RefusalCode::invalid_settlement,
                    fmt::format("a books entry may not post to '{}'", name->substr(0, 64)));
  if (b.debit_account() == b.credit_account())
    return refuse(RefusalCode::invalid_settlement, "a books entry debits and credits one account");
  if (b.approver().empty() || b.approver() == b.requested_by())
    return refuse(RefusalCode::missing_approval,
                  "a books entry needs an approver other than the requester");
  TALLY_TRY(Amount amount, amount_of(b.has_amount(), b.amount(), "amount", Sign::kPositive));
  Plan plan;
  post_pair(plan, b.debit_account(), b.credit_account(), amount.minor, amount.currency);
  plan.memo = fmt::format("{} (approved by {}{}{})", b.reason().substr(0, 160),
                          b.approver().substr(0, 64), b.discrepancy_id().empty() ? "" : ", discrepancy ",
                          b.discrepancy_id().substr(0, 64));
  return plan;
}

}  // namespace tally::ledger::detail
