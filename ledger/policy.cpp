#include "ledger/policy.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/log/partitioner.h"
#include "core/money.h"
#include "ledger/codec.h"
#include "ledger/errors.h"
#include "ledger/refusal.h"

namespace tally::ledger {

bool Policy::incurs_fee(std::string_view return_code) const {
  return std::find(nsf_return_codes.begin(), nsf_return_codes.end(), return_code) !=
         nsf_return_codes.end();
}

Result<Policy> policy_from_event(const events::PolicySet& e) {
  auto refuse = [](std::string detail) {
    return refusal_error(RefusalCode::invalid_policy, std::move(detail));
  };
  Policy p;
  if (!e.has_nsf_fee()) return refuse("PolicySet without nsf_fee");
  const auto currency = Currency::from_code(e.nsf_fee().currency());
  if (!currency) return refuse(fmt::format("unknown currency '{}'", e.nsf_fee().currency()));
  if (e.nsf_fee().minor() < 0) return refuse("negative NSF fee");
  if (e.nsf_fee().minor() > kMaxAmountMinor)
    return refuse(fmt::format("NSF fee {} is beyond the largest amount an event may carry",
                              e.nsf_fee().minor()));
  p.nsf_fee_minor = e.nsf_fee().minor();
  p.currency = *currency;
  if (static_cast<std::size_t>(e.nsf_return_codes_size()) > kMaxNsfCodes)
    return refuse(fmt::format("more than {} NSF return codes", kMaxNsfCodes));
  p.nsf_return_codes.clear();
  for (const std::string& code : e.nsf_return_codes()) {
    if (code.empty() || code.size() > 8) return refuse(fmt::format("bad return code '{}'", code));
    p.nsf_return_codes.push_back(code);
  }
  if (e.autopay_removal_returns() < 0 || e.autopay_removal_returns() > 1000)
    return refuse("autopay_removal_returns must be 0..1000");
  if (e.autopay_removal_returns() > 0 &&
      (e.autopay_removal_months() < 1 || e.autopay_removal_months() > kMaxRemovalMonths))
    return refuse(fmt::format("autopay_removal_months must be 1..{}", kMaxRemovalMonths));
  p.autopay_removal_returns = e.autopay_removal_returns();
  p.autopay_removal_months = e.autopay_removal_months();
  p.effective_date = BusinessDate::from_days(e.effective_date());
  return p;
}

// u8 version=1, be64 fee, 3 currency, be32 returns, be32 months, be32 effective date,
// be32 code count, count x str code
void encode_policy(const Policy& p, std::string& out) {
  ValueWriter w(out);
  w.u8(1);
  w.i64(p.nsf_fee_minor);
  w.bytes(p.currency.code());
  w.i32(p.autopay_removal_returns);
  w.i32(p.autopay_removal_months);
  w.i32(p.effective_date.days());
  w.u32(static_cast<std::uint32_t>(p.nsf_return_codes.size()));
  for (const std::string& code : p.nsf_return_codes) w.str(code);
}

Result<Policy> decode_policy(std::string_view value) {
  ValueReader r(value);
  Policy p;
  const bool version_ok = r.u8() == 1;
  p.nsf_fee_minor = r.i64();
  const auto currency = Currency::from_code(r.bytes(3));
  p.autopay_removal_returns = r.i32();
  p.autopay_removal_months = r.i32();
  p.effective_date = BusinessDate::from_days(r.i32());
  const std::uint32_t n = r.u32();
  if (!version_ok || !currency || !r.ok() || n > kMaxNsfCodes)
    return ledger_error(LedgerErrc::corrupt, "stored policy does not decode");
  p.currency = *currency;
  p.nsf_return_codes.clear();
  for (std::uint32_t i = 0; i < n; ++i) p.nsf_return_codes.emplace_back(r.str(8));
  if (!r.done()) return ledger_error(LedgerErrc::corrupt, "stored policy does not decode");
  return p;
}

void PolicyBook::add(Policy policy) {
  const auto pos =
      std::upper_bound(policies_.begin(), policies_.end(), policy.effective_date,
                       [](BusinessDate d, const Policy& p) { return d < p.effective_date; });
  policies_.insert(pos, std::move(policy));
}

const Policy& PolicyBook::at(BusinessDate date) const {
  // The last policy whose effective date is <= date; equal dates keep log order, so the
  // last of them is the latest event.
  const auto pos =
      std::upper_bound(policies_.begin(), policies_.end(), date,
                       [](BusinessDate d, const Policy& p) { return d < p.effective_date; });
  if (pos == policies_.begin()) return default_;
  return *std::prev(pos);
}

std::string policy_partition_key(PartitionId partition, std::uint32_t partition_count) {
  TALLY_ASSERT(partition.value() < partition_count, "partition within the count");
  // FNV-1a spreads "policy-<n>" evenly, so a match comes within a few hundred tries.
  constexpr std::uint64_t kMaxTries = 100'000'000;
  for (std::uint64_t n = 0; n < kMaxTries; ++n) {
    std::string key = fmt::format("policy-{}", n);
    if (log::partition_for(key, partition_count) == partition) return key;
  }
  TALLY_ASSERT(false, "some policy-<n> key lands on every partition");
  return {};
}

}  // namespace tally::ledger
