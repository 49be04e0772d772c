// NACHA entries to events:
//   forward entries (credits: CIE bill-pay, CCD/PPD/WEB credits; debits: PPD/CCD autopay and
//   e-checks ARC, BOC, WEB, TEL, RCK, POP) -> PaymentReceived; per batch, the forward total
//   -> DepositDeclared (ACH settlement);
//   returns (addenda 99) -> PaymentReturned with the R-code and the original trace;
//   notifications of change (addenda 98) -> NoticeOfChange.
// A corrected re-send repeats payments of a batch: its settlement declares only the payments no
// earlier file declared under the same batch reference (file_memory.h), so the repeated ones
// are not counted into the bank twice.
// Prenotes and zero-dollar entries carry no money and are not posted; SEC codes a utility
// does not take payments through (POS, SHR, MTE, IAT, ADV, ...) are reported, not posted.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/events/event_ids.h"
#include "formats/nacha/fields.h"
#include "formats/nacha/reader.h"
#include "ingest/errors.h"
#include "ingest/file_memory.h"
#include "ingest/file_registry.h"
#include "ingest/mappers/mappers.h"
#include "ingest/mappers/repeated_keys.h"
#include "ingest/mappers/repeated_numbers.h"
#include "ingest/sealing.h"

namespace tally::ingest {
namespace {

namespace nacha = formats::nacha;

const std::set<std::string_view> kEcheckCodes = {"ARC", "BOC", "WEB", "TEL", "RCK", "POP"};
const std::set<std::string_view> kPaymentCodes = {"PPD", "CCD", "CIE", "CTX", "ARC", "BOC",
                                                   "WEB", "TEL", "RCK", "POP"};

class NachaMapper final : public nacha::Visitor {
 public:
  NachaMapper(const FileContext& file, EventSink& sink) : file_(file), sink_(sink) {}

  void on_file_header(const nacha::FileHeader& h) override { file_date_ = h.file_creation_date; }

  void on_batch_header(const nacha::BatchHeader& b) override {
    sec_ = std::string(b.standard_entry_class);
    company_ = std::string(b.company_identification);
    batch_number_ = b.batch_number;
    effective_ = b.effective_entry_date.value_or(file_date_);
    batch_total_ = 0;
    batch_items_ = 0;
    covered_.clear();
  }

  void on_entry(const nacha::EntryDetail& e) override {
    if (e.is_return()) return map_return(e);
    if (e.is_noc()) return map_noc(e);
    if (e.is_zero_dollar() || e.amount_minor == 0) return;
    if (!kPaymentCodes.count(sec_)) {
      ++not_posted_;
      return;
    }
    map_payment(e);
  }

  void on_batch_control(const nacha::BatchControl&) override {
    if (batch_total_ == 0) return;
    const std::string reference = fmt::format("ach:{}:{}:{}", company_, batch_number_, effective_.to_iso());
    fresh_ids_ = covered_;
    if (file_.memory) {
      auto fresh = file_.memory->newly_covered(reference, covered_);
      if (!fresh) {
        if (!registry_error) registry_error = fresh.error();
        return;
      }
      if (fresh->size() != covered_.size()) {  // a re-send: only the payments not declared before
        ++redeclared;
        batch_total_ = 0;
        for (const CoveredPayment& c : *fresh) batch_total_ += c.amount_minor;
        batch_items_ = static_cast<std::int64_t>(fresh->size());
        fresh_ids_ = std::move(*fresh);
        if (batch_total_ == 0) return;
      }
    }
    // Keyed by the batch and the payments it declares: a re-sent identical batch declares
    // nothing new, and a second file's batch under the same number declares its own payments.
    events::Envelope env = make_envelope(events::deposit_id("ach-settlement", reference, declared_ids(fresh_ids_)),
                                         events::DEPOSIT_DECLARED, "deposit:" + reference, effective_,
                                         file_, 0);
    auto* d = env.mutable_deposit_declared();
    d->set_kind(events::DepositDeclared::ACH_SETTLEMENT);
    d->set_deposit_reference(reference);
    d->set_channel(events::ACH);
    set_amount(d->mutable_gross(), batch_total_, file_.currency);
    set_amount(d->mutable_fees(), 0, file_.currency);
    set_amount(d->mutable_net(), batch_total_, file_.currency);
    d->set_deposit_date(effective_.days());
    d->set_item_count(batch_items_);
    sink_.emit(std::move(env));
  }

  std::int64_t payments = 0, returns = 0, nocs = 0, not_posted_ = 0, redeclared = 0;
  std::optional<Error> registry_error;  // the first read of the file registry that failed
  std::vector<formats::Issue> repeated_traces;

