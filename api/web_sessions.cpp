#include "api/web_sessions.h"

#include <openssl/rand.h>
#include <spdlog/spdlog.h>

#include <boost/json.hpp>

#include <algorithm>
#include <array>

#include "api/errors.h"
#include "core/sha256.h"

namespace tally::api {
namespace {

constexpr std::string_view kSessionPrefix = "w/";
constexpr std::size_t kSecretBytes = 32;  // 256 bits
constexpr std::size_t kSecretHexDigits = 2 * kSecretBytes;
constexpr std::size_t kLabelHexDigits = 8;
constexpr std::int64_t kIdleUs = kWebIdleMinutes * 60 * 1'000'000;
constexpr std::int64_t kMaxAgeUs = kWebMaxSessionHours * 3600 * 1'000'000;

std::optional<std::string> random_secret() {
  std::array<unsigned char, kSecretBytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) return std::nullopt;
  return to_hex(bytes.data(), bytes.size());
}

// Only what we hand out is looked up: 64 lower-case hex digits.
bool well_formed(std::string_view id) {
  return id.size() == kSecretHexDigits && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

std::string key_of_id(std::string_view id) {
  return to_hex(sha256(id));
}
std::string label_of_key(std::string_view key) {
  return "web:" + std::string(key.substr(0, kLabelHexDigits));
}

}  // namespace

Result<std::unique_ptr<WebSessions>> WebSessions::open(AccessStore& store, const Users& users,
                                                       WallClockUs now_us) {
  std::unique_ptr<WebSessions> sessions(new WebSessions(store, users, std::move(now_us)));
  // Twice the cap: a store left over a cap (a crash mid-eviction) still loads, then shrinks.
  TALLY_TRY(auto kept, store.scan(kSessionPrefix, 2 * kMaxWebSessions));
  const std::int64_t now = sessions->now_us_();
  std::vector<std::string> dropped;
  for (const auto& [full_key, value] : kept) {
    const std::string key = full_key.substr(kSessionPrefix.size());
    boost::system::error_code ec;
    const boost::json::value parsed = boost::json::parse(value, ec);
    if (ec || !parsed.is_object()) {  // a session that does not decode is signed out
      dropped.push_back(key);
      continue;
    }
    Live s;
    try {
      const boost::json::object& o = parsed.as_object();
      s.user = std::string(o.at("user").as_string());
      s.token_id = std::string(o.at("token_id").as_string());
      s.csrf_token = std::string(o.at("csrf").as_string());
      s.created_us = o.at("created_us").as_int64();
      s.last_seen_us = s.kept_last_seen_us = o.at("last_seen_us").as_int64();
    } catch (const std::exception&) {  // a missing or mistyped field (boost::json throws)
      dropped.push_back(key);
      continue;
    }
    const std::optional<Identity> holder = users.identity_of_credential(s.user, s.token_id);
    if (sessions->expired(s, now) || !holder) {
      dropped.push_back(key);
      continue;
    }
    sessions->live_.emplace(key, std::move(s));
  }
  {
    std::lock_guard lock(sessions->mu_);
    for (std::string& key : sessions->evict_locked(now)) dropped.push_back(std::move(key));
  }
  sessions->forget(dropped);
  return sessions;
}

bool WebSessions::expired(const Live& session, std::int64_t now_us) const {
  return now_us - session.last_seen_us > kIdleUs || now_us - session.created_us > kMaxAgeUs;
}

std::vector<std::string> WebSessions::evict_locked(std::int64_t now_us) {
  std::vector<std::string> gone;
  for (auto it = live_.begin(); it != live_.end();) {
    if (expired(it->second, now_us)) {
      gone.push_back(it->first);
      it = live_.erase(it);
    } else {
      ++it;
    }
  }
  // Still full of live sessions (only holders of valid tokens make them): the stalest go.
  while (live_.size() >= kMaxWebSessions) {
    const auto stalest = std::min_element(
        live_.begin(), live_.end(),
        [](const auto& a, const auto& b) { return a.second.last_seen_us < b.second.last_seen_us; });
    gone.push_back(stalest->first);
    live_.erase(stalest);
  }
  return gone;
}

void WebSessions::forget(const std::vector<std::string>& keys) {
  if (keys.empty()) return;
  std::lock_guard writing(store_mu_);
  for (const std::string& key : keys)
    // Memory no longer has it, so it cannot be used; a failed erase only leaves a record that
    // the next start drops as expired.
    if (auto erased = store_.erase(std::string(kSessionPrefix) + key); !erased)
      spdlog::warn("web session {}: {}", label_of_key(key), erased.error().describe());
}

Status WebSessions::keep(const std::string& key) {
  std::lock_guard writing(store_mu_);
  std::string value;
  {
    std::lock_guard lock(mu_);
    const auto it = live_.find(key);
    if (it == live_.end()) return ok_status();  // ended meanwhile: never write it back
    it->second.kept_last_seen_us = it->second.last_seen_us;
    const Live& s = it->second;
    value = boost::json::serialize(boost::json::object{{"user", s.user},
                                                       {"token_id", s.token_id},
                                                       {"csrf", s.csrf_token},
                                                       {"created_us", s.created_us},
                                                       {"last_seen_us", s.last_seen_us}});
  }
  return store_.put(std::string(kSessionPrefix) + key, value);
}

Result<std::optional<SignedIn>> WebSessions::sign_in(std::string_view token) {
  const std::optional<Identity> holder = users_.authenticate(token);
  if (!holder) return std::optional<SignedIn>();
  return open_session(*holder, "token");
}

Result<std::optional<SignedIn>> WebSessions::sign_in_password(std::string_view name,
                                                              std::string_view password) {
  const std::optional<Identity> holder = users_.authenticate_password(name, password);
  if (!holder) return std::optional<SignedIn>();
  return open_session(*holder, "password");
}

Result<std::optional<SignedIn>> WebSessions::open_session(const Identity& holder,
                                                          std::string_view how) {
  const std::optional<std::string> id = random_secret();
  const std::optional<std::string> csrf = random_secret();
  if (!id || !csrf)
    return api_error(ApiErrc::storage, "no random bytes for a web session (RAND_bytes)");
  const std::string key = key_of_id(*id);
  std::vector<std::string> evicted;
  {
    std::lock_guard lock(mu_);
    const std::int64_t now = now_us_();
    evicted = evict_locked(now);
    live_[key] = Live{holder.user, holder.token_id, *csrf, now, now, now};
  }
  forget(evicted);
  if (Status kept = keep(key); !kept) {
    std::lock_guard lock(mu_);
    live_.erase(key);
    return kept.error();
  }
  spdlog::info("web: {} signed in with {} {} as session {}", holder.user, how, holder.token_id,
               label_of_key(key));
  return std::optional<SignedIn>(
      SignedIn{*id, *csrf, Identity{holder.user, label_of_key(key), holder.roles}});
}

Status WebSessions::sign_out(std::string_view session_id) {
  if (!well_formed(session_id)) return ok_status();
  const std::string key = key_of_id(session_id);
  {
    std::lock_guard lock(mu_);
    if (live_.erase(key) == 0) return ok_status();
  }
  std::lock_guard writing(store_mu_);
  return store_.erase(std::string(kSessionPrefix) + key);
}

std::optional<SessionIdentity> WebSessions::authenticate_session(std::string_view session_id) {
  if (!well_formed(session_id)) return std::nullopt;
  const std::string key = key_of_id(session_id);
  std::optional<SessionIdentity> found;
  bool write_last_seen = false;
  {
    std::lock_guard lock(mu_);
    const auto it = live_.find(key);
    if (it == live_.end()) return std::nullopt;
    Live& s = it->second;
    const std::int64_t now = now_us_();
    // Asked on every request, so disabling a user, rotating their token or setting their
    // password again ends the sessions of the old credential at once.
    const std::optional<Identity> holder = users_.identity_of_credential(s.user, s.token_id);
    if (!expired(s, now) && holder) {
      s.last_seen_us = std::max(s.last_seen_us, now);
      write_last_seen = s.last_seen_us - s.kept_last_seen_us >= kLastSeenWriteEveryUs;
      found = SessionIdentity{Identity{s.user, label_of_key(key), holder->roles}, s.csrf_token};
    } else {
      live_.erase(it);
    }
  }
  if (!found) {
    forget({key});
    return std::nullopt;
  }
  if (write_last_seen)
    // Use counts in memory either way; a failed write only makes a restart end it sooner.
    if (Status kept = keep(key); !kept)
      spdlog::warn("web session {}: {}", label_of_key(key), kept.error().describe());
  return found;
}

void WebSessions::set_clock(WallClockUs now_us) {
  std::lock_guard lock(mu_);
  now_us_ = std::move(now_us);
}

std::size_t WebSessions::live_sessions() const {
  std::lock_guard lock(mu_);
  return live_.size();
}

}  // namespace tally::api
