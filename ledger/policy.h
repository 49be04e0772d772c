// Return policy: the NSF fee, the return codes that incur it, and when autopay is removed.
// Policies come only from PolicySet events on the log, so a replay gives the same books.
//
// Policies are per partition: each partition's books are a function of that partition's
// events alone (partitions are applied independently, possibly by different processes,
// with no order between them). A policy change is therefore written once per partition;
// policy_partition_key() gives a partition key that lands on a given partition.
//
// Within a partition, the policy in force for a return is the one with the latest
// effective_date <= the return's business date; among equal dates, the later event wins.
// Before any PolicySet the defaults apply (kDefault* below).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/business_date.h"
#include "core/currency.h"
#include "core/events/codec.h"
#include "core/ids.h"
#include "core/result.h"

namespace tally::ledger {

// Defaults: a 25.00 USD fee for R01 (insufficient funds), R09 (uncollected funds) and
// returned-check reasons A (NSF) and B (uncollected funds hold); autopay removed after
// 2 NSF returns within 12 months.
inline constexpr std::int64_t kDefaultNsfFeeMinor = 2500;
inline constexpr int kDefaultRemovalReturns = 2;
inline constexpr int kDefaultRemovalMonths = 12;
inline constexpr std::size_t kMaxNsfCodes = 64;
inline constexpr std::size_t kMaxPoliciesPerPartition = 1000;
inline constexpr int kMaxRemovalMonths = 120;

struct Policy {
  std::int64_t nsf_fee_minor = kDefaultNsfFeeMinor;
  Currency currency = Currency::usd();
  std::vector<std::string> nsf_return_codes{"R01", "R09", "A", "B"};
  int autopay_removal_returns = kDefaultRemovalReturns;  // 0: never remove
  int autopay_removal_months = kDefaultRemovalMonths;
  BusinessDate effective_date;  // 1970-01-01 (0): from the beginning

  bool incurs_fee(std::string_view return_code) const;
};

// Checks and converts a PolicySet. Its errors are refusals (RefusalCode::invalid_policy,
// ledger/refusal.h) whose detail says what is wrong.
Result<Policy> policy_from_event(const events::PolicySet& event);

void encode_policy(const Policy& policy, std::string& out);
Result<Policy> decode_policy(std::string_view value);

// The policies of one partition, in force by business date.
class PolicyBook {
 public:
  void add(Policy policy);  // in log order
  const Policy& at(BusinessDate date) const;
  std::size_t size() const { return policies_.size(); }
  const std::vector<Policy>& all() const { return policies_; }

 private:
  std::vector<Policy> policies_;  // sorted by effective_date, stable (log order among equals)
  Policy default_;
};

// A partition key that the partitioner maps to `partition`: "policy-<n>" for the smallest n.
std::string policy_partition_key(PartitionId partition, std::uint32_t partition_count);

}  // namespace tally::ledger
