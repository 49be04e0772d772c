#include "ledger/tests/model.h"

#include <algorithm>
#include <deque>

#include "core/business_date.h"
#include "core/events/event_ids.h"

namespace tally::ledger::model {
namespace {

constexpr int kCustomers = 24;
constexpr std::int32_t kFirstDay = 20454;  // 2026-01-01

events::Amount usd(std::int64_t minor) {
  events::Amount a;
  a.set_minor(minor);
  a.set_currency("USD");
  return a;
}

struct FuturePayment {
  std::string id;
  std::string account;
  std::string reference;
  std::int64_t amount;
  std::uint32_t partition;
};

struct GenPayment {
  std::string id;
  std::string reference;
  std::string account;  // "" in suspense until applied
  std::int64_t amount;
  std::uint32_t partition;
  bool returned = false;
  bool applied = false;
};

class Generator {
 public:
  Generator(std::uint64_t seed, std::uint32_t partitions)
      : rng_(seed), seed_(seed), partitions_(partitions) {}

  Stream run(std::size_t steps) {
    for (step_ = 0; step_ < steps; ++step_) one();
    return std::move(stream_);
  }

 private:
  std::uint64_t pick(std::uint64_t n) { return rng_() % n; }
  bool chance(int percent) { return static_cast<int>(pick(100)) < percent; }
  std::int32_t day() const { return kFirstDay + static_cast<std::int32_t>(step_ / 40); }
  std::string new_id() {
    return std::string(
        events::command_id("m:" + std::to_string(seed_) + ":" + std::to_string(next_id_++))
            .as_string_view());
  }
  std::uint32_t partition_of(int customer) const {
    return static_cast<std::uint32_t>(customer) % partitions_;
  }

  events::Envelope base(const std::string& id, events::EventType type) {
    events::Envelope e;
    e.set_id(id);
    e.set_type(type);
    e.set_schema_version(events::kSchemaVersion);
    e.set_business_date(day());
    e.set_recorded_at_us(static_cast<std::int64_t>(step_));
    return e;
  }
  void emit(std::uint32_t p, const events::Envelope& e) {
    stream_.records.push_back(
        {PartitionId(p), LogPosition(next_pos_[p]++), "k", events::encode(e)});
  }
  void emit_bytes(std::uint32_t p, const std::string& bytes) {
    stream_.records.push_back({PartitionId(p), LogPosition(next_pos_[p]++), "k", bytes});
  }

  events::Envelope payment_event(const std::string& id, const std::string& account,
                                 std::int64_t amount, const std::string& reference) {
    events::Envelope e = base(id, events::PAYMENT_RECEIVED);
    auto* p = e.mutable_payment_received();
    p->set_channel(chance(50) ? events::ACH : events::LOCKBOX);
    p->set_account_id(account);
    *p->mutable_amount() = usd(amount);
    p->set_external_reference(reference);
    return e;
  }
  events::Envelope return_event(const std::string& payment_id, const std::string& reference,
                                std::int64_t amount) {
    events::Envelope e = base(new_id(), events::PAYMENT_RETURNED);
    auto* r = e.mutable_payment_returned();
    if (chance(50))
      r->set_original_event_id(payment_id);
    else
      r->set_original_reference(reference);
    *r->mutable_amount() = usd(amount);
    static const char* kCodes[] = {"R01", "R02", "A", "R09", "R03"};
    r->set_return_code(kCodes[pick(5)]);
    return e;
  }

