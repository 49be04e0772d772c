// Users: who may use the API, with which roles, their bearer tokens (tokens.h) and, for the web
// pages, their passwords (password_hash.h). Stored in the AccessStore with only each token's
// hash and each password's scrypt hash; every change is also a UserChanged event in the log
// (without the token or password) so the audit shows who added, rotated, disabled or set a
// password for whom. Authenticating a request reads an in-memory copy: a token id lookup and
// one SHA-256. Checking a password is slow on purpose (scrypt, about a tenth of a second).
//
// Threads: authenticate() from any thread, beside the changes; changes are serialised.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "api/access_store.h"
#include "api/roles.h"
#include "api/router.h"
#include "core/events/actor.h"
#include "core/log/event_log.h"
#include "core/sha256.h"

namespace tally::api {

struct UserView {
  std::string name;
  std::vector<Role> roles;
  bool disabled = false;
  std::string token_id;
  std::int64_t created_us = 0;
  std::int64_t changed_us = 0;
  std::string changed_by;
  bool has_password = false;  // never the password or its hash
};

struct IssuedUser {
  UserView user;
  std::string token;  // shown once; only its hash is kept
};

inline constexpr std::size_t kMaxUserNameBytes = 64;
inline constexpr std::size_t kMinPasswordChars = 12;
inline constexpr std::size_t kMaxPasswordBytes = 256;
// The credential id of an identity that typed a password: "pw:" and the password's version
// (password_hash.h), where a token's identity has the token id. Token ids never start so.
inline constexpr std::string_view kPasswordCredentialPrefix = "pw:";

class Users final : public Authenticator {
 public:
  static Result<std::unique_ptr<Users>> open(AccessStore& store, log::EventLog& log);

  // Errors (ApiErrc): invalid_argument for a name that is not 1..64 of a-z 0-9 . _ - (starting
  // with a letter or digit), for no roles; exists for a name in use (disabled users keep
  // theirs); not_found for rotate/disable of no such user; storage and log failures.
  Result<IssuedUser> add(std::string_view name, std::span<const Role> roles, const events::Actor& by);
  // A new token; the old one stops working at once. A disabled user stays disabled.
  Result<IssuedUser> rotate(std::string_view name, const events::Actor& by);
  Result<UserView> disable(std::string_view name, const events::Actor& by);
  // Sets (or replaces) the user's password: kMinPasswordChars.. characters of UTF-8 without
  // control characters, at most kMaxPasswordBytes (invalid_argument otherwise, naming the field
  // "password" and never quoting it). The token is untouched; a disabled user stays disabled.
  // Web sessions opened with the old password end (their credential id no longer matches).
  Result<UserView> set_password(std::string_view name, std::string_view password,
                                const events::Actor& by);
  Result<std::vector<UserView>> list() const;

  std::optional<Identity> authenticate(std::string_view token) const override;
  // The enabled user whose current token has this id; nullopt once the token is rotated or the
  // user disabled. A web session (web_sessions.h) asks on every request.
  std::optional<Identity> identity_of_token_id(std::string_view token_id) const;
  // The enabled user `name` when `password` is their current password; its token_id is the
  // password's credential id ("pw:<version>"). An unknown name, a user without a password and a
  // disabled user cost the same scrypt check as a real one (against a dummy hash), so the time
  // does not tell them apart. Slow: never call it under a lock others wait on.
  std::optional<Identity> authenticate_password(std::string_view name,
                                                std::string_view password) const;
  // The enabled user `user` while `credential_id` is still theirs: their current token's id,
  // or "pw:" and the version of their current password. A web session asks on every request.
  std::optional<Identity> identity_of_credential(std::string_view user,
                                                 std::string_view credential_id) const;

 private:
  struct Stored {
    UserView view;
    Sha256Digest token_hash{};
    std::string password_hash;  // password_hash.h's stored form; empty: no password
  };
  struct Active {
    std::string user;
    RoleBits roles = 0;
    Sha256Digest token_hash{};
  };
  Users(AccessStore& store, log::EventLog& log) : store_(store), log_(log) {}
  Result<std::optional<Stored>> load(std::string_view name) const;
  // Publishes the change, then stores the user and refreshes the copy authenticate() reads.
  Status save(const Stored& user, std::string_view change, const events::Actor& by,
              const std::string& old_token_id);

  AccessStore& store_;
  log::EventLog& log_;
  std::mutex change_mu_;
  mutable std::shared_mutex active_mu_;
  // Looked up by string_view on every request, without building a string.
  struct IdHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
  };
  std::unordered_map<std::string, Active, IdHash, std::equal_to<>> active_;  // token id -> enabled user
  struct WithPassword {
    RoleBits roles = 0;
    std::string password_hash;
    std::string version;  // password_version(password_hash)
  };
  // Enabled users that have a password, by name; guarded by active_mu_.
  std::unordered_map<std::string, WithPassword, IdHash, std::equal_to<>> passwords_;
  // Under active_mu_ (exclusive): the in-memory copies of one stored user.
  void refresh_locked(const Stored& user, const std::string& old_token_id);
};

}  // namespace tally::api
