#include "ledger/policy_command.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "core/events/event_ids.h"
#include "core/money.h"
#include "core/printable.h"
#include "ledger/command_support.h"
#include "ledger/errors.h"

namespace tally::ledger {
namespace {

Error invalid(std::string message) {
  return ledger_error(LedgerErrc::invalid_argument, std::move(message));
}

// "R01".."R99" (NACHA), or one letter or digit (a returned check's X9.100-188 reason).
bool return_code_ok(std::string_view code) {
  const auto digit = [](char c) { return c >= '0' && c <= '9'; };
  const auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (code.size() == 1) return digit(code[0]) || upper(code[0]);
  return code.size() == 3 && code[0] == 'R' && digit(code[1]) && digit(code[2]) && code != "R00";
}

Status check_change(const PolicyChange& c) {
  TALLY_TRY_STATUS(detail::check_command_actor(c.actor));
  if (c.nsf_fee_minor < 0) return invalid("nsf_fee: negative");
  if (c.nsf_fee_minor > kMaxAmountMinor)
    return invalid(fmt::format("nsf_fee: beyond {} minor units", kMaxAmountMinor));
  if (c.nsf_return_codes.size() > kMaxNsfCodes)
    return invalid(fmt::format("nsf_return_codes: more than {}", kMaxNsfCodes));
  std::set<std::string_view> seen;
  for (const std::string& code : c.nsf_return_codes) {
    if (!return_code_ok(code))
      return invalid(fmt::format("nsf_return_codes: '{}' is neither R01..R99 nor a check return "
                                 "reason (one letter or digit)",
                                 printable(code.substr(0, 16))));
    if (!seen.insert(code).second)
      return invalid(fmt::format("nsf_return_codes: '{}' given twice", code));
  }
  if (c.autopay_removal_returns < 0 || c.autopay_removal_returns > kMaxRemovalReturns)
    return invalid(fmt::format("autopay_removal_returns: must be 0..{} (0: never remove)",
                               kMaxRemovalReturns));
  const int min_months = c.autopay_removal_returns > 0 ? 1 : 0;
  if (c.autopay_removal_months < min_months || c.autopay_removal_months > kMaxRemovalMonths)
    return invalid(fmt::format("autopay_removal_months: must be {}..{}", min_months, kMaxRemovalMonths));
  return ok_status();
}

bool same_policy(const Policy& a, const Policy& b) {
  return a.nsf_fee_minor == b.nsf_fee_minor && a.currency == b.currency &&
         a.nsf_return_codes == b.nsf_return_codes &&
         a.autopay_removal_returns == b.autopay_removal_returns &&
         a.autopay_removal_months == b.autopay_removal_months &&
         a.effective_date == b.effective_date;
}

}  // namespace

Result<PolicySetOutcome> set_policy(log::EventLog& log, const PolicyChange& change) {
  TALLY_TRY_STATUS(check_change(change));
  const std::uint32_t count = log.partition_count();
  if (count == 0) return ledger_error(LedgerErrc::log, "the log has no partitions");
  PolicySetOutcome out;
  out.change_id = events::command_id("policy-set:" + change.actor.user + "\n" +
                                     events::command_key(change.actor));
  std::vector<events::Envelope> events;
  events.reserve(count);
  for (std::uint32_t p = 0; p < count; ++p) {
    const EventId id = events::derived_id(out.change_id, fmt::format("partition-{}", p));
    events::Envelope e = events::command_envelope(id, events::POLICY_SET,
                                                  policy_partition_key(PartitionId(p), count),
                                                  BusinessDate::today_utc(), change.actor);
    auto* s = e.mutable_policy_set();
    s->mutable_nsf_fee()->set_minor(change.nsf_fee_minor);
    s->mutable_nsf_fee()->set_currency(std::string(change.currency.code()));
    for (const std::string& code : change.nsf_return_codes) s->add_nsf_return_codes(code);
    s->set_autopay_removal_returns(change.autopay_removal_returns);
    s->set_autopay_removal_months(change.autopay_removal_months);
    s->set_effective_date(change.effective_date.days());
    out.event_ids.push_back(id);
    events.push_back(std::move(e));
  }
  TALLY_TRY(out.appended, detail::append_events(log, events));
  return out;
}

CurrentPolicy current_policy(const Ledger& ledger, BusinessDate date) {
  CurrentPolicy out;
  const std::vector<PartitionId> partitions = ledger.partitions();
  out.partitions = partitions.size();
  for (std::size_t i = 0; i < partitions.size(); ++i) {
    const PolicyBook book = ledger.policies(partitions[i]);
    const Policy& in_force = book.at(date);
    if (i == 0)
      out.policy = in_force;
    else if (!same_policy(out.policy, in_force))
      out.uniform = false;
  }
  return out;
}

}  // namespace tally::ledger
