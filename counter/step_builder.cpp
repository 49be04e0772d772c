#include "counter/step_builder.h"

#include <fmt/format.h>

#include "counter/errors.h"
#include "counter/steps.h"

namespace tally::counter::detail {

StepBuilder::StepBuilder(std::string session, std::int32_t step, BusinessDate date, events::Actor actor)
    : session_(std::move(session)), step_(step), date_(date), actor_(std::move(actor)) {
  actor_.idempotency_key = events::command_key(actor_);
}

events::Envelope& StepBuilder::add(events::EventType type, std::string partition_key,
                                   std::optional<EventId> id) {
  const std::string part = std::to_string(events_.size());
  const EventId event_id =
      id.value_or(EventId::from_business_key("counter", {session_, std::to_string(step_), part}));
  events_.push_back(events::command_envelope(event_id, type, std::move(partition_key), date_, actor_));
  return events_.back();
}

Status StepBuilder::publish(log::EventLog& log, std::int32_t receipt_number, std::string_view language) {
  std::vector<std::string> values;
  values.reserve(events_.size());
  for (std::size_t i = 0; i < events_.size(); ++i) {
    events::CounterStep* s = mutable_counter_step(events_[i]);
    if (s == nullptr)
      return counter_error(CounterErrc::invalid_argument, "a counter step without a counter payload");
    s->set_session_id(session_);
    s->set_step(step_);
    s->set_part(static_cast<std::int32_t>(i));
    s->set_parts(static_cast<std::int32_t>(events_.size()));
    s->set_receipt_number(receipt_number);
    s->set_language(std::string(language));
    values.push_back(events::encode(events_[i]));
  }
  std::vector<log::AppendEntry> entries;
  entries.reserve(events_.size());
  for (std::size_t i = 0; i < events_.size(); ++i)
    entries.push_back(log::AppendEntry{events_[i].partition_key(), values[i]});
  auto appended = log.append(entries);
  if (!appended) return counter_error(CounterErrc::log, "appending to the event log: " + appended.error().describe());
  if (appended->size() != entries.size())
    return counter_error(CounterErrc::log, fmt::format("the log acknowledged {} of {} events",
                                                       appended->size(), entries.size()));
  return ok_status();
}

void set_amount(events::Amount& out, std::int64_t minor, const Currency& currency) {
  out.set_minor(minor);
  out.set_currency(std::string(currency.code()));
}

Status check_who(const events::Actor& actor) {
  if (Status checked = events::check_actor(actor); !checked)
    return counter_error(CounterErrc::invalid_argument, checked.error().message);
  return ok_status();
}

}  // namespace tally::counter::detail
