#include "core/events/actor.h"

#include <openssl/rand.h>

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "core/accounts.h"
#include "core/business_date.h"
#include "core/clock.h"
#include "core/events/event_ids.h"
#include "core/errors.h"
#include "core/ids.h"
#include "core/sha256.h"

namespace tally::events {

Status check_actor(const Actor& actor) {
  if (actor.user.empty())
    return core_error(CoreErrc::invalid_argument, "user: every command names who asks");
  if (actor.user.size() > kMaxIdBytes)
    return core_error(CoreErrc::invalid_argument,
                      fmt::format("user: longer than {} bytes", kMaxIdBytes));
  const auto control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; };
  if (std::any_of(actor.user.begin(), actor.user.end(), control))
    return core_error(CoreErrc::invalid_argument, "user: contains a control character");
  if (actor.idempotency_key.size() > kMaxIdBytes ||
      std::any_of(actor.idempotency_key.begin(), actor.idempotency_key.end(), control))
    return core_error(CoreErrc::invalid_argument,
                      fmt::format("idempotency key: 1..{} printable bytes", kMaxIdBytes));
  return ok_status();
}

void stamp(const Actor& actor, Source& source) {
  source.set_user(actor.user);
  source.set_token_id(actor.token_id);
  source.set_request_id(actor.request_id);
  source.set_client_address(actor.client_address);
  source.set_idempotency_key(actor.idempotency_key);
}

std::string command_key(const Actor& actor) {
  if (!actor.idempotency_key.empty()) return actor.idempotency_key;
  std::array<unsigned char, 16> bytes{};
  RAND_bytes(bytes.data(), static_cast<int>(bytes.size()));
  return to_hex(bytes.data(), bytes.size());
}

Envelope command_envelope(const EventId& id, EventType type, std::string partition_key,
                          BusinessDate business_date, const Actor& actor) {
  Envelope e;
  e.set_id(std::string(id.as_string_view()));
  e.set_type(type);
  e.set_schema_version(kSchemaVersion);
  e.set_business_date(business_date.days());
  e.set_recorded_at_us(now_us());
  e.set_partition_key(std::move(partition_key));
  stamp(actor, *e.mutable_source());
  return e;
}

Envelope command_envelope(EventType type, const Actor& actor, std::string_view what,
                          std::string partition_key) {
  const std::string key = command_key(actor);
  Envelope e = command_envelope(command_id(fmt::format("{}:{}:{}", what, actor.user, key)), type,
                                std::move(partition_key), BusinessDate::today_utc(), actor);
  e.mutable_source()->set_idempotency_key(key);
  return e;
}

}  // namespace tally::events
