// Card settlement and chargeback rows to events:
//   sale                -> PaymentReceived (CARD; brand, last four, auth code; the customer from
//                          "our reference"; external_reference = the processor reference)
//   refund              -> PaymentReturned (original_channel CARD, return_code "REFUND",
//                          original_reference = the processor reference of the payment)
//   chargeback          -> ChargebackReceived
//   chargeback_reversal -> ChargebackReversed
//   payout              -> DepositDeclared CARD_PAYOUT (gross, fees, net, processor)
//   fee                 -> no event of its own: folded into its batch's payout
//   other               -> nothing: a balance transfer, reserve move, deposit correction, ...
//                          is not a payment. The reader lists each (warning not_posted) and
//                          its batch's payout includes it; the mapper counts them, and says
//                          by how much the payouts' deposits hold money no posted row explains.
//   any row of another merchant account (card.merchant_accounts names the utility's; a
//   company-wide report also holds a parking office's or a library's) -> nothing: neither its
//   payments nor its payouts are the utility's money. Counted and summed per merchant account.
//
// Why a refund is a PaymentReturned: it gives part (or all) of a card payment back through
// the processor. The books need Dr customer / Cr clearing:card, which is exactly how the ledger
// posts a return of that payment (found by its reference on the customer's partition), with
// the same check that no more comes back than was paid. An AdjustmentPosted would need an
// approver and would leave clearing:card holding money the processor no longer owes.
//
// Payouts and fees: the ledger posts a deposit as Dr bank net, Dr expense:card-fees fees,
// Cr clearing:card gross. clearing:card holds the gross of the batch's sales, refunds,
// chargebacks and reversals, so the payout declares gross = net + fees with fees the sum of
// the fees of all the batch's other rows (fee rows, sale fees, chargeback fees) and net what
// reached the bank; then clearing:card returns to zero. Rows may come in any order, so the
// payouts are held (bounded: kMaxHeldPayouts) and declared after the last row. When a batch
// has several payouts the first carries the batch's fees. A payout whose batch has no other
// rows in the file (or no batch id) declares gross = net, fees 0.
//
// Ids: card_transaction_id(processor, processor_reference + ":" + (modification reference, or
// the row type)): Adyen's sale and refund rows share the PSP reference, and their modification
// references tell them apart. Keys repeated within the file get "#n" (repeated_keys.h).
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "core/events/event_ids.h"
#include "core/money.h"
#include "formats/card/reader.h"
#include "ingest/mappers/mappers.h"
#include "ingest/mappers/repeated_keys.h"

namespace tally::ingest {
namespace {

namespace card = formats::card;
using card::CardRecord;
using card::RecordType;

constexpr std::size_t kMaxHeldPayouts = 100'000;  // the reader allows 100,000 batches per file
constexpr std::size_t kMaxOtherMerchants = 100;      // named one by one in the file's warnings

std::string deposit_reference_of(const CardRecord& r) {
  return r.batch_id.empty() ? std::string() : fmt::format("card:{}:{}", r.processor, r.batch_id);
}

// What the batch's rows other than payouts add up to.
struct BatchSums {
  std::int64_t gross_minor = 0, fees_minor = 0, rows = 0;
  bool overflow = false;
  bool fees_declared = false;  // by the batch's first payout
};

struct HeldPayout {
  EventId id;
  std::string processor, batch_id, deposit_reference;
  BusinessDate deposit_date;
  std::int64_t net_minor = 0;
  Currency currency = Currency::usd();
  std::int64_t record = 0;
  std::string payout_id;  // the processor's reference for the payout: what the bank line shows
};

class CardMapper final : public card::Visitor {
 public:
  CardMapper(const FileContext& file, EventSink& sink) : file_(file), sink_(sink) {}

