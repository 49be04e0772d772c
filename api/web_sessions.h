// WebSessions: people signed in from a browser. A person signs in with their API token, or with
// their name and password (users.h); the browser then holds only a session id in an HttpOnly
// cookie (router.h: kSessionCookie), so page scripts never see the token or the password.
//
// A session id and its CSRF token are each 32 random bytes (OpenSSL RAND_bytes) as 64 hex
// digits. Only the SHA-256 of the id is kept, in the AccessStore (access_store.h):
//   "w/" hex(sha256(id)) -> {"user", "token_id", "csrf", "created_us", "last_seen_us"}
// token_id is the credential the session was opened with: the user's token id, or for a
// password "pw:" and the password's version (password_hash.h). Once the token is rotated, the
// password set again or the user disabled (Users::identity_of_credential answers nothing) the
// session stops working at the next request. Setting a password leaves token sessions alone,
// and rotating a token leaves password sessions alone: each ends with its own credential. A session unused for kWebIdleMinutes, or older than kWebMaxSessionHours, is
// gone. Sessions outlive a restart; the kept last_seen_us lags use by at most
// kLastSeenWriteEveryUs (use is counted in memory), so a restart only ever shortens one.
//
// Threads: any. One mutex guards the sessions in memory (held for a lookup, never for a write
// to disk); store writes are serialised apart, and a session ended is never written back.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/access_store.h"
#include "api/router.h"
#include "api/users.h"
#include "core/clock.h"
#include "core/result.h"

namespace tally::api {

inline constexpr std::int64_t kWebIdleMinutes = 15;
inline constexpr std::int64_t kWebMaxSessionHours = 12;  // a working day, used or not
inline constexpr std::size_t kMaxWebSessions = 10'000;   // past it the least recently used goes
inline constexpr std::int64_t kLastSeenWriteEveryUs = 60'000'000;

// Wall-clock microseconds (core/clock.h); tests pass their own to move time.
using WallClockUs = std::function<std::int64_t()>;

struct SignedIn {
  std::string session_id;  // the cookie's value; shown to the browser once, never kept
  std::string csrf_token;
  Identity identity;  // token_id is the session's label, "web:<8 hex of its hash>"
};

class WebSessions final : public SessionAuthenticator {
 public:
  // Loads the sessions kept in the store and drops those expired or of a token no longer valid.
  static Result<std::unique_ptr<WebSessions>> open(AccessStore& store, const Users& users,
                                                   WallClockUs now_us = tally::now_us);

  // A new session for the holder of this token; nullopt when it is not an enabled user's
  // current token. Errors: storage.
  Result<std::optional<SignedIn>> sign_in(std::string_view token);
  // The same for a name and password (slow: Users::authenticate_password); nullopt for a wrong
  // name or password, a user without one, or a disabled user, all alike.
  Result<std::optional<SignedIn>> sign_in_password(std::string_view name, std::string_view password);
  // Ends a session; an unknown id is not an error (signing out twice is fine).
  Status sign_out(std::string_view session_id);

  std::optional<SessionIdentity> authenticate_session(std::string_view session_id) override;

  // For tests: the clock the idle timeout reads.
  void set_clock(WallClockUs now_us);
  std::size_t live_sessions() const;

 private:
  struct Live {
    std::string user;
    std::string token_id;  // the credential it was opened with: a token id or "pw:<version>"
    std::string csrf_token;
    std::int64_t created_us = 0;
    std::int64_t last_seen_us = 0;
    std::int64_t kept_last_seen_us = 0;  // as the store has it
  };
  WebSessions(AccessStore& store, const Users& users, WallClockUs now_us)
      : store_(store), users_(users), now_us_(std::move(now_us)) {}
  bool expired(const Live& session, std::int64_t now_us) const;
  // A new session for an identity just proven (its token_id the credential); `how` is logged.
  Result<std::optional<SignedIn>> open_session(const Identity& holder, std::string_view how);
  // Writes the session as memory has it now, unless it has ended meanwhile.
  Status keep(const std::string& key);
  // Removes sessions from memory (already done by the caller) and from the store.
  void forget(const std::vector<std::string>& keys);
  // Under mu_: the keys of expired sessions, and of the least recently used past the cap.
  std::vector<std::string> evict_locked(std::int64_t now_us);

  AccessStore& store_;
  const Users& users_;
  mutable std::mutex mu_;
  WallClockUs now_us_;                          // guarded by mu_
  std::unordered_map<std::string, Live> live_;  // hex(sha256(id)) -> session; guarded by mu_
  std::mutex store_mu_;                         // serialises this class's store writes
};

}  // namespace tally::api
