#include "counter/session.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/events/event_ids.h"
#include "counter/errors.h"
#include "counter/steps.h"

namespace tally::counter {
namespace {

TenderKind kind_of(events::MethodDetails::Method method) {
  switch (method) {
    case events::MethodDetails::CHECK: return TenderKind::check;
    case events::MethodDetails::MONEY_ORDER: return TenderKind::money_order;
    case events::MethodDetails::CARD: return TenderKind::card;
    default: return TenderKind::cash;
  }
}

class Folder {
 public:
  Status add(const events::Envelope& e) {
    const events::CounterStep* step = counter_step(e);
    if (step == nullptr) return ok_status();
    s_.last_step = std::max(s_.last_step, step->step());
    switch (e.payload_case()) {
      case events::Envelope::kDrawerOpened: opened(e); break;
      case events::Envelope::kPaymentReceived: return paid(e, *step);
      case events::Envelope::kCounterRequested: return requested(e, *step);
      case events::Envelope::kPaymentVoided: return voided(e, *step);
      case events::Envelope::kDrawerCashMoved: moved(e); break;
      case events::Envelope::kDrawerCounted: counted(e, *step); break;
      case events::Envelope::kDrawerClosed: closed(e); break;
      case events::Envelope::kDepositDeclared: deposited(e); break;
      default: break;
    }
    return ok_status();
  }
  Session take() { return std::move(s_); }

 private:
  void opened(const events::Envelope& e) {
    const auto& o = e.drawer_opened();
    s_.id = o.session_id();
    s_.drawer = o.drawer_id();
    s_.cashier = o.cashier();
    s_.date = BusinessDate::from_days(e.business_date());
    s_.currency = Currency::from_code(o.opening_float().currency()).value_or(Currency::usd());
    s_.opening = count_of(o.counted());
    s_.float_minor = o.opening_float().minor();
    s_.opened_at_us = e.recorded_at_us();
  }

  Result<Receipt*> receipt(std::int32_t number) {
    if (number < 1 || number > kMaxReceipts)
      return counter_error(CounterErrc::corrupt, fmt::format("receipt number {} in the log", number));
    const auto index = static_cast<std::size_t>(number - 1);
    if (s_.receipts.size() <= index) s_.receipts.resize(index + 1);
    Receipt& r = s_.receipts[index];
    r.number = number;
    return &r;
  }

  Status paid(const events::Envelope& e, const events::CounterStep& step) {
    const auto& p = e.payment_received();
    TALLY_TRY(Receipt * r, receipt(step.receipt_number()));
    s_.step_receipts[step.step()] = r->number;
    r->account = p.account_id();
    r->payer_name = p.payer_name();
    r->language = step.language();
    r->cashier = e.source().user();
    r->recorded_at_us = e.recorded_at_us();
    Tender t;
    t.kind = kind_of(p.method().method());
    t.applied_minor = p.amount().minor();
    t.tendered_minor = p.has_cash_tendered() ? p.cash_tendered().minor() : t.applied_minor;
    t.change_minor = p.has_change_given() ? p.change_given().minor() : 0;
    t.method = p.method();
    r->amount_minor += t.applied_minor;
    r->change_minor += t.change_minor;
    r->tenders.push_back(std::move(t));
    r->event_ids.push_back(events::event_id_of(e));
    return ok_status();
  }

  Status requested(const events::Envelope& e, const events::CounterStep& step) {
    const auto& q = e.counter_requested();
    if (q.kind() == events::CounterRequested::VOID) {
      TALLY_TRY(Receipt * r, receipt(q.receipt_number()));
      s_.step_receipts[step.step()] = r->number;
      r->void_record = VoidRecord{q.requested_by(), q.reason(), e.recorded_at_us(), {}, {}, 0};
    } else if (q.kind() == events::CounterRequested::TRANSFER) {
      s_.pending_transfers.push_back({events::event_id_of(e), step.step(), q.session_id(), q.to_session_id(),
                                      q.amount().minor(), q.reason(), q.requested_by()});
    }
    return ok_status();
  }

  Status voided(const events::Envelope& e, const events::CounterStep& step) {
    const auto& v = e.payment_voided();
    TALLY_TRY(Receipt * r, receipt(step.receipt_number()));
    s_.step_receipts[step.step()] = r->number;
    if (!r->void_record) r->void_record = VoidRecord{v.requested_by(), {}, 0, {}, {}, 0};
    r->void_record->approved_by = v.supervisor();
    r->void_record->approval_reason = v.reason();
    r->void_record->approved_at_us = e.recorded_at_us();
    return ok_status();
  }

  void moved(const events::Envelope& e) {
    using events::DrawerCashMoved;
    const auto& m = e.drawer_cash_moved();
    CashMove move{MoveKind::paid_in, m.amount().minor(), m.reason(), m.requested_by(), {}, m.received_by(),
                  e.recorded_at_us()};
    if (m.kind() == DrawerCashMoved::PAID_OUT) move.kind = MoveKind::paid_out;
    if (m.kind() == DrawerCashMoved::TRANSFER) {
      // The same event is indexed under both sessions (store.h): which side is this?
      const bool giving = m.session_id() == s_.id;
      move.kind = giving ? MoveKind::transfer_out : MoveKind::transfer_in;
      move.other_session = giving ? m.to_session_id() : m.session_id();
      const EventId request = EventId::from_bytes(m.request_event_id()).value_or(EventId());
      std::erase_if(s_.pending_transfers, [&](const PendingTransfer& t) { return t.request_id == request; });
    }
    s_.moves.push_back(std::move(move));
  }

