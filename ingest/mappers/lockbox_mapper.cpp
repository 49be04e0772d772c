// Lockbox checks to events:
//   each check (6 record, with its 4 overflow records) -> PaymentReceived (LOCKBOX, CHECK:
//     check number, remitter routing, remitter account masked + keyed hash);
//   each lockbox total (8 record) -> DepositDeclared LOCKBOX_TOTAL: the one deposit the bank
//     makes for the lockbox that day.
//
// Batch totals (7) are not declared. The bank credits the lockbox's day as one deposit (the
// 8 total; one line on the statement, BAI2 type 115), and the ledger posts each declared
// deposit as Dr bank / Cr clearing:lockbox: declaring the batches too would expect, and
// clear, the same money twice. The reader has already checked every 7 against its items and
// every 8 against its batches, so nothing is lost by leaving the 7s out.
//
// The customer: the first overflow record whose data is an account reference (ingest/README.md,
// "Identifying the customer"), preferring invoice/account data (overflow type 4). The remitter
// fields of the 6 are the payer's bank account and name, not our account number, so they are
// not used; a check without such a reference goes to suspense.
//
// A corrected re-send of a lockbox day repeats checks: its total declares only the checks no
// earlier file declared under the same reference (file_memory.h), so the bank is not counted
// twice for them. Each check's identity (check_key: payer routing, account, serial) is
// remembered, so an X9.37 return of it finds this payment (x9_mapper.cpp).
//
// Id: lockbox number + deposit date + batch + item + the check itself (amount, serial, payer's
// keyed account hash): events::lockbox_item_id, docs/identity.md.
// external_reference = "<lockbox>:<deposit date>:<batch>:<item>" (item numbers restart every
// day, and a return finds its payment by this reference); deposit_reference =
// "lockbox:<lockbox>:<deposit date>:<batch>".
// A 6's overflow records follow it, so the payment is emitted when the next record that is
// not one of them arrives (or at the end of the file).
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "core/events/event_ids.h"
#include "formats/lockbox/lockbox.h"
#include "ingest/errors.h"
#include "ingest/file_memory.h"
#include "ingest/mappers/mappers.h"
#include "ingest/mappers/repeated_keys.h"
#include "ingest/mappers/repeated_numbers.h"

namespace tally::ingest {
namespace {

namespace lockbox = formats::lockbox;

constexpr std::size_t kMaxRemittanceBytes = 1024;
constexpr std::string_view kInvoiceOverflow = "4";

class LockboxMapper final : public lockbox::Visitor {
 public:
  LockboxMapper(const FileContext& file, EventSink& sink) : file_(file), sink_(sink) {}

  void on_lockbox(const lockbox::LockboxHeader& h) override {
    flush();
    deposit_date_ = h.deposit_date;
    covered_.clear();
  }
  void on_item(const lockbox::Item& item) override {
    flush();
    // The reader reuses its Item; the views in it point into the file's bytes and stay valid.
    pending_ = Pending{item, {}, {}, false};
    currency_ = item.currency;
  }
  void on_overflow(const lockbox::Overflow& o) override {
    if (!pending_) return;
    Pending& p = pending_.value();
    if (p.remittance.size() + 2 + o.data.size() <= kMaxRemittanceBytes) {  // whole pieces only
      if (!p.remittance.empty()) p.remittance += "; ";
      p.remittance += o.data;
    }
    const bool invoice = o.overflow_type == kInvoiceOverflow || o.overflow_type.empty();
    if (p.account.empty() || (invoice && !p.account_from_invoice)) {
      if (auto account = identify_account(o.data)) {
        p.account = *account;
        p.account_from_invoice = invoice;
      }
    }
  }
  void on_batch_total(const lockbox::BatchTotal&) override { flush(); }
  void on_lockbox_total(const lockbox::LockboxTotal& t) override {
    flush();
    declare(t);
  }
  void on_trailer(const lockbox::Trailer&) override { flush(); }

