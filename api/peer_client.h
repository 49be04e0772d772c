// PeerClient: one GET from this node to another node's API (account_peers.h), over HTTP or
// HTTPS (the peer's certificate verified against peer_ca, else the system's CAs, and its
// host name checked). The whole exchange, from resolving to the last byte, is bounded by the
// timeout, so a dead peer costs a request at most that long.
//
// Threads: any; each get() runs its own small I/O context on the calling thread.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace tally::api {

struct PeerAnswer {
  unsigned status = 0;
  std::string body;
  std::string content_type;
};

struct PeerClientOptions {
  std::string ca_file;     // PEM; empty: the system's CAs
  int timeout_ms = 3000;
  std::size_t max_body_bytes = 8 << 20;
};

// "http://host:port" / "https://host[:port]" split; nullopt for anything else.
struct PeerUrl {
  bool tls = false;
  std::string host;  // without brackets for IPv6
  std::string port;
};
std::optional<PeerUrl> parse_peer_url(std::string_view url);

class PeerClient {
 public:
  // bad_config when ca_file cannot be read.
  static Result<std::unique_ptr<PeerClient>> make(PeerClientOptions options);
  ~PeerClient();
  // GET base_url + target with "Authorization: Bearer <bearer>". An answer of any status is a
  // value; an error is a peer that could not be reached or did not answer in time.
  Result<PeerAnswer> get(const std::string& base_url, const std::string& target, const std::string& bearer) const;

  struct Impl;

 private:
  explicit PeerClient(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::api
