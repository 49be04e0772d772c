// Test helpers: event builders, temporary folders, and a writer that turns envelopes into
// log records at consecutive positions of one partition.
#pragma once

#include <filesystem>
#include <random>
#include <span>
#include <string>
#include <vector>

#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/log/event_log.h"
#include "ledger/ledger.h"

namespace tally::ledger::testing {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() /
            ("tally-ledger-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string path(const std::string& sub = "ledger") const { return (path_ / sub).string(); }

 private:
  std::filesystem::path path_;
};

inline EventId test_id(const std::string& name) {
  return events::command_id("test:" + name);
}

inline events::Amount amount(std::int64_t minor, const std::string& currency = "USD") {
  events::Amount a;
  a.set_minor(minor);
  a.set_currency(currency);
  return a;
}

// An envelope with id derived from `name`, business date `days` (2026-01-01 + days).
inline events::Envelope envelope(const std::string& name, events::EventType type, int days = 0) {
  events::Envelope e;
  e.set_id(std::string(test_id(name).as_string_view()));
  e.set_type(type);
  e.set_schema_version(events::kSchemaVersion);
  e.set_business_date(20454 + days);  // 2026-01-01
  e.set_recorded_at_us(1'700'000'000'000'000);
  return e;
}

inline events::Envelope payment(const std::string& name, const std::string& account,
                                std::int64_t minor, const std::string& reference = "",
                                events::Channel channel = events::ACH, int days = 0) {
  events::Envelope e = envelope(name, events::PAYMENT_RECEIVED, days);
  auto* p = e.mutable_payment_received();
  p->set_channel(channel);
  p->set_account_id(account);
  *p->mutable_amount() = amount(minor);
  p->set_external_reference(reference);
  return e;
}

inline events::Envelope payment_return(const std::string& name, const std::string& original_name,
                                       const std::string& reference, std::int64_t minor,
                                       const std::string& code, int days = 0) {
  events::Envelope e = envelope(name, events::PAYMENT_RETURNED, days);
  auto* r = e.mutable_payment_returned();
  r->set_kind(events::ACH_RETURN);
  if (!original_name.empty())
    r->set_original_event_id(std::string(test_id(original_name).as_string_view()));
  r->set_original_reference(reference);
  *r->mutable_amount() = amount(minor);
  r->set_return_code(code);
  r->set_reason("returned: " + code);
  return e;
}

inline events::Envelope bill(const std::string& name, const std::string& account,
                             std::int64_t minor, int days = 0) {
  events::Envelope e = envelope(name, events::BILL_ISSUED, days);
  auto* b = e.mutable_bill_issued();
  b->set_account_id(account);
  b->set_bill_id(name);
  *b->mutable_amount_due() = amount(minor);
  return e;
}

inline events::Envelope autopay_enrolled(const std::string& name, const std::string& account,
                                         int days = 0) {
  events::Envelope e = envelope(name, events::AUTOPAY_ENROLLED, days);
  e.mutable_autopay_enrolled()->set_account_id(account);
  return e;
}

inline events::Envelope policy(const std::string& name, std::int64_t fee_minor,
                               std::vector<std::string> codes, int returns, int months,
                               int effective_days = 0, int days = 0) {
  events::Envelope e = envelope(name, events::POLICY_SET, days);
  auto* p = e.mutable_policy_set();
  *p->mutable_nsf_fee() = amount(fee_minor);
  for (auto& c : codes) p->add_nsf_return_codes(c);
  p->set_autopay_removal_returns(returns);
  p->set_autopay_removal_months(months);
  p->set_effective_date(effective_days == 0 ? 0 : 20454 + effective_days);
  return e;
}

// Log records at consecutive positions of one partition.
class PartitionWriter {
 public:
  explicit PartitionWriter(PartitionId p = PartitionId(0), std::int64_t next = 0)
      : p_(p), next_(next) {}
  log::LogRecord record(const events::Envelope& e) {
    return log::LogRecord{p_, LogPosition(next_++), "key", events::encode(e)};
  }
  log::LogRecord raw(std::string bytes) {
    return log::LogRecord{p_, LogPosition(next_++), "key", std::move(bytes)};
  }
  std::vector<log::LogRecord> records(std::initializer_list<events::Envelope> es) {
    std::vector<log::LogRecord> out;
    for (const auto& e : es) out.push_back(record(e));
    return out;
  }

 private:
  PartitionId p_;
  std::int64_t next_;
};

// Unsynced by default: these tests check logic, not durability (the crash test does that).
inline std::unique_ptr<Ledger> open_ledger(const std::string& path, bool sync = false) {
  LedgerOptions options;
  options.path = path;
  options.sync = sync;
  auto ledger = Ledger::open(options);
  if (!ledger) throw std::runtime_error(ledger.error().describe());
  return std::move(ledger).value();
}

inline std::int64_t balance_of(const Ledger& ledger, const std::string& account) {
  auto b = ledger.balance(account);
  if (!b) throw std::runtime_error(b.error().describe());
  return b->balance_minor;
}

inline ApplyStats apply_ok(Ledger& ledger, std::vector<log::LogRecord> records) {
  auto stats = ledger.apply(records);
  if (!stats) throw std::runtime_error(stats.error().describe());
  return stats.value();
}

}  // namespace tally::ledger::testing
