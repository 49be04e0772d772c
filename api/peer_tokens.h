// Peer tokens: how one node of a Kafka cluster asks another for an account on a person's
// behalf (account_peers.h). The asking node has already let the person in with its own users;
// the node asked has other users, so the request carries a short-lived token signed with a key
// every node derives from the keys they share (checked equal at start by their fingerprint).
// A peer token only reads: the caller it makes has the read-only role.
//
// Form: "tallypeer1.<node hex>.<user hex>.<expiry unix s>.<HMAC-SHA256 hex>".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "api/router.h"

namespace tally::api {

// Whether the caller came through a peer token: a forwarded request, answered from this node's
// own partitions only (it is never forwarded again).
bool is_peer(const Caller& caller);

class PeerTokens {
 public:
  // `shared_key`: a key every node of the cluster holds (the account-hash key); `node`: this one.
  PeerTokens(std::string_view shared_key, std::string node);
  // Good for 30 s from now_unix.
  std::string make(std::string_view user, std::int64_t now_unix) const;
  // The caller a token stands for, or nullopt: not a peer token, altered, or expired.
  std::optional<Identity> check(std::string_view token, std::int64_t now_unix) const;

 private:
  std::string key_;
  std::string node_;
};

// The users' authenticator, taking peer tokens too.
class PeerAwareAuthenticator final : public Authenticator {
 public:
  PeerAwareAuthenticator(const Authenticator& users, const PeerTokens& peers) : users_(users), peers_(peers) {}
  std::optional<Identity> authenticate(std::string_view token) const override;

 private:
  const Authenticator& users_;
  const PeerTokens& peers_;
};

}  // namespace tally::api
