// Event codec: the bytes of an Envelope on the log, and the checks every reader makes.
#pragma once

#include <string>
#include <string_view>

#include "core/events/events.pb.h"
#include "core/ids.h"
#include "core/result.h"

namespace tally::events {

using namespace ::tally::events::v1;  // NOLINT: the schema's messages are this module's vocabulary

// The schema version this build writes. Readers accept 1..kSchemaVersion.
inline constexpr std::uint32_t kSchemaVersion = 1;

// Serialized protobuf Envelope. Asserts the envelope is well-formed (id, type, payload):
// writing a malformed event is a bug, not an input error.
std::string encode(const Envelope& envelope);

// Decodes and validates: protobuf parses, schema version known, 16-byte id, a payload of the
// declared type. Failures are bad_event or unknown_schema with a reason.
Result<Envelope> decode(std::string_view bytes);

// Checks an envelope before it is written (the same rules decode applies after reading).
Status validate(const Envelope& envelope);

EventId event_id_of(const Envelope& envelope);
EventType type_of_payload(const Envelope& envelope);
std::string_view type_name(EventType type);

}  // namespace tally::events
