// X9.37 returned items to events: each return (31 record) -> PaymentReturned (CHECK_RETURN,
// the X9.100-188 return reason letter as return_code).
//
// - Forward items (25) are not posted: a forward cash letter lists checks that were
//   deposited, which the bank and the lockbox file already told us about. They are counted.
// - Returns in a bundle (or cash letter) whose collection type is a notification (04 return
//   notification, 05 preliminary, 06 final) are advance notice: the return itself, with the
//   money, comes as collection type 03. Posting both would take the payment back twice, so
//   notifications are counted and not posted.
// - The check it takes back: the return's payor routing and on-us field (the payer's account,
//   then '/', the on-us symbol, then the check serial) give check_key(), under which an
//   accepted lockbox file remembered the check it deposited (file_memory.h). Found, with the
//   same amount: original_event_id is that payment, account_id its customer, and the return
//   goes to the payment's partition, where the ledger reverses it.
// - Not found (a check deposited some other way, or whose file is not ingested yet): the
//   original_reference is the original forward item's sequence number at the bank of first
//   deposit (return addendum A, 32); without a 32, the return's own item sequence number. The
//   account is unknown, so the return goes to the suspense partition for a person to match.
// - Id: the returning institution (the bundle's ECE routing) + payor routing + on-us + the
//   return's item sequence number + forward bundle date + times returned, so the same return
//   re-sent is one event and a second return of a re-presented check is another. Sequence
//   numbers may restart in each cash letter, so a key repeated within the file gets "#n"
//   (repeated_keys.h).
// A 31's addenda (32-35) follow it, so the event is emitted when the next record that is not
// one of its addenda arrives (or at the end of the file).
#include <fmt/format.h>

#include <optional>
#include <string>
#include <vector>

#include "formats/x9/reader.h"
#include "ingest/errors.h"
#include "ingest/file_registry.h"
#include "ingest/mappers/mappers.h"
#include "ingest/mappers/repeated_keys.h"

namespace tally::ingest {
namespace {

namespace x9 = formats::x9;

bool is_notification(std::string_view collection_type) {
  return collection_type == "04" || collection_type == "05" || collection_type == "06";
}

struct OnUs {
  std::string account, serial;
};

// The on-us field as printed on a personal check: account, '/' (the on-us symbol), serial.
// Blanks are ignored; the first group of characters is the account and the last, after a '/',
// the serial. A field without a '/' has no serial (a business check keeps it in the auxiliary
// on-us field, which a return record does not carry).
OnUs split_on_us(std::string_view on_us) {
  std::vector<std::string> groups(1);
  bool slash = false;
  for (char c : on_us) {
    if (c == ' ') continue;
    if (c == '/') {
      slash = true;
      if (!groups.back().empty()) groups.emplace_back();
      continue;
    }
    groups.back().push_back(c);
  }
  if (groups.back().empty()) groups.pop_back();
  OnUs out;
  if (!groups.empty()) out.account = groups.front();
  if (slash && groups.size() >= 2) out.serial = groups.back();
  return out;
}

class X9Mapper final : public x9::Visitor {
 public:
  X9Mapper(const FileContext& file, EventSink& sink) : file_(file), sink_(sink) {}

  void on_cash_letter_header(const x9::CashLetterHeader& h) override {
    flush();
    letter_date_ = h.business_date;
    letter_collection_ = h.collection_type;
    bundle_date_ = BusinessDate();
    bundle_collection_.clear();
    bundle_ece_ = h.ece_institution_routing;
  }
  void on_bundle_header(const x9::BundleHeader& h) override {
    flush();
    bundle_date_ = h.business_date;
    bundle_collection_ = h.collection_type;
    bundle_ece_ = h.ece_institution_routing;
  }
  void on_check(const x9::CheckDetail&) override {
    flush();
    ++forward_items;
  }
  void on_return(const x9::ReturnDetail& r) override {
    flush();
    pending_ = Pending{r, {}};
  }
  void on_addendum(const x9::Addendum& a) override {
    if (!pending_) return;  // a 25's addenda
    if (a.record_type == 32 && !a.item_sequence_number.empty())
      pending_->bofd_item_sequence = a.item_sequence_number;
  }
  void on_image_view_detail(const x9::ImageViewDetail&) override { flush(); }
  void on_image_view_data(const x9::ImageViewData&) override { flush(); }
  void on_credit(const x9::Credit&) override { flush(); }
  void on_bundle_control(const x9::BundleControl&) override { flush(); }
  void on_cash_letter_control(const x9::CashLetterControl&) override { flush(); }
  void on_file_control(const x9::FileControl&) override { flush(); }

  // Emits the return read last, if any. Called again after parse() for a file that ends early.
  void flush() {
    if (!pending_) return;
    const Pending p = std::move(*pending_);
    pending_.reset();
    const std::string& collection = bundle_collection_.empty() ? letter_collection_ : bundle_collection_;
    if (is_notification(collection)) {
      ++notifications;
      return;
    }
    if (p.item.amount_minor <= 0) {
      ++zero_amount;
      return;
    }
    emit_return(p);
  }