  void on_record(const CardRecord& r) override {
    if (!ours(r)) return note_other_merchant(r);
    if (r.type == RecordType::kPayout) return hold_payout(r);
    if (r.type == RecordType::kOther) return note_other(r);
    add_to_batch(r);
    const std::int64_t gross = r.gross.minor();
    if (r.type == RecordType::kFee) return;
    if (gross == 0) {
      ++zero_amount;
      return;
    }
    const std::string account = identify_account(r.our_reference).value_or("");
    switch (r.type) {
      case RecordType::kSale: return map_sale(r, account);
      case RecordType::kRefund: return map_refund(r, account);
      case RecordType::kChargeback: return map_chargeback(r, account);
      case RecordType::kChargebackReversal: return map_reversal(r, account);
      case RecordType::kFee:
      case RecordType::kPayout:
      case RecordType::kOther: return;
    }
  }

  // Declares the held payouts, each with its batch's fees. Call once, after parse().
  void finish() {
    for (const HeldPayout& p : held_) {
      auto it = p.batch_id.empty() ? batches_.end() : batches_.find(batch_key(p.processor, p.batch_id));
      declare(p, it == batches_.end() ? nullptr : &it->second);
    }
    held_.clear();
  }

  std::int64_t payments = 0, refunds = 0, chargebacks = 0, reversals = 0, payouts = 0;
  std::int64_t zero_amount = 0, unfolded_payouts = 0;
  std::int64_t other_rows = 0, other_net_minor = 0;
  bool other_overflow = false;
  struct OtherMerchant {
    std::int64_t rows = 0, net_minor = 0;
    bool overflow = false;
  };
  std::map<std::string, OtherMerchant> other_merchants;  // bounded: kMaxOtherMerchants
  std::int64_t other_merchant_rows = 0;
  std::int64_t batches_without_payout() const {
    std::int64_t n = 0;
    for (const auto& [key, sums] : batches_) n += !sums.fees_declared && sums.rows > 0 ? 1 : 0;
    return n;
  }
  std::int64_t repeated_keys() const { return repeated_.repeats(); }

 private:
  static std::string batch_key(std::string_view processor, std::string_view batch_id) {
    return std::string(processor) + '\x1f' + std::string(batch_id);
  }

  EventId id_of(const CardRecord& r) {
    std::string key = r.processor_reference.empty() ? "batch:" + r.batch_id : r.processor_reference;
    key += ":";
    key += r.modification_reference.empty() ? std::string(card::record_type_name(r.type))
                                            : r.modification_reference;
    const EventId base = events::card_transaction_id(r.processor, key);
    const std::uint32_t n = repeated_.occurrence(base);
    return n == 1 ? base : events::card_transaction_id(r.processor, key + RepeatedKeys::suffix(n));
  }

  void add_to_batch(const CardRecord& r) {
    if (r.batch_id.empty()) return;
    BatchSums& b = batches_[batch_key(r.processor, r.batch_id)];
    const auto gross = checked_add(b.gross_minor, r.gross.minor());
    const auto fees = checked_add(b.fees_minor, r.fees.minor());
    if (!gross || !fees) {
      b.overflow = true;
      return;
    }
    b.gross_minor = *gross;
    b.fees_minor = *fees;
    ++b.rows;
  }

  void map_sale(const CardRecord& r, const std::string& account) {
    events::Envelope env = make_envelope(id_of(r), events::PAYMENT_RECEIVED, partition_key_for(account),
                                         r.settlement_date, file_, r.record);
    auto* p = env.mutable_payment_received();
    p->set_channel(events::CARD);
    p->set_account_id(account);
    set_amount(p->mutable_amount(), r.gross.minor(), r.currency());
    p->set_external_reference(r.processor_reference);
    p->set_deposit_reference(deposit_reference_of(r));
    p->set_effective_date(r.settlement_date.days());
    p->set_remittance(r.our_reference);
    auto* m = p->mutable_method();
    m->set_method(events::MethodDetails::CARD);
    m->set_card_brand(r.card_brand);
    m->set_card_last4(r.last_four);
    m->set_auth_code(r.auth_code);
    sink_.emit(std::move(env));
    ++payments;
  }

