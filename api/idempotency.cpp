#include "api/idempotency.h"

#include <boost/json.hpp>

#include "api/errors.h"

namespace tally::api {
namespace {

constexpr std::string_view kPrefix = "idem/";
constexpr unsigned kFirstServerError = 500;

std::string store_key(std::string_view user, std::string_view key) {
  std::string out(kPrefix);
  out += user;
  out.push_back('\0');  // user names never hold a NUL (users.cpp), so no two pairs collide
  out += key;
  return out;
}

}  // namespace

Result<std::pair<Replay, Answer>> Idempotency::run(
    std::string_view user, std::string_view key, const Sha256Digest& fingerprint,
    const std::function<Answer()>& command, const std::function<std::string(const std::string&)>& keep) {
  const std::string k = store_key(user, key);
  std::lock_guard lock(stripes_[std::hash<std::string>{}(k) % kStripes]);
  TALLY_TRY(auto kept, store_.get(k));
  if (kept) {
    boost::system::error_code ec;
    const boost::json::value v = boost::json::parse(*kept, ec);
    if (ec || !v.is_object()) return api_error(ApiErrc::corrupt, "a kept answer does not decode");
    const boost::json::object& o = v.as_object();
    const auto* fp = o.if_contains("fingerprint");
    const auto* status = o.if_contains("status");
    const auto* type = o.if_contains("content_type");
    const auto* body = o.if_contains("body");
    if (!fp || !fp->is_string() || !status || !status->is_int64() || !type || !type->is_string() || !body ||
        !body->is_string())
      return api_error(ApiErrc::corrupt, "a kept answer does not decode");
    if (fp->as_string() != to_hex(fingerprint)) return std::pair{Replay::conflict, Answer{}};
    return std::pair{Replay::replayed, Answer{static_cast<unsigned>(status->as_int64()),
                                              std::string(type->as_string()), std::string(body->as_string())}};
  }
  Answer answer = command();
  if (answer.status < kFirstServerError) {
    const std::string body = keep ? keep(answer.body) : answer.body;
    TALLY_TRY_STATUS(store_.put(k, boost::json::serialize(boost::json::object{
                                       {"fingerprint", to_hex(fingerprint)},
                                       {"status", answer.status},
                                       {"content_type", answer.content_type},
                                       {"body", body}})));
  }
  return std::pair{Replay::ran, std::move(answer)};
}

}  // namespace tally::api