  std::int64_t returns = 0, forward_items = 0, notifications = 0, zero_amount = 0, matched = 0;
  std::optional<Error> registry_error;  // the first read of the file registry that failed
  std::int64_t repeated_keys() const { return repeated_.repeats(); }

 private:
  struct Pending {
    x9::ReturnDetail item;
    std::string bofd_item_sequence;
  };

  EventId id_of(const x9::ReturnDetail& r) {
    const std::string forward_date = r.forward_bundle_date ? r.forward_bundle_date->to_iso() : "";
    const auto key = [&](std::string_view sequence) {
      return EventId::from_business_key(
          "x9-return", {bundle_ece_, r.payor_routing, r.on_us, sequence, forward_date, r.times_returned});
    };
    const EventId base = key(r.item_sequence_number);
    const std::uint32_t n = repeated_.occurrence(base);
    return n == 1 ? base : key(r.item_sequence_number + RepeatedKeys::suffix(n));
  }

  // The lockbox check this return takes back, when an accepted file deposited it.
  std::optional<DepositedCheck> deposited(const x9::ReturnDetail& r) {
    if (!file_.registry) return std::nullopt;
    const OnUs on_us = split_on_us(r.on_us);
    const auto key = check_key(file_, r.payor_routing, on_us.account, on_us.serial);
    if (!key) return std::nullopt;
    auto found = file_.registry->find_check(*key);
    if (!found) {
      if (!registry_error) registry_error = found.error();
      return std::nullopt;
    }
    if (!*found || (*found)->amount_minor != r.amount_minor) return std::nullopt;
    return std::move(*found);
  }

  void emit_return(const Pending& p) {
    const x9::ReturnDetail& r = p.item;
    const BusinessDate date = bundle_date_.days() != 0 ? bundle_date_ : letter_date_;
    const EventId id = id_of(r);
    const std::optional<DepositedCheck> check = deposited(r);
    const std::string account = check ? check->account : "";
    events::Envelope env = make_envelope(id, events::PAYMENT_RETURNED, partition_key_for(account),
                                         date, file_, r.position.number);
    auto* out = env.mutable_payment_returned();
    out->set_kind(events::CHECK_RETURN);
    if (check) {
      out->set_original_event_id(std::string(check->payment.as_string_view()));
      out->set_account_id(account);
      out->set_original_channel(check->at_counter ? events::COUNTER : events::LOCKBOX);
      ++matched;
    }
    out->set_original_reference(p.bofd_item_sequence.empty() ? r.item_sequence_number
                                                             : p.bofd_item_sequence);
    // X9.37 amounts are US dollars (cents): the standard has no currency field.
    set_amount(out->mutable_amount(), r.amount_minor, Currency::usd());
    out->set_return_code(std::string(1, r.return_reason));
    out->set_reason(std::string(r.return_reason_description));
    out->set_return_date(date.days());
    // Unmatched, original_channel stays unspecified: a returned check may have come by lockbox
    // or been deposited from a drawer, and the return does not say which.
    sink_.emit(std::move(env));
    ++returns;
  }

  const FileContext& file_;
  EventSink& sink_;
  BusinessDate letter_date_, bundle_date_;
  std::string letter_collection_, bundle_collection_, bundle_ece_;
  RepeatedKeys repeated_;
  std::optional<Pending> pending_;
};

}  // namespace

Result<formats::ParseReport> map_x9(std::string_view bytes, const FileContext& file,
                                    EventSink& sink) {
  X9Mapper mapper(file, sink);
  formats::ParseReport report = x9::parse(bytes, mapper);
  mapper.flush();
  report.summary.set("returns_posted", mapper.returns);
  report.summary.set("returns_matched_to_checks", mapper.matched);
  report.summary.set("forward_items_not_posted", mapper.forward_items);
  if (mapper.notifications > 0)
    report.warning({0, 0, "collection_type", "not_posted",
                    fmt::format("{} return notification(s) were not posted: the return itself "
                                "(collection type 03) carries the money",
                                mapper.notifications)});
  if (mapper.zero_amount > 0)
    report.warning({0, 0, "amount", "zero_amount",
                    fmt::format("{} return(s) of zero amount were not posted", mapper.zero_amount)});
  if (mapper.repeated_keys() > 0)
    report.warning({0, 0, "item_sequence_number", "repeated_reference",
                    fmt::format("{} return(s) repeat the routing, on-us and sequence number of an "
                                "earlier one; each was posted as its own return",
                                mapper.repeated_keys())});
  if (mapper.registry_error)
    return ingest_error(IngestErrc::registry, mapper.registry_error->describe());
  return report;
}

}  // namespace tally::ingest