  void map_refund(const CardRecord& r, const std::string& account) {
    events::Envelope env = make_envelope(id_of(r), events::PAYMENT_RETURNED, partition_key_for(account),
                                         r.settlement_date, file_, r.record);
    auto* out = env.mutable_payment_returned();
    out->set_original_reference(r.processor_reference);
    out->set_account_id(account);
    set_amount(out->mutable_amount(), -r.gross.minor(), r.currency());  // gross < 0: checked by the reader
    out->set_return_code("REFUND");
    out->set_reason("card refund");
    out->set_return_date(r.settlement_date.days());
    out->set_original_channel(events::CARD);
    sink_.emit(std::move(env));
    ++refunds;
  }

  void map_chargeback(const CardRecord& r, const std::string& account) {
    events::Envelope env = make_envelope(id_of(r), events::CHARGEBACK_RECEIVED, partition_key_for(account),
                                         r.settlement_date, file_, r.record);
    auto* c = env.mutable_chargeback_received();
    c->set_processor(r.processor);
    c->set_case_id(r.case_id);
    c->set_processor_reference(r.processor_reference);
    c->set_account_id(account);
    set_amount(c->mutable_amount(), -r.gross.minor(), r.currency());
    c->set_reason_code(r.reason_code);
    c->set_card_brand(r.card_brand);
    c->set_card_last4(r.last_four);
    sink_.emit(std::move(env));
    ++chargebacks;
  }

  void map_reversal(const CardRecord& r, const std::string& account) {
    events::Envelope env = make_envelope(id_of(r), events::CHARGEBACK_REVERSED, partition_key_for(account),
                                         r.settlement_date, file_, r.record);
    auto* c = env.mutable_chargeback_reversed();
    c->set_processor(r.processor);
    c->set_case_id(r.case_id);
    c->set_processor_reference(r.processor_reference);
    c->set_account_id(account);
    set_amount(c->mutable_amount(), r.gross.minor(), r.currency());
    sink_.emit(std::move(env));
    ++reversals;
  }

  // A row is the utility's when no merchant accounts are configured, or when its merchant
  // column names one of them (case aside: processors' exports differ in case). A row with no
  // merchant column is the utility's: only a company-wide report names them.
  bool ours(const CardRecord& r) const {
    if (file_.card_merchant_accounts.empty() || r.merchant.empty()) return true;
    return std::any_of(file_.card_merchant_accounts.begin(), file_.card_merchant_accounts.end(),
                       [&](const std::string& m) { return iequals(m, r.merchant); });
  }

  static bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
             return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
  }

  void note_other_merchant(const CardRecord& r) {
    ++other_merchant_rows;
    auto it = other_merchants.find(r.merchant);
    if (it == other_merchants.end()) {
      if (other_merchants.size() >= kMaxOtherMerchants) return;  // counted in the rows only
      it = other_merchants.emplace(r.merchant, OtherMerchant{}).first;
    }
    OtherMerchant& m = it->second;
    ++m.rows;
    if (r.type == RecordType::kPayout) return;  // the payout is the rows' net, paid out
    if (const auto sum = checked_add(m.net_minor, r.net.minor()))
      m.net_minor = *sum;
    else
      m.overflow = true;
  }

  void note_other(const CardRecord& r) {
    ++other_rows;
    if (const auto sum = checked_add(other_net_minor, r.net.minor()))
      other_net_minor = *sum;
    else
      other_overflow = true;
  }

  void hold_payout(const CardRecord& r) {
    HeldPayout p{id_of(r), r.processor, r.batch_id, deposit_reference_of(r),
                 r.deposit_date.value_or(r.settlement_date), r.net.minor(), r.currency(), r.record,
                 r.processor_reference};
    if (p.deposit_reference.empty())
      p.deposit_reference = fmt::format("card:{}:{}", r.processor,
                                        r.processor_reference.empty() ? r.modification_reference
                                                                      : r.processor_reference);
    if (held_.size() < kMaxHeldPayouts) {
      held_.push_back(std::move(p));
      return;
    }
    ++unfolded_payouts;  // too many to hold: declared now, without the batch's fees
    declare(p, nullptr);
  }

