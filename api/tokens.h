// Bearer tokens: "tally_<id>_<secret>", where id is 8 random bytes (16 hex digits, public: it
// names the token in events and logs) and secret is 32 random bytes (64 hex digits). Only the
// SHA-256 of the whole token is stored; a presented token is found by its id and compared by
// hash in constant time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/sha256.h"

namespace tally::api {

struct IssuedToken {
  std::string token;     // shown once, to the person it is for
  std::string token_id;  // public
  Sha256Digest hash;     // stored
};

IssuedToken issue_token();

// The id of text shaped like a token; nullopt for anything else.
std::optional<std::string_view> token_id_of(std::string_view token);

// Whether token hashes to stored, in time that does not depend on where they differ.
bool token_matches(std::string_view token, const Sha256Digest& stored);

}  // namespace tally::api
