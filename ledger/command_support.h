// What the ledger's commands (suspense_apply.h, adjustments.h, policy_command.h) share: the
// checks of who asks and of free text, the envelope of a command's event, and appending it.
// Internal to the ledger.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/business_date.h"
#include "core/events/actor.h"
#include "core/events/codec.h"
#include "core/ids.h"
#include "core/log/event_log.h"
#include "core/result.h"

namespace tally::ledger::detail {

// events::check_actor, its error as the ledger's invalid_argument (one code for the API to map
// whatever the command's module).
Status check_command_actor(const events::Actor& actor);

// Text a person typed (a reason, a name): 1..max bytes (0..max when not required), no control
// character. The message names the field.
Status check_text(std::string_view value, std::string_view field, std::size_t max_bytes,
                  bool required = true);

// Appends the envelopes in one call; an acknowledgement per envelope, in order.
Result<std::vector<log::Appended>> append_events(log::EventLog& log,
                                                 std::span<const events::Envelope> events);
Result<log::Appended> append_event(log::EventLog& log, const events::Envelope& event);

}  // namespace tally::ledger::detail
