// Actor: who asks for a command, carried from the CLI or an HTTP request into the command's
// event (Source), so every change names the person, the token, the request and the client.
// The idempotency key makes a retried command the same event (events::command_id).
#pragma once

#include <string>

#include "core/business_date.h"
#include "core/events/codec.h"
#include "core/result.h"

namespace tally::events {

// Every field has a default, so a caller names only what it knows: {.user = "ada"}.
struct Actor {
  std::string user{};             // the person: a Tally user, or as the CLI's --by names them
  std::string idempotency_key{};  // empty: a fresh key (the command is not a retry)
  std::string token_id{};         // the bearer token's public id; empty on the CLI
  std::string request_id{};       // the HTTP request id; empty on the CLI
  std::string client_address{};   // "127.0.0.1:51234", "local" for the data folder's socket
};

// A user is 1..kMaxIdBytes bytes without control characters. The message names the field.
Status check_actor(const Actor& actor);

// Writes who asked into an event's source.
void stamp(const Actor& actor, Source& source);

// The key a command's event id comes from: the idempotency key, or a fresh random one.
std::string command_key(const Actor& actor);

// A command's envelope without its payload: id from events::command_id over what it does, who
// asks and the key (so a retried command is the same event), today's business date, now,
// the source stamped with the actor and the key used. The caller sets the payload.
Envelope command_envelope(EventType type, const Actor& actor, std::string_view what,
                          std::string partition_key);

// The same with the id and business date given: for a command whose id comes from what it
// acts on (a payment, a request) rather than from the key alone.
Envelope command_envelope(const EventId& id, EventType type, std::string partition_key,
                          BusinessDate business_date, const Actor& actor);

}  // namespace tally::events