  // Emits the check read last, if any. Called again after parse() for a file that ends early.
  void flush() {
    if (!pending_) return;
    const Pending p = std::move(*pending_);
    pending_.reset();
    if (p.item.amount_minor <= 0) {
      ++zero_amount;
      return;
    }
    emit_payment(p);
  }

  std::int64_t payments = 0, deposits = 0, zero_amount = 0, unidentified = 0, redeclared = 0;
  std::optional<Error> registry_error;  // the first read of the file registry that failed
  std::vector<formats::Issue> repeated_items;

 private:
  struct Pending {
    lockbox::Item item;
    std::string account, remittance;
    bool account_from_invoice = false;
  };

  void emit_payment(const Pending& p) {
    const lockbox::Item& it = p.item;
    const std::string lockbox_no = std::to_string(it.lockbox_number);
    const std::string batch = std::to_string(it.batch_number), item = std::to_string(it.item_number);
    const std::string date = it.deposit_date.to_iso();
    const std::string payer_hash =
        it.remitter_account.empty() ? std::string() : account_hash(file_, it.remitter_routing, it.remitter_account);
    const EventId id = id_of(it, lockbox_no, payer_hash);
    events::Envelope env = make_envelope(id, events::PAYMENT_RECEIVED, partition_key_for(p.account),
                                         it.deposit_date, file_, it.record);
    auto* out = env.mutable_payment_received();
    out->set_channel(events::LOCKBOX);
    out->set_account_id(p.account);
    set_amount(out->mutable_amount(), it.amount_minor, it.currency);
    out->set_payer_name(std::string(it.remitter_name));
    out->set_external_reference(fmt::format("{}:{}:{}:{}", lockbox_no, date, batch, item));
    out->set_deposit_reference(fmt::format("lockbox:{}:{}:{}", lockbox_no, date, batch));
    out->set_effective_date(it.deposit_date.days());
    out->set_remittance(p.remittance);
    auto* m = out->mutable_method();
    m->set_method(events::MethodDetails::CHECK);
    m->set_check_number(std::string(it.check_number));
    m->set_routing_number(std::string(it.remitter_routing));
    if (!it.remitter_account.empty()) {
      m->set_account_last4(mask_last4(it.remitter_account));
      m->set_account_hash(payer_hash);
    }
    sink_.emit(std::move(env));
    ++payments;
    if (p.account.empty()) ++unidentified;
    covered_.push_back({id, it.amount_minor});
    if (file_.memory) {
      if (auto key = check_key(file_, it.remitter_routing, it.remitter_account, it.check_number))
        file_.memory->deposited_check({std::move(*key), p.account, id, it.amount_minor});
    }
  }

  // The check's id (event_ids.h: LockboxItemKey). A batch and item number used twice in the
  // lockbox's day is an error the file is refused for; should a person accept it anyway, a
  // check that repeats another to the letter still gets an id of its own ("#n").
  EventId id_of(const lockbox::Item& it, std::string_view lockbox_no, std::string_view payer_hash) {
    // Zero-filled, so that a bank's ascending numbers compare ascending (repeated_numbers.h).
    const std::string number = fmt::format("{:>10}:{:06}:{:010}:{:010}", lockbox_no,
                                           it.deposit_date.days(), it.batch_number, it.item_number);
    const auto earlier = items_.earlier_line(number, it.line);
    if (earlier && repeated_items.size() < formats::ParseReport::kMaxIssues)
      repeated_items.push_back(
          {it.line, it.record, "item_number", "repeated_item",
           fmt::format("batch {} item {} of lockbox {} was used before on line {}: two checks "
                       "of one lockbox day must not share a batch and item number",
                       it.batch_number, it.item_number, lockbox_no, *earlier)});
    const EventId base = events::lockbox_item_id({lockbox_no, it.deposit_date, it.batch_number,
                                                  it.item_number, it.amount_minor, it.check_number,
                                                  payer_hash});
    if (!earlier) return base;  // a check alike to the letter would repeat the number too
    const std::uint32_t n = repeated_.occurrence(base);
    return n == 1 ? base : events::derived_id(base, RepeatedKeys::suffix(n));
  }

