// The model's side: what the ledger must end with, computed from the stream directly.
#include <algorithm>

#include "core/accounts.h"
#include "core/business_date.h"
#include "ledger/records.h"
#include "ledger/tests/model.h"

namespace tally::ledger::model {
namespace {

struct Payment {
  std::string holder;
  std::string clearing;
  std::int64_t amount = 0;
  std::int64_t returned = 0;
};

struct Autopay {
  bool enrolled = false;
  std::vector<BusinessDate> nsf;
};

struct PolicyModel {
  std::int64_t fee = 2500;
  std::set<std::string> codes{"R01", "R09", "A", "B"};
  int returns = 2;
  int months = 12;
};

struct Parked {
  std::int64_t position;
  WaitKind kind;
  std::string key;
  events::Envelope event;
};

// The part of an event that decides duplicate (same) or conflict (different).
std::string payload_of(const events::Envelope& e) {
  events::Envelope copy = e;
  copy.clear_source();
  copy.clear_recorded_at_us();
  copy.clear_schema_version();
  copy.clear_partition_key();
  return copy.SerializeAsString();
}

class Partition {
 public:
  Partition(std::uint32_t p, Books& books) : p_(p), books_(books) {}

  void record(std::int64_t position, const events::Envelope& e) {
    const std::string payload = payload_of(e);
    if (auto seen = ids_.find(e.id()); seen != ids_.end()) {
      if (seen->second == payload)
        ++books_.duplicates;
      else
        ++books_.conflicts;
      return;
    }
    ids_[e.id()] = payload;
    process(position, e);
  }

  std::uint64_t parked() const { return parked_.size(); }

 private:
  void post(const std::vector<std::pair<std::string, std::int64_t>>& postings) {
    ++books_.entries;
    std::map<std::string, std::int64_t> net;
    std::vector<std::string> order;
    for (const auto& [account, amount] : postings) {
      if (!net.contains(account)) order.push_back(account);
      net[account] += amount;
      books_.balances[account] += amount;
    }
    for (const std::string& account : order) books_.history[{p_, account}].push_back(net[account]);
  }

  void process(std::int64_t position, const events::Envelope& e) {
    if (e.has_payment_received()) return payment(e);
    if (e.has_payment_returned()) return payment_return(position, e);
    if (e.has_bill_issued()) {
      const auto& b = e.bill_issued();
      if (b.account_id().empty()) return void(++books_.refused);
      if (b.amount_due().minor() == 0) return post({});
      return post({{accounts::customer(b.account_id()), b.amount_due().minor()},
                   {std::string(accounts::kRevenueBilled), -b.amount_due().minor()}});
    }
    if (e.has_policy_set()) {
      const auto& s = e.policy_set();
      policy_ = PolicyModel{s.nsf_fee().minor(),
                            {s.nsf_return_codes().begin(), s.nsf_return_codes().end()},
                            s.autopay_removal_returns(),
                            s.autopay_removal_months()};
      return post({});
    }
    if (e.has_payment_applied()) {
      Payment& pay = payments_.at(e.payment_applied().payment_event_id());
      pay.holder = accounts::customer(e.payment_applied().account_id());
      return post({{std::string(accounts::kSuspense), pay.amount}, {pay.holder, -pay.amount}});
    }
    if (e.has_autopay_enrolled()) {
      autopay_[accounts::customer(e.autopay_enrolled().account_id())].enrolled = true;
      return post({});
    }
  }

  void payment(const events::Envelope& e) {
    const auto& p = e.payment_received();
    if (p.amount().minor() <= 0) return void(++books_.refused);
    Payment pay{p.account_id().empty() ? std::string(accounts::kSuspense)
                                       : accounts::customer(p.account_id()),
                accounts::clearing(p.channel() == events::ACH ? "ach" : "lockbox"),
                p.amount().minor(), 0};
    payments_[e.id()] = pay;
    refs_[p.external_reference()].push_back(e.id());
    post({{pay.clearing, pay.amount}, {pay.holder, -pay.amount}});
    // Returns that waited for this payment, in the order they arrived.
    std::vector<Parked> ready;
    for (auto it = parked_.begin(); it != parked_.end();) {
      const bool match = (it->kind == WaitKind::kPaymentId && it->key == e.id()) ||
                         (it->kind == WaitKind::kReference && it->key == p.external_reference());
      if (match) {
        ready.push_back(std::move(*it));
        it = parked_.erase(it);
      } else {
        ++it;
      }
    }
    std::sort(ready.begin(), ready.end(),
              [](const Parked& a, const Parked& b) { return a.position < b.position; });
    for (const Parked& r : ready) payment_return(r.position, r.event);
  }

  void payment_return(std::int64_t position, const events::Envelope& e) {
    const auto& r = e.payment_returned();
    std::string id = r.original_event_id();
    if (id.empty()) {
      auto ref = refs_.find(r.original_reference());
      if (ref != refs_.end()) id = ref->second.front();
    }
    if (id.empty() || !payments_.contains(id)) {
      ++books_.ever_parked;
      if (r.original_event_id().empty())
        parked_.push_back({position, WaitKind::kReference, r.original_reference(), e});
      else
        parked_.push_back({position, WaitKind::kPaymentId, r.original_event_id(), e});
      return;
    }
    Payment& pay = payments_[id];
    const std::int64_t amount = r.amount().minor();
    pay.returned += amount;
    std::vector<std::pair<std::string, std::int64_t>> postings{{pay.holder, amount},
                                                               {pay.clearing, -amount}};
    if (accounts::parse(pay.holder)->kind == accounts::AccountKind::kCustomer) {
      const bool nsf = policy_.codes.contains(r.return_code());
      if (nsf && policy_.fee > 0) {
        postings.emplace_back(pay.holder, policy_.fee);
        postings.emplace_back(accounts::kRevenueNsfFees, -policy_.fee);
      }
      if (nsf) {
        const BusinessDate date = BusinessDate::from_days(e.business_date());
        Autopay& a = autopay_[pay.holder];
        a.nsf.push_back(date);
        if (a.nsf.size() > 64) a.nsf.erase(a.nsf.begin());
        if (a.enrolled && policy_.returns > 0) {
          const BusinessDate start = date.plus_months(-policy_.months);
          const auto n = std::count_if(a.nsf.begin(), a.nsf.end(),
                                       [&](BusinessDate d) { return d > start && d <= date; });
          if (n >= policy_.returns) {
            a.enrolled = false;
            ++books_.removals;
          }
        }
      }
      ++books_.letters;
    }
    post(postings);
  }

  std::uint32_t p_;
  Books& books_;
  std::map<std::string, std::string> ids_;
  std::map<std::string, Payment> payments_;
  std::map<std::string, std::vector<std::string>> refs_;
  std::map<std::string, Autopay> autopay_;
  std::vector<Parked> parked_;
  PolicyModel policy_;
};

}  // namespace

Books expected(const Stream& stream, std::uint32_t partitions) {
  Books books;
  std::vector<Partition> parts;
  for (std::uint32_t p = 0; p < partitions; ++p) parts.emplace_back(p, books);
  for (const log::LogRecord& r : stream.records)
    parts.at(r.partition.value()).record(r.position.value(), events::decode(r.value).value());
  for (const Partition& p : parts) books.parked += p.parked();
  return books;
}

}  // namespace tally::ledger::model
