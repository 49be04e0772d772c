// Which events are the counter's: those whose payload carries a CounterStep (events.proto),
// and where each sits in its drawer session.
#pragma once

#include "core/events/codec.h"

namespace tally::counter {

// The event's CounterStep, or null when the event is not a counter step (a payment from a
// file, a deposit of a lockbox, ...). Points into `e`.
const events::CounterStep* counter_step(const events::Envelope& e);
events::CounterStep* mutable_counter_step(events::Envelope& e);

}  // namespace tally::counter
