// Internal to the counter: what its commands share. The events of one command (a step of a drawer session), each with
// its CounterStep, the actor's stamp and the same idempotency key, appended in one call.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/business_date.h"
#include "core/currency.h"
#include "core/events/actor.h"
#include "core/events/codec.h"
#include "core/ids.h"
#include "core/log/event_log.h"
#include "core/result.h"

namespace tally::counter::detail {

class StepBuilder {
 public:
  // `actor` with its idempotency key filled in (events::command_key) so every event of the
  // step carries the same one.
  StepBuilder(std::string session, std::int32_t step, BusinessDate date, events::Actor actor);

  // A new event of the step: id from (session, step, part), or `id` when given (payments:
  // session + receipt number), stamped; its CounterStep is set by publish(). The reference is
  // valid until the next add().
  events::Envelope& add(events::EventType type, std::string partition_key,
                        std::optional<EventId> id = std::nullopt);
  // Sets every event's CounterStep (session, step, part, parts, receipt, language) and
  // appends them to the log in one call.
  Status publish(log::EventLog& log, std::int32_t receipt_number = 0, std::string_view language = {});

  std::int32_t step() const { return step_; }
  const std::string& session() const { return session_; }
  BusinessDate date() const { return date_; }
  const events::Actor& actor() const { return actor_; }
  const std::vector<events::Envelope>& events() const { return events_; }

 private:
  std::string session_;
  std::int32_t step_;
  BusinessDate date_;
  events::Actor actor_;
  std::vector<events::Envelope> events_;
};

void set_amount(events::Amount& out, std::int64_t minor, const Currency& currency);
// events::check_actor, its error as the counter's invalid_argument.
Status check_who(const events::Actor& actor);

}  // namespace tally::counter::detail
