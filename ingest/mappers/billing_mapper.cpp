// Billing system files to events: each bill -> BillIssued; each enrollment row ->
// AutopayEnrolled (the bank account masked, hashed and sealed) or AutopayRemoved.
#include <fmt/format.h>

#include "core/events/event_ids.h"
#include "formats/billing/billing.h"
#include "ingest/mappers/mappers.h"
#include "ingest/mappers/repeated_keys.h"
#include "ingest/mappers/repeated_numbers.h"
#include "ingest/sealing.h"

namespace tally::ingest {
namespace {

namespace billing = formats::billing;

class BillMapper final : public billing::BillVisitor {
 public:
  BillMapper(const FileContext& file, EventSink& sink) : file_(file), sink_(sink) {}
  void on_bill(const billing::Bill& b) override {
    const std::string account = identify_account(b.account).value_or(std::string(b.account));
    const std::string bill_id = b.bill_id.empty() ? fmt::format("{}:{}", account, b.bill_date.to_iso())
                                                  : std::string(b.bill_id);
    events::Envelope env = make_envelope(id_of(b, account, bill_id), events::BILL_ISSUED,
                                         partition_key_for(account), b.bill_date, file_, b.at.record);
    auto* bill = env.mutable_bill_issued();
    bill->set_account_id(account);
    bill->set_bill_id(bill_id);
    set_amount(bill->mutable_amount_due(), b.amount_due_minor, b.currency);
    bill->set_bill_date(b.bill_date.days());
    bill->set_due_date(b.due_date.days());
    sink_.emit(std::move(env));
  }

  std::vector<formats::Issue> repeated_bills;

 private:
  // A bill's id is the billing system's bill id: one bill id twice in a file is refused
  // ("repeated_bill"). A bill without one is keyed by account, date and amount, and a second
  // bill alike in the same file gets an id of its own ("#n").
  EventId id_of(const billing::Bill& b, const std::string& account, const std::string& bill_id) {
    if (!b.bill_id.empty()) {
      const auto earlier = numbers_.earlier_line(bill_id, b.at.line);
      if (earlier && repeated_bills.size() < formats::ParseReport::kMaxIssues)
        repeated_bills.push_back({b.at.line, b.at.record, "bill_id", "repeated_bill",
                                  fmt::format("bill {} was issued before on line {} of this file",
                                              bill_id, *earlier)});
      return EventId::from_business_key("bill", {bill_id});
    }
    const std::string date = b.bill_date.to_iso(), amount = std::to_string(b.amount_due_minor);
    const EventId base = EventId::from_business_key("bill-unnumbered", {account, date, amount});
    const std::uint32_t n = repeated_.occurrence(base);
    return n == 1 ? base : events::derived_id(base, RepeatedKeys::suffix(n));
  }

  const FileContext& file_;
  EventSink& sink_;
  RepeatedNumbers<std::string> numbers_;
  RepeatedKeys repeated_;
};

class EnrollmentMapper final : public billing::EnrollmentVisitor {
 public:
  EnrollmentMapper(const FileContext& file, EventSink& sink) : file_(file), sink_(sink) {}
  void on_enrollment(const billing::Enrollment& e) override {
    const std::string account = identify_account(e.account).value_or(std::string(e.account));
    const std::string hash = account_hash(file_, e.routing, e.account_number);
    // Keyed by account, bank account and action: re-sending the file changes nothing, and a
    // later change of bank account is a new enrollment.
    const EventId id = EventId::from_business_key("autopay", {account, hash, e.remove ? "remove" : "enroll"});
    const std::string key = partition_key_for(account);
    if (e.remove) {
      events::Envelope env = make_envelope(id, events::AUTOPAY_REMOVED, key, file_.business_date, file_, e.at.record);
      env.mutable_autopay_removed()->set_account_id(account);
      env.mutable_autopay_removed()->set_reason("removed by the billing system");
      sink_.emit(std::move(env));
      return;
    }
    events::Envelope env = make_envelope(id, events::AUTOPAY_ENROLLED, key, file_.business_date, file_, e.at.record);
    auto* a = env.mutable_autopay_enrolled();
    a->set_account_id(account);
    a->set_routing_number(std::string(e.routing));
    a->set_account_last4(mask_last4(e.account_number));
    a->set_account_hash(hash);
    a->set_account_number_sealed(seal(file_.sealing_key, e.account_number));
    a->set_account_type(e.savings ? "savings" : "checking");
    a->set_holder_name(std::string(e.holder_name));
    sink_.emit(std::move(env));
  }

 private:
  const FileContext& file_;
  EventSink& sink_;
};

}  // namespace

formats::ParseReport map_bills(std::string_view bytes, const FileContext& file, EventSink& sink) {
  BillMapper mapper(file, sink);
  formats::ParseReport report = billing::parse_bills(bytes, mapper);
  for (formats::Issue& issue : mapper.repeated_bills) report.error(std::move(issue));
  return report;
}

formats::ParseReport map_enrollments(std::string_view bytes, const FileContext& file, EventSink& sink) {
  EnrollmentMapper mapper(file, sink);
  return billing::parse_enrollments(bytes, mapper);
}

}  // namespace tally::ingest