  void declare(const lockbox::LockboxTotal& t) {
    if (t.amount_minor <= 0) return;  // an empty lockbox deposits nothing
    const std::string lockbox_no = std::to_string(t.lockbox_number);
    const std::string date = deposit_date_.to_iso();
    const std::string reference = fmt::format("lockbox:{}:{}", lockbox_no, date);
    std::int64_t amount = t.amount_minor, count = t.item_count;
    std::vector<CoveredPayment> declared = covered_;
    if (file_.memory) {
      auto fresh = file_.memory->newly_covered(reference, covered_);
      if (!fresh) {
        if (!registry_error) registry_error = fresh.error();
        return;
      }
      if (fresh->size() != covered_.size()) {  // a re-send: only the checks not declared before
        ++redeclared;
        amount = 0;
        for (const CoveredPayment& c : *fresh) amount += c.amount_minor;  // <= the checked total
        count = static_cast<std::int64_t>(fresh->size());
        declared = std::move(*fresh);
        if (amount == 0) return;
      }
    }
    // Keyed by the lockbox's day and the checks it declares: a bank that sends a lockbox in
    // several transmissions a day declares each, and a re-sent identical file declares nothing
    // new.
    std::vector<EventId> ids;
    ids.reserve(declared.size());
    for (const CoveredPayment& c : declared) ids.push_back(c.payment);
    std::sort(ids.begin(), ids.end());
    const EventId id = events::deposit_id("lockbox-deposit", reference, ids);
    events::Envelope env = make_envelope(id, events::DEPOSIT_DECLARED, "deposit:" + reference,
                                         deposit_date_, file_, t.line);
    auto* d = env.mutable_deposit_declared();
    d->set_kind(events::DepositDeclared::LOCKBOX_TOTAL);
    d->set_deposit_reference(reference);
    d->set_channel(events::LOCKBOX);
    set_amount(d->mutable_gross(), amount, currency_);
    set_amount(d->mutable_fees(), 0, currency_);
    set_amount(d->mutable_net(), amount, currency_);
    d->set_deposit_date(deposit_date_.days());
    d->set_item_count(count);
    sink_.emit(std::move(env));
    ++deposits;
  }

  const FileContext& file_;
  EventSink& sink_;
  std::optional<Pending> pending_;
  // Of the open lockbox (5 .. 8).
  BusinessDate deposit_date_;
  Currency currency_ = Currency::usd();
  std::vector<CoveredPayment> covered_;  // the open lockbox's checks
  RepeatedNumbers<std::string> items_;
  RepeatedKeys repeated_;
};

}  // namespace

Result<formats::ParseReport> map_lockbox(std::string_view bytes, const FileContext& file,
                                         EventSink& sink) {
  LockboxMapper mapper(file, sink);
  formats::ParseReport report = lockbox::parse(bytes, mapper);
  mapper.flush();
  report.summary.set("payments_posted", mapper.payments);
  report.summary.set("payments_to_suspense", mapper.unidentified);
  report.summary.set("deposits_declared", mapper.deposits);
  if (mapper.zero_amount > 0)
    report.warning({0, 0, "amount", "zero_amount",
                    fmt::format("{} check(s) of zero amount were not posted", mapper.zero_amount)});
  if (mapper.redeclared > 0)
    report.warning({0, 0, "", "repeated_checks",
                    fmt::format("{} lockbox total(s) repeat checks an earlier file declared; only "
                                "the other checks were declared as deposited",
                                mapper.redeclared)});
  for (formats::Issue& issue : mapper.repeated_items) report.error(std::move(issue));
  if (mapper.registry_error)
    return ingest_error(IngestErrc::registry, mapper.registry_error->describe());
  return report;
}

}  // namespace tally::ingest
