#include "counter/steps.h"

namespace tally::counter {

const events::CounterStep* counter_step(const events::Envelope& e) {
  using events::Envelope;
  const events::CounterStep* step = nullptr;
  switch (e.payload_case()) {
    case Envelope::kPaymentReceived:
      if (e.payment_received().has_counter()) step = &e.payment_received().counter();
      break;
    case Envelope::kPaymentVoided:
      if (e.payment_voided().has_counter()) step = &e.payment_voided().counter();
      break;
    case Envelope::kDrawerOpened:
      if (e.drawer_opened().has_counter()) step = &e.drawer_opened().counter();
      break;
    case Envelope::kDrawerClosed:
      if (e.drawer_closed().has_counter()) step = &e.drawer_closed().counter();
      break;
    case Envelope::kDrawerCounted:
      if (e.drawer_counted().has_counter()) step = &e.drawer_counted().counter();
      break;
    case Envelope::kCounterRequested:
      if (e.counter_requested().has_counter()) step = &e.counter_requested().counter();
      break;
    case Envelope::kDrawerCashMoved:
      if (e.drawer_cash_moved().has_counter()) step = &e.drawer_cash_moved().counter();
      break;
    case Envelope::kDepositDeclared:
      if (e.deposit_declared().has_counter()) step = &e.deposit_declared().counter();
      break;
    default:
      break;
  }
  return step;
}

events::CounterStep* mutable_counter_step(events::Envelope& e) {
  using events::Envelope;
  switch (e.payload_case()) {
    case Envelope::kPaymentReceived: return e.mutable_payment_received()->mutable_counter();
    case Envelope::kPaymentVoided: return e.mutable_payment_voided()->mutable_counter();
    case Envelope::kDrawerOpened: return e.mutable_drawer_opened()->mutable_counter();
    case Envelope::kDrawerClosed: return e.mutable_drawer_closed()->mutable_counter();
    case Envelope::kDrawerCounted: return e.mutable_drawer_counted()->mutable_counter();
    case Envelope::kCounterRequested: return e.mutable_counter_requested()->mutable_counter();
    case Envelope::kDrawerCashMoved: return e.mutable_drawer_cash_moved()->mutable_counter();
    case Envelope::kDepositDeclared: return e.mutable_deposit_declared()->mutable_counter();
    default: return nullptr;
  }
}

}  // namespace tally::counter
