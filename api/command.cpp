#include "api/command.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/accounts.h"
#include "core/money.h"
#include "core/printable.h"
#include "core/utf8.h"

namespace tally::api {
namespace {

constexpr std::string_view kKeyHeader = "Idempotency-Key";

bool printable_key(std::string_view key) {
  return !key.empty() && key.size() <= kMaxIdBytes &&
         std::all_of(key.begin(), key.end(), [](char c) { return static_cast<unsigned char>(c) > 0x20 && c != 0x7f; });
}

Sha256Digest fingerprint(const Request& request) {
  std::string material(request.method_string());
  material.push_back(' ');
  material.append(request.target().data(), request.target().size());
  material.push_back('\n');
  material += request.body();
  return sha256(material);
}

Response from_answer(const Request& request, const Answer& answer) {
  Response response(static_cast<http::status>(answer.status), request.version());
  response.set(http::field::content_type, answer.content_type);
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  response.body() = answer.body;
  response.prepare_payload();
  return response;
}

}  // namespace

Handler command(Idempotency& idempotency, CommandBody body, std::function<std::string(const std::string&)> keep) {
  return [&idempotency, body = std::move(body), keep = std::move(keep)](const Request& request,
                                                                       const RouteParams& params) {
    const auto header = request.find(kKeyHeader);
    if (header == request.end())
      return error_response(request, http::status::bad_request, "idempotency_key_required",
                            "every command needs an Idempotency-Key header (any unique text)");
    const std::string key(header->value());
    if (!printable_key(key))
      return error_response(request, http::status::bad_request, "bad_idempotency_key",
                            fmt::format("the Idempotency-Key is 1..{} printable bytes without spaces", kMaxIdBytes));
    Response ran;
    auto outcome = idempotency.run(params.caller.user, key, fingerprint(request), [&] {
      ran = body(request, params, params.caller.actor(key));
      return Answer{ran.result_int(), std::string(ran[http::field::content_type]), ran.body()};
    }, keep);
    if (!outcome) return error_response(request, outcome.error());
    switch (outcome->first) {
      case Replay::ran:
        return ran;
      case Replay::conflict:
        return error_response(request, http::status::conflict, "idempotency_key_reused",
                              "this Idempotency-Key was used for another request");
      case Replay::replayed: {
        Response again = from_answer(request, outcome->second);
        again.set("Idempotent-Replayed", "true");
        return again;
      }
    }
    return error_response(request, http::status::internal_server_error, "internal", "internal error");
  };
}

Response bad_field(const Request& request, std::string_view field, std::string_view reason) {
  return json_response(request, http::status::bad_request,
                       {{"error", {{"code", "bad_field"}, {"field", field}, {"message", reason}}}});
}

Fields::Fields(const Request& request) {
  if (request.body().empty()) return;
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(request.body(), ec);
  if (ec || !v.is_object()) {
    fail("body", "the body is not a JSON object");
    return;
  }
  object_ = std::move(v.as_object());
}

void Fields::fail(std::string_view field, std::string reason) {
  if (failed_field_) return;
  failed_field_ = std::string(field);
  failed_reason_ = std::move(reason);
}

Response Fields::error(const Request& request) const {
  return bad_field(request, failed_field_.value_or(""), failed_reason_);
}

const boost::json::value* Fields::find(std::string_view name, bool required) {
  const boost::json::value* v = object_.if_contains(name);
  if ((v == nullptr || v->is_null()) && required) fail(name, fmt::format("{} is required", name));
  return v == nullptr || v->is_null() ? nullptr : v;
}

std::optional<std::string> Fields::text(std::string_view name, std::size_t max_bytes, bool required) {
  const boost::json::value* v = find(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) return fail(name, fmt::format("{} must be text", name)), std::nullopt;
  std::string s(v->as_string());
  if (required && s.empty()) return fail(name, fmt::format("{} must not be empty", name)), std::nullopt;
  if (s.size() > max_bytes) return fail(name, fmt::format("{} is longer than {} bytes", name, max_bytes)), std::nullopt;
  if (printable(s) != s || !is_valid_utf8(s))
    return fail(name, fmt::format("{} holds a control character or bytes that are not UTF-8", name)), std::nullopt;
  return s;
}

std::optional<std::int64_t> Fields::integer(std::string_view name, std::int64_t min, std::int64_t max, bool required) {
  const boost::json::value* v = find(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_int64() || v->as_int64() < min || v->as_int64() > max)
    return fail(name, fmt::format("{} must be a whole number {}..{}", name, min, max)), std::nullopt;
  return v->as_int64();
}

bool Fields::flag(std::string_view name) {
  const boost::json::value* v = find(name, false);
  if (v == nullptr) return false;
  if (!v->is_bool()) return fail(name, fmt::format("{} must be true or false", name)), false;
  return v->as_bool();
}

std::optional<std::int64_t> Fields::amount_minor(std::string_view name, const Currency& currency, bool required) {
  const boost::json::value* v = find(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string())
    return fail(name, fmt::format("{} must be a decimal amount in quotes, such as \"12.34\"", name)), std::nullopt;
  auto money = Money::parse(std::string_view(v->as_string()), currency);
  if (!money) return fail(name, fmt::format("{}: {}", name, money.error().message)), std::nullopt;
  return money->minor();
}

std::optional<std::vector<std::string>> Fields::texts(std::string_view name, std::size_t max_items,
                                                      std::size_t max_bytes, bool required) {
  const boost::json::value* v = find(name, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_array() || v->as_array().size() > max_items)
    return fail(name, fmt::format("{} must be a list of at most {} texts", name, max_items)), std::nullopt;
  std::vector<std::string> out;
  for (const auto& item : v->as_array()) {
    if (!item.is_string() || item.as_string().size() > max_bytes)
      return fail(name, fmt::format("{} must hold texts of at most {} bytes", name, max_bytes)), std::nullopt;
    out.emplace_back(item.as_string());
  }
  return out;
}

}  // namespace tally::api