  void new_payment() {
    const int customer = static_cast<int>(pick(kCustomers));
    const bool suspense = chance(10);
    const std::uint32_t p =
        suspense ? static_cast<std::uint32_t>(pick(partitions_)) : partition_of(customer);
    GenPayment g{new_id(), "REF" + std::to_string(next_id_),
                 suspense ? "" : std::to_string(customer),
                 1 + static_cast<std::int64_t>(pick(200'000)), p};
    events::Envelope e = payment_event(g.id, g.account, g.amount, g.reference);
    emit(p, e);
    sent_.push_back({p, stream_.records.back().value});
    payments_.push_back(g);
  }

  void one() {
    const int roll = static_cast<int>(pick(100));
    if (roll < 30) return new_payment();
    if (roll < 42) {  // a return, possibly long after its payment
      std::vector<std::size_t> open;
      for (std::size_t i = 0; i < payments_.size(); ++i)
        if (!payments_[i].returned) open.push_back(i);
      if (open.empty()) return new_payment();
      GenPayment& g = payments_[open[pick(open.size())]];
      g.returned = true;
      const std::int64_t amount =
          chance(80) ? g.amount
                     : 1 + static_cast<std::int64_t>(pick(static_cast<std::uint64_t>(g.amount)));
      events::Envelope e = return_event(g.id, g.reference, amount);
      emit(g.partition, e);
      sent_.push_back({g.partition, stream_.records.back().value});
      return;
    }
    if (roll < 47) {  // a return before its payment
      const int customer = static_cast<int>(pick(kCustomers));
      FuturePayment f{new_id(), std::to_string(customer), "FREF" + std::to_string(next_id_),
                      1 + static_cast<std::int64_t>(pick(50'000)), partition_of(customer)};
      events::Envelope e = return_event(f.id, f.reference, f.amount);
      emit(f.partition, e);
      sent_.push_back({f.partition, stream_.records.back().value});
      future_.push_back(f);
      return;
    }
    if (roll < 55) {  // a future payment finally arrives (some never do)
      if (future_.empty()) return new_payment();
      const FuturePayment f = future_.front();
      future_.pop_front();
      emit(f.partition, payment_event(f.id, f.account, f.amount, f.reference));
      sent_.push_back({f.partition, stream_.records.back().value});
      payments_.push_back(GenPayment{f.id, f.reference, f.account, f.amount, f.partition, true});
      return;
    }
    if (roll < 65) {  // a duplicate: the same event again, byte for byte
      if (sent_.empty()) return new_payment();
      const auto& [p, bytes] = sent_[pick(sent_.size())];
      return emit_bytes(p, bytes);
    }
    if (roll < 68) {  // a conflict: a known id with another payload
      if (sent_.empty()) return new_payment();
      const auto& [p, bytes] = sent_[pick(sent_.size())];
      events::Envelope e = events::decode(bytes).value();
      e.set_business_date(e.business_date() + 1);
      return emit(p, e);
    }
    if (roll < 78) {  // a bill
      const int customer = static_cast<int>(pick(kCustomers));
      events::Envelope e = base(new_id(), events::BILL_ISSUED);
      e.mutable_bill_issued()->set_account_id(std::to_string(customer));
      *e.mutable_bill_issued()->mutable_amount_due() = usd(static_cast<std::int64_t>(pick(90'000)));
      emit(partition_of(customer), e);
      sent_.push_back({partition_of(customer), stream_.records.back().value});
      return;
    }
    if (roll < 81) {  // a policy change in one partition
      events::Envelope e = base(new_id(), events::POLICY_SET);
      auto* p = e.mutable_policy_set();
      static const std::int64_t kFees[] = {0, 1500, 2500, 3000};
      *p->mutable_nsf_fee() = usd(kFees[pick(4)]);
      for (const char* code : {"R01", "R09", "A", "R03"})
        if (chance(60)) p->add_nsf_return_codes(code);
      p->set_autopay_removal_returns(static_cast<std::int32_t>(pick(4)));
      p->set_autopay_removal_months(1 + static_cast<std::int32_t>(pick(12)));
      emit(static_cast<std::uint32_t>(pick(partitions_)), e);
      return;
    }
    if (roll < 86) {  // apply a payment held in suspense
      std::vector<std::size_t> held;
      for (std::size_t i = 0; i < payments_.size(); ++i)
        if (payments_[i].account.empty() && !payments_[i].returned && !payments_[i].applied)
          held.push_back(i);
      if (held.empty()) return new_payment();
      GenPayment& g = payments_[held[pick(held.size())]];
      int customer = static_cast<int>(pick(kCustomers));
      while (partition_of(customer) != g.partition) customer = (customer + 1) % kCustomers;
      g.applied = true;
      g.account = std::to_string(customer);
      events::Envelope e = base(new_id(), events::PAYMENT_APPLIED);
      e.mutable_payment_applied()->set_payment_event_id(g.id);
      e.mutable_payment_applied()->set_account_id(g.account);
      emit(g.partition, e);
      return;
    }
    if (roll < 91) {  // autopay enrolment
      const int customer = static_cast<int>(pick(kCustomers));
      events::Envelope e = base(new_id(), events::AUTOPAY_ENROLLED);
      e.mutable_autopay_enrolled()->set_account_id(std::to_string(customer));
      return emit(partition_of(customer), e);
    }
    // An invalid event: a negative payment or a bill for nobody.
    const int customer = static_cast<int>(pick(kCustomers));
    if (chance(50))
      return emit(partition_of(customer),
                  payment_event(new_id(), std::to_string(customer), -5, "NEG"));
    events::Envelope e = base(new_id(), events::BILL_ISSUED);
    *e.mutable_bill_issued()->mutable_amount_due() = usd(10);
    emit(partition_of(customer), e);
  }

  std::mt19937_64 rng_;
  std::uint64_t seed_;
  std::uint32_t partitions_;
  std::size_t step_ = 0;
  std::uint64_t next_id_ = 0;
  std::map<std::uint32_t, std::int64_t> next_pos_;
  Stream stream_;
  std::vector<GenPayment> payments_;
  std::deque<FuturePayment> future_;
  std::vector<std::pair<std::uint32_t, std::string>> sent_;
};

}  // namespace

Stream generate(std::uint64_t seed, std::size_t steps, std::uint32_t partitions) {
  return Generator(seed, partitions).run(steps);
}

}  // namespace tally::ledger::model