 private:
  // The customer: the entry's identification number, or for an entry Tally originated, the
  // account it was originated for.
  std::string account_of(const nacha::EntryDetail& e, std::string_view original_trace) const {
    if (auto a = identify_account(e.individual_id_number)) return *a;
    if (file_.registry && !original_trace.empty()) {
      auto originated = file_.registry->find_originated(std::string(original_trace));
      if (originated.ok() && originated->has_value()) return (*originated)->account;
    }
    return {};
  }

  static std::string routing_of(const nacha::EntryDetail& e) {
    return fmt::format("{}{}", e.rdfi_routing, e.check_digit);
  }

  // The entry's id (event_ids.h: AchEntryKey). A trace number used twice in the file is an
  // error the file is refused for; should a person accept it anyway, an entry that repeats
  // another to the letter still gets an id of its own ("#n").
  EventId id_of(const nacha::EntryDetail& e, std::string_view hash, std::string_view detail) {
    const auto earlier = traces_.earlier_line(trace_key(e.trace_number), e.at.line);
    if (earlier && repeated_traces.size() < formats::ParseReport::kMaxIssues)
      repeated_traces.push_back(
          {e.at.line, e.at.record, "trace_number", "repeated_trace",
           fmt::format("trace number {} was used before on line {}: two entries of one file must "
                       "not share a trace number",
                       e.trace_number, *earlier)});
    const EventId base = events::ach_entry_id({e.trace_number.substr(0, 8), e.trace_number, effective_,
                                               company_, e.transaction_code, e.amount_minor, hash,
                                               detail});
    if (!earlier) return base;  // an entry alike to the letter would repeat the trace too
    const std::uint32_t n = repeated_.occurrence(base);
    return n == 1 ? base : events::derived_id(base, RepeatedKeys::suffix(n));
  }

  // The trace's 15 digits as a number (the reader checked they are digits); two traces with
  // the same digits are the same number.
  static std::uint64_t trace_key(std::string_view trace) {
    std::uint64_t n = 0;
    for (char c : trace) n = n * 10 + static_cast<std::uint64_t>(static_cast<unsigned char>(c) - '0');
    return n;
  }

  // The corrected data as sent, but a corrected account number (C01, C03, C06, C07) only
  // masked, keyed-hashed and sealed; unreadable data keeps no more than its last four digits.
  void set_corrected_data(events::NoticeOfChange* n, const nacha::Addenda98& a,
                          const nacha::EntryDetail& e) const {
    std::string text(a.corrected_data);
    const std::string_view account = a.corrected ? a.corrected->dfi_account_number : std::string_view();
    if (!account.empty()) {
      const std::string routing = a.corrected->routing_number.empty()
                                      ? routing_of(e)
                                      : std::string(a.corrected->routing_number);
      n->set_corrected_account_last4(mask_last4(account));
      n->set_corrected_account_hash(account_hash(file_, routing, account));
      n->set_corrected_account_sealed(seal(file_.sealing_key, account));
      if (const std::size_t at = text.find(account); at != std::string::npos)
        text.replace(at, account.size(), mask_all_but_last4(account));
    } else if (!a.corrected) {
      text = mask_all_but_last4(text);
    }
    if (a.corrected) {
      n->set_corrected_routing_number(std::string(a.corrected->routing_number));
      n->set_corrected_transaction_code(a.corrected->transaction_code);
    }
    n->set_corrected_data(std::move(text));
  }

  // Every digit but the last four as '*'.
  static std::string mask_all_but_last4(std::string_view text) {
    std::string out(text);
    int keep = 4;
    for (std::size_t i = out.size(); i > 0; --i) {
      if (out[i - 1] < '0' || out[i - 1] > '9') continue;
      if (keep > 0) --keep;
      else out[i - 1] = '*';
    }
    return out;
  }