  void declare(const HeldPayout& p, BatchSums* batch) {
    std::int64_t fees = 0, items = 0;
    if (batch && batch->rows > 0 && !batch->fees_declared) {
      batch->fees_declared = true;
      if (batch->overflow) {
        ++unfolded_payouts;
      } else {
        fees = batch->fees_minor;
        items = batch->rows;
      }
    }
    auto gross = checked_add(p.net_minor, fees);
    if (!gross) {  // cannot happen in a checked file: the batch's gross is its net + fees
      ++unfolded_payouts;
      fees = 0;
      gross = p.net_minor;
    }
    events::Envelope env = make_envelope(p.id, events::DEPOSIT_DECLARED, "deposit:" + p.deposit_reference,
                                         p.deposit_date, file_, p.record);
    auto* d = env.mutable_deposit_declared();
    d->set_kind(events::DepositDeclared::CARD_PAYOUT);
    d->set_deposit_reference(p.deposit_reference);
    d->set_channel(events::CARD);
    set_amount(d->mutable_gross(), *gross, p.currency);
    set_amount(d->mutable_fees(), fees, p.currency);
    set_amount(d->mutable_net(), p.net_minor, p.currency);
    d->set_deposit_date(p.deposit_date.days());
    d->set_item_count(items);
    d->set_processor(p.processor);
    d->set_payout_id(p.payout_id);
    sink_.emit(std::move(env));
    ++payouts;
  }

  const FileContext& file_;
  EventSink& sink_;
  RepeatedKeys repeated_;
  std::map<std::string, BatchSums> batches_;  // bounded by the reader's batch limit
  std::vector<HeldPayout> held_;
};

}  // namespace

formats::ParseReport map_card(std::string_view bytes, const FileContext& file, EventSink& sink) {
  CardMapper mapper(file, sink);
  formats::ParseReport report = card::parse(bytes, mapper);
  mapper.finish();
  report.summary.set("payments_posted", mapper.payments);
  report.summary.set("refunds_posted", mapper.refunds);
  report.summary.set("chargebacks_posted", mapper.chargebacks);
  report.summary.set("chargeback_reversals_posted", mapper.reversals);
  report.summary.set("payouts_declared", mapper.payouts);
  report.summary.set("other_rows_not_posted", mapper.other_rows);
  if (mapper.other_rows > 0)
    report.warning({0, 0, "type", "other_rows_not_posted",
                    mapper.other_overflow
                        ? fmt::format("{} row(s) that are not card payments were not posted",
                                      mapper.other_rows)
                        : fmt::format("{} row(s) that are not card payments (net {} minor units) "
                                      "were not posted; their batches' payouts include them",
                                      mapper.other_rows, mapper.other_net_minor)});
  report.summary.set("other_merchant_rows_not_posted", mapper.other_merchant_rows);
  for (const auto& [merchant, m] : mapper.other_merchants)
    report.warning({0, 0, "merchant", "other_merchant_not_posted",
                    m.overflow ? fmt::format("{} row(s) of merchant account {}, not the utility's, were "
                                             "not posted",
                                             m.rows, merchant)
                               : fmt::format("{} row(s) of merchant account {}, not the utility's, were "
                                             "not posted (net of its rows but payouts: {} minor units)",
                                             m.rows, merchant, m.net_minor)});
  if (mapper.zero_amount > 0)
    report.warning({0, 0, "gross", "zero_amount",
                    fmt::format("{} row(s) of zero amount were not posted", mapper.zero_amount)});
  if (const std::int64_t n = mapper.batches_without_payout(); n > 0)
    report.warning({0, 0, "batch_id", "no_payout",
                    fmt::format("{} batch(es) have no payout in this file: their deposit and fees "
                                "are not declared by it",
                                n)});
  if (mapper.unfolded_payouts > 0)
    report.warning({0, 0, "fees", "fees_not_folded",
                    fmt::format("{} payout(s) were declared without their batch's fees",
                                mapper.unfolded_payouts)});
  if (mapper.repeated_keys() > 0)
    report.warning({0, 0, "processor_reference", "repeated_reference",
                    fmt::format("{} row(s) repeat the reference and type of an earlier row; each "
                                "was posted as its own event",
                                mapper.repeated_keys())});
  return report;
}

}  // namespace tally::ingest