  void counted(const events::Envelope& e, const events::CounterStep& step) {
    const auto& c = e.drawer_counted();
    CountRecord r;
    r.number = c.count_number();
    r.step = step.step();
    r.cash = count_of(c.counted());
    r.counted_minor = c.counted_cash().minor();
    r.expected_minor = c.expected_cash().minor();
    r.over_short_minor = c.over_short().minor();
    r.items.assign(c.items().begin(), c.items().end());
    r.blind = c.blind();
    r.by = e.source().user();
    r.recorded_at_us = e.recorded_at_us();
    s_.counts.push_back(std::move(r));
  }

  void closed(const events::Envelope& e) {
    const auto& c = e.drawer_closed();
    CloseRecord& close = ensure_close();
    close.count_number = c.count_number();
    close.closed_by = e.source().user();
    close.signed_off_by = c.signed_off_by();
    close.sign_off_reason = c.sign_off_reason();
    close.float_returned_minor = c.float_returned().minor();
    close.recorded_at_us = e.recorded_at_us();
    close.slip.reference = c.deposit_reference();
    close.slip.date = BusinessDate::from_days(e.business_date());
  }

  void deposited(const events::Envelope& e) {
    const auto& d = e.deposit_declared();
    DepositSlip& slip = ensure_close().slip;
    slip.reference = d.deposit_reference();
    slip.cash = count_of(d.cash());
    slip.items.assign(d.items().begin(), d.items().end());
    slip.checks_minor = slip.money_orders_minor = 0;
    for (const auto& item : d.items())
      (item.method() == events::MethodDetails::CHECK ? slip.checks_minor : slip.money_orders_minor) +=
          item.amount().minor();
    slip.total_minor = d.net().minor();
    slip.cash_minor = slip.total_minor - slip.checks_minor - slip.money_orders_minor;
    slip.bank_account = d.bank_account();
    slip.date = BusinessDate::from_days(d.deposit_date());
  }

  CloseRecord& ensure_close() {
    if (!s_.close) s_.close.emplace();
    return *s_.close;
  }

  Session s_;
};

}  // namespace

std::int64_t Receipt::tendered_minor(TenderKind kind) const {
  std::int64_t sum = 0;
  for (const Tender& t : tenders)
    if (t.kind == kind) sum += t.applied_minor;
  return sum;
}

std::string_view move_name(MoveKind kind) {
  switch (kind) {
    case MoveKind::paid_in: return "paid_in";
    case MoveKind::paid_out: return "paid_out";
    case MoveKind::transfer_out: return "transfer_out";
    case MoveKind::transfer_in: return "transfer_in";
  }
  return "paid_in";
}

const Receipt* Session::receipt(std::int32_t number) const {
  if (number < 1 || static_cast<std::size_t>(number) > receipts.size()) return nullptr;
  const Receipt& r = receipts[static_cast<std::size_t>(number - 1)];
  return r.tenders.empty() ? nullptr : &r;
}

std::int64_t Session::total_minor(TenderKind kind) const {
  std::int64_t sum = 0;
  for (const Receipt& r : receipts)
    if (!r.voided()) sum += r.tendered_minor(kind);
  return sum;
}

std::int64_t Session::moved_minor(MoveKind kind) const {
  std::int64_t sum = 0;
  for (const CashMove& m : moves)
    if (m.kind == kind) sum += m.amount_minor;
  return sum;
}

std::int64_t Session::voided_minor() const {
  std::int64_t sum = 0;
  for (const Receipt& r : receipts)
    if (r.voided()) sum += r.amount_minor;
  return sum;
}

std::int64_t Session::expected_cash_minor() const {
  return float_minor + total_minor(TenderKind::cash) + moved_minor(MoveKind::paid_in) -
         moved_minor(MoveKind::paid_out) + moved_minor(MoveKind::transfer_in) -
         moved_minor(MoveKind::transfer_out);
}

std::vector<events::CounterItem> Session::expected_items() const {
  std::vector<events::CounterItem> items;
  for (const Receipt& r : receipts) {
    if (r.voided()) continue;
    for (const Tender& t : r.tenders) {
      if (t.kind != TenderKind::check && t.kind != TenderKind::money_order) continue;
      events::CounterItem item;
      item.set_method(t.method.method());
      item.set_number(t.method.check_number());
      item.mutable_amount()->set_minor(t.applied_minor);
      item.mutable_amount()->set_currency(std::string(currency.code()));
      item.set_routing_number(t.method.routing_number());
      item.set_account_last4(t.method.account_last4());
      item.set_account_hash(t.method.account_hash());
      item.set_receipt_number(r.number);
      items.push_back(std::move(item));
    }
  }
  return items;
}

Result<Session> fold_session(std::span<const events::Envelope> events) {
  Folder folder;
  for (const events::Envelope& e : events) TALLY_TRY_STATUS(folder.add(e));
  return folder.take();
}

}  // namespace tally::counter
