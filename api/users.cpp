#include "api/users.h"

#include <boost/json.hpp>
#include <fmt/format.h>

#include <algorithm>

#include "api/errors.h"
#include "api/password_hash.h"
#include "api/tokens.h"
#include "core/clock.h"
#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/printable.h"
#include "core/utf8.h"

namespace tally::api {
namespace {

constexpr std::string_view kUserPrefix = "user/";
constexpr std::size_t kMaxUsers = 100'000;

Status check_name(std::string_view name) {
  const auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
  };
  const bool starts_well = !name.empty() && ((name[0] >= 'a' && name[0] <= 'z') || (name[0] >= '0' && name[0] <= '9'));
  if (!starts_well || name.size() > kMaxUserNameBytes || !std::all_of(name.begin(), name.end(), allowed))
    return api_error(ApiErrc::invalid_argument,
                     fmt::format("name: '{}' is not 1..{} of a-z 0-9 . _ - starting with a letter or digit",
                                 printable(name), kMaxUserNameBytes));
  return ok_status();
}

// A password's rules. The message never quotes what was typed.
Status check_password(std::string_view password) {
  // Characters, not bytes: UTF-8 continuation bytes (10xxxxxx) do not start one.
  const auto chars = static_cast<std::size_t>(std::count_if(
      password.begin(), password.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  if (!is_valid_utf8(password) || printable(password) != password)
    return api_error(ApiErrc::invalid_argument, "password: holds a control character or bytes that are not UTF-8");
  if (chars < kMinPasswordChars)
    return api_error(ApiErrc::invalid_argument, fmt::format("password: at least {} characters", kMinPasswordChars));
  if (password.size() > kMaxPasswordBytes)
    return api_error(ApiErrc::invalid_argument, fmt::format("password: at most {} bytes", kMaxPasswordBytes));
  return ok_status();
}

// "password_scrypt" only when the user has one: users stored before passwords read the same.
std::string encode_user(const UserView& u, const Sha256Digest& hash, const std::string& password_hash) {
  boost::json::array roles;
  for (Role r : u.roles) roles.emplace_back(role_name(r));
  boost::json::object o{{"name", u.name},
                        {"roles", roles},
                        {"disabled", u.disabled},
                        {"token_id", u.token_id},
                        {"token_sha256", to_hex(hash)},
                        {"created_us", u.created_us},
                        {"changed_us", u.changed_us},
                        {"changed_by", u.changed_by}};
  if (!password_hash.empty()) o["password_scrypt"] = password_hash;
  return boost::json::serialize(o);
}

std::optional<Sha256Digest> digest_from_hex(std::string_view hex) {
  Sha256Digest out{};
  if (hex.size() != 2 * out.size()) return std::nullopt;
  for (std::size_t i = 0; i < out.size(); ++i) {
    unsigned v = 0;
    for (char c : hex.substr(2 * i, 2)) {
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else return std::nullopt;
    }
    out[i] = static_cast<std::uint8_t>(v);
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Users>> Users::open(AccessStore& store, log::EventLog& log) {
  std::unique_ptr<Users> users(new Users(store, log));
  TALLY_TRY(auto all, store.scan(kUserPrefix, kMaxUsers));
  for (const auto& [key, value] : all) {
    TALLY_TRY(auto stored, users->load(std::string_view(key).substr(kUserPrefix.size())));
    if (stored) users->refresh_locked(*stored, {});  // not shared yet: no lock needed
  }
  return users;
}

Result<std::optional<Users::Stored>> Users::load(std::string_view name) const {
  TALLY_TRY(auto value, store_.get(std::string(kUserPrefix) + std::string(name)));
  if (!value) return std::optional<Stored>();
  const auto corrupt = [&] { return api_error(ApiErrc::corrupt, fmt::format("user {} does not decode", name)); };
  boost::system::error_code ec;
  const boost::json::value parsed = boost::json::parse(*value, ec);
  if (ec || !parsed.is_object()) return corrupt();
  const boost::json::object& o = parsed.as_object();
  try {
    Stored s;
    s.view.name = std::string(o.at("name").as_string());
    for (const auto& r : o.at("roles").as_array())
      if (auto role = parse_role(std::string_view(r.as_string()))) s.view.roles.push_back(*role);
    s.view.disabled = o.at("disabled").as_bool();
    s.view.token_id = std::string(o.at("token_id").as_string());
    s.view.created_us = o.at("created_us").as_int64();
    s.view.changed_us = o.at("changed_us").as_int64();
    s.view.changed_by = std::string(o.at("changed_by").as_string());
    auto hash = digest_from_hex(std::string_view(o.at("token_sha256").as_string()));
    if (!hash) return corrupt();
    s.token_hash = *hash;
    if (const auto* password = o.if_contains("password_scrypt")) s.password_hash = std::string(password->as_string());
    s.view.has_password = !s.password_hash.empty();
    return std::optional<Stored>(std::move(s));
  } catch (const std::exception&) {  // a missing or mistyped field (boost::json throws)
    return corrupt();
  }
}

Status Users::save(const Stored& user, std::string_view change, const events::Actor& by,
                   const std::string& old_token_id) {
  events::Envelope e = events::command_envelope(events::USER_CHANGED, by, fmt::format("user-{}", change), "users");
  e.set_recorded_at_us(user.view.changed_us);
  auto* changed = e.mutable_user_changed();
  changed->set_name(user.view.name);
  for (Role r : user.view.roles) changed->add_roles(std::string(role_name(r)));
  changed->set_change(std::string(change));
  changed->set_token_id(user.view.token_id);
  const std::string bytes = events::encode(e);
  const log::AppendEntry entry{e.partition_key(), bytes};
  TALLY_TRY_STATUS(log_.append(std::span(&entry, 1)));
  TALLY_TRY_STATUS(store_.put(std::string(kUserPrefix) + user.view.name,
                              encode_user(user.view, user.token_hash, user.password_hash)));
  std::unique_lock lock(active_mu_);
  refresh_locked(user, old_token_id);
  return ok_status();
}

void Users::refresh_locked(const Stored& user, const std::string& old_token_id) {
  active_.erase(old_token_id);
  passwords_.erase(user.view.name);
  if (user.view.disabled) return;
  active_[user.view.token_id] = {user.view.name, role_bits(user.view.roles), user.token_hash};
  if (!user.password_hash.empty())
    passwords_[user.view.name] = {role_bits(user.view.roles), user.password_hash, password_version(user.password_hash)};
}

Result<IssuedUser> Users::add(std::string_view name, std::span<const Role> roles, const events::Actor& by) {
  TALLY_TRY_STATUS(events::check_actor(by));
  TALLY_TRY_STATUS(check_name(name));
  if (roles.empty()) return api_error(ApiErrc::invalid_argument, "roles: a user needs at least one role");
  std::lock_guard lock(change_mu_);
  TALLY_TRY(auto existing, load(name));
  if (existing) return api_error(ApiErrc::exists, fmt::format("name: a user '{}' exists already", name));
  IssuedToken token = issue_token();
  Stored user;
  user.view.name = std::string(name);
  user.view.roles.assign(roles.begin(), roles.end());
  std::sort(user.view.roles.begin(), user.view.roles.end());
  user.view.roles.erase(std::unique(user.view.roles.begin(), user.view.roles.end()), user.view.roles.end());
  user.view.token_id = token.token_id;
  user.view.created_us = user.view.changed_us = now_us();
  user.view.changed_by = by.user;
  user.token_hash = token.hash;
  TALLY_TRY_STATUS(save(user, "added", by, {}));
  return IssuedUser{user.view, std::move(token.token)};
}

Result<IssuedUser> Users::rotate(std::string_view name, const events::Actor& by) {
  TALLY_TRY_STATUS(events::check_actor(by));
  std::lock_guard lock(change_mu_);
  TALLY_TRY(auto existing, load(name));
  if (!existing) return api_error(ApiErrc::not_found, fmt::format("name: no user '{}'", printable(name)));
  const std::string old_token_id = existing->view.token_id;
  IssuedToken token = issue_token();
  existing->view.token_id = token.token_id;
  existing->view.changed_us = now_us();
  existing->view.changed_by = by.user;
  existing->token_hash = token.hash;
  TALLY_TRY_STATUS(save(*existing, "rotated", by, old_token_id));
  return IssuedUser{existing->view, std::move(token.token)};
}

Result<UserView> Users::disable(std::string_view name, const events::Actor& by) {
  TALLY_TRY_STATUS(events::check_actor(by));
  std::lock_guard lock(change_mu_);
  TALLY_TRY(auto existing, load(name));
  if (!existing) return api_error(ApiErrc::not_found, fmt::format("name: no user '{}'", printable(name)));
  existing->view.disabled = true;
  existing->view.changed_us = now_us();
  existing->view.changed_by = by.user;
  TALLY_TRY_STATUS(save(*existing, "disabled", by, existing->view.token_id));
  return existing->view;
}

Result<UserView> Users::set_password(std::string_view name, std::string_view password, const events::Actor& by) {
  TALLY_TRY_STATUS(events::check_actor(by));
  TALLY_TRY_STATUS(check_password(password));
  // Hashed before the lock: a tenth of a second that other changes need not wait for.
  TALLY_TRY(std::string hashed, hash_password(password));
  std::lock_guard lock(change_mu_);
  TALLY_TRY(auto existing, load(name));
  if (!existing) return api_error(ApiErrc::not_found, fmt::format("name: no user '{}'", printable(name)));
  existing->password_hash = std::move(hashed);
  existing->view.has_password = true;
  existing->view.changed_us = now_us();
  existing->view.changed_by = by.user;
  TALLY_TRY_STATUS(save(*existing, "password", by, existing->view.token_id));
  return existing->view;
}

Result<std::vector<UserView>> Users::list() const {
  TALLY_TRY(auto all, store_.scan(kUserPrefix, kMaxUsers));
  std::vector<UserView> out;
  for (const auto& [key, value] : all) {
    TALLY_TRY(auto stored, load(std::string_view(key).substr(kUserPrefix.size())));
    if (stored) out.push_back(std::move(stored->view));
  }
  return out;
}

std::optional<Identity> Users::authenticate(std::string_view token) const {
  const std::optional<std::string_view> id = token_id_of(token);
  if (!id) return std::nullopt;
  std::shared_lock lock(active_mu_);
  const auto it = active_.find(*id);
  if (it == active_.end() || !token_matches(token, it->second.token_hash)) return std::nullopt;
  return Identity{it->second.user, std::string(*id), it->second.roles};
}

std::optional<Identity> Users::authenticate_password(std::string_view name, std::string_view password) const {
  std::optional<WithPassword> holder;
  {
    std::shared_lock lock(active_mu_);
    if (const auto it = passwords_.find(name); it != passwords_.end()) holder = it->second;
  }
  // Checked outside the lock; no holder is checked against the dummy, at the same cost.
  const bool matches =
      password_matches(password, holder ? std::string_view(holder->password_hash) : unmatchable_password_hash());
  if (!holder || !matches) return std::nullopt;
  return Identity{std::string(name), std::string(kPasswordCredentialPrefix) + holder->version, holder->roles};
}

std::optional<Identity> Users::identity_of_credential(std::string_view user, std::string_view credential_id) const {
  if (credential_id.starts_with(kPasswordCredentialPrefix)) {
    std::shared_lock lock(active_mu_);
    const auto it = passwords_.find(user);
    if (it == passwords_.end() || credential_id.substr(kPasswordCredentialPrefix.size()) != it->second.version)
      return std::nullopt;
    return Identity{std::string(user), std::string(credential_id), it->second.roles};
  }
  std::optional<Identity> holder = identity_of_token_id(credential_id);
  if (!holder || holder->user != user) return std::nullopt;
  return holder;
}

std::optional<Identity> Users::identity_of_token_id(std::string_view token_id) const {
  std::shared_lock lock(active_mu_);
  const auto it = active_.find(token_id);
  if (it == active_.end()) return std::nullopt;
  return Identity{it->second.user, std::string(token_id), it->second.roles};
}

}  // namespace tally::api