  static std::vector<EventId> declared_ids(const std::vector<CoveredPayment>& covered) {
    std::vector<EventId> ids;
    ids.reserve(covered.size());
    for (const CoveredPayment& c : covered) ids.push_back(c.payment);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  void set_method(events::MethodDetails* m, const nacha::EntryDetail& e, std::string hash) const {
    m->set_method(events::MethodDetails::BANK_ACCOUNT);
    m->set_routing_number(routing_of(e));
    m->set_account_last4(mask_last4(e.dfi_account_number));
    m->set_account_hash(std::move(hash));
    m->set_check_number(std::string(e.check_serial_number));
    m->set_sec_code(sec_);
  }

  void map_payment(const nacha::EntryDetail& e) {
    const std::string account = account_of(e, e.trace_number);
    std::string hash = account_hash(file_, routing_of(e), e.dfi_account_number);
    const EventId id = id_of(e, hash, "");
    events::Envelope env = make_envelope(id, events::PAYMENT_RECEIVED, partition_key_for(account),
                                         effective_, file_, e.at.record);
    auto* p = env.mutable_payment_received();
    p->set_channel(sec_ == "CIE" ? events::BILLPAY : kEcheckCodes.count(sec_) ? events::ECHECK : events::ACH);
    p->set_account_id(account);
    set_amount(p->mutable_amount(), e.amount_minor, file_.currency);
    p->set_payer_name(nacha::as_utf8(e.individual_name));
    p->set_external_reference(std::string(e.trace_number));
    p->set_deposit_reference(fmt::format("ach:{}:{}:{}", company_, batch_number_, effective_.to_iso()));
    p->set_effective_date(effective_.days());
    if (!e.addenda05.empty()) p->set_remittance(std::string(e.addenda05.front().payment_related_information));
    set_method(p->mutable_method(), e, std::move(hash));
    sink_.emit(std::move(env));
    batch_total_ += e.amount_minor;  // bounded: the reader verified the batch totals
    ++batch_items_;
    covered_.push_back({id, e.amount_minor});
    ++payments;
  }

  void map_return(const nacha::EntryDetail& e) {
    const nacha::Addenda99& a = e.addenda99.front();
    if (a.kind() != nacha::ReturnKind::kReturn) {  // dishonored/contested: for people, not the books
      ++not_posted_;
      return;
    }
    const std::string account = account_of(e, a.original_entry_trace_number);
    const std::string detail = fmt::format("{}:{}", a.original_entry_trace_number, a.return_reason_code->code);
    const EventId id = id_of(e, account_hash(file_, routing_of(e), e.dfi_account_number), detail);
    events::Envelope env = make_envelope(id, events::PAYMENT_RETURNED, partition_key_for(account),
                                         effective_, file_, e.at.record);
    auto* r = env.mutable_payment_returned();
    r->set_kind(events::ACH_RETURN);
    r->set_original_reference(std::string(a.original_entry_trace_number));
    r->set_account_id(account);
    set_amount(r->mutable_amount(), e.amount_minor, file_.currency);
    r->set_return_code(std::string(a.return_reason_code->code));
    r->set_reason(std::string(a.return_reason_code->title));
    r->set_return_date(effective_.days());
    r->set_original_channel(events::ACH);
    sink_.emit(std::move(env));
    ++returns;
  }

  void map_noc(const nacha::EntryDetail& e) {
    const nacha::Addenda98& a = e.addenda98.front();
    const std::string account = account_of(e, a.original_entry_trace_number);
    const std::string detail =
        fmt::format("{}:{}:{}", a.original_entry_trace_number, a.change_code->code, a.corrected_data);
    const EventId id = id_of(e, account_hash(file_, routing_of(e), e.dfi_account_number), detail);
    events::Envelope env = make_envelope(id, events::NOTICE_OF_CHANGE, partition_key_for(account),
                                         effective_, file_, e.at.record);
    auto* n = env.mutable_notice_of_change();
    n->set_original_trace(std::string(a.original_entry_trace_number));
    n->set_change_code(std::string(a.change_code->code));
    set_corrected_data(n, a, e);
    n->set_account_id(account);
    n->set_routing_number(routing_of(e));
    sink_.emit(std::move(env));
    ++nocs;
  }

  const FileContext& file_;
  EventSink& sink_;
  BusinessDate file_date_;
  BusinessDate effective_;
  std::string sec_, company_;
  std::int64_t batch_number_ = 0, batch_total_ = 0, batch_items_ = 0;
  std::vector<CoveredPayment> covered_;  // the open batch's payments
  std::vector<CoveredPayment> fresh_ids_;  // of those, the ones its settlement declares
  RepeatedNumbers<std::uint64_t> traces_;
  RepeatedKeys repeated_;
};

}  // namespace

Result<formats::ParseReport> map_nacha(std::string_view bytes, const FileContext& file,
                                       EventSink& sink) {
  NachaMapper mapper(file, sink);
  formats::ParseReport report = nacha::parse(bytes, mapper);
  report.summary.set("payments_posted", mapper.payments);
  report.summary.set("returns_posted", mapper.returns);
  report.summary.set("notices_of_change", mapper.nocs);
  if (mapper.not_posted_ > 0)
    report.warning({0, 0, "standard_entry_class", "not_posted",
                    fmt::format("{} entr(ies) of SEC codes or kinds that are not utility payments were "
                                "not posted", mapper.not_posted_)});
  if (mapper.redeclared > 0)
    report.warning({0, 0, "", "repeated_payments",
                    fmt::format("{} batch(es) repeat payments an earlier file declared; their "
                                "settlement declares only the other payments",
                                mapper.redeclared)});
  for (formats::Issue& issue : mapper.repeated_traces) report.error(std::move(issue));
  if (mapper.registry_error)
    return ingest_error(IngestErrc::registry, mapper.registry_error->describe());
  return report;
}

}  // namespace tally::ingest
