// Commands over HTTP: the wrapper every state-changing route goes through, and the reader of
// their JSON bodies.
//
// command() requires an Idempotency-Key header (1..100 printable bytes), runs the body once per
// (user, key) through Idempotency, answers a repeat with the first answer (header
// Idempotent-Replayed: true) and the same key with another request with 409
// idempotency_key_reused. The body gets the caller as an events::Actor carrying the key, so the
// command's event names the user, token, request and client.
#pragma once

#include <boost/json.hpp>

#include <functional>
#include <optional>
#include <string>

#include "api/idempotency.h"
#include "api/router.h"
#include "core/currency.h"

namespace tally::api {

using CommandBody = std::function<Response(const Request&, const RouteParams&, const events::Actor&)>;

// `keep` rewrites an answer before it is kept (see Idempotency::run).
Handler command(Idempotency& idempotency, CommandBody body,
                std::function<std::string(const std::string&)> keep = {});

// 400 {"error": {"code": "bad_field", "field": ..., "message": ...}}.
Response bad_field(const Request& request, std::string_view field, std::string_view reason);

// Reads fields of a JSON object body; the first problem is kept and answered as bad_field.
class Fields {
 public:
  // A body that is empty reads as {}; one that is not a JSON object is a bad_field "body".
  explicit Fields(const Request& request);

  std::optional<std::string> text(std::string_view name, std::size_t max_bytes, bool required);
  std::optional<std::int64_t> integer(std::string_view name, std::int64_t min, std::int64_t max, bool required);
  bool flag(std::string_view name);  // absent is false
  // An amount as a decimal string ("12.34", "-5.00") in the currency: exact, never a double.
  std::optional<std::int64_t> amount_minor(std::string_view name, const Currency& currency, bool required);
  std::optional<std::vector<std::string>> texts(std::string_view name, std::size_t max_items,
                                                std::size_t max_bytes, bool required);

  bool failed() const { return failed_field_.has_value(); }
  Response error(const Request& request) const;

 private:
  const boost::json::value* find(std::string_view name, bool required);
  void fail(std::string_view field, std::string reason);

  boost::json::object object_;
  std::optional<std::string> failed_field_;
  std::string failed_reason_;
};

}  // namespace tally::api
