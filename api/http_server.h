// HttpServer: HTTP/1.1 on Boost.Beast with C++20 coroutines. Serves a Router on a fixed set of
// I/O threads, over TCP (HTTPS when a certificate is configured, else plain HTTP on loopback
// only) and over an owner-only local socket for the CLI. One request loop serves all three
// (http_connection.h).
//
// Limits: target, header and body sizes (414, 431, 413); a whole request within
// request_timeout_ms of its first byte (else the connection is closed), apart from the idle
// keep-alive timeout; a cap on open connections: past it a new connection gets one answer, 503
// (or /healthz), and is closed; the server never grows without bound.
//
// The local socket: only the user the server runs as may use it. The file is made mode 0600,
// and a connection from another uid (as the kernel reports it) gets 403 and is closed. Its
// requests reach the router with Peer{"local", local_socket = true, the peer's user name}.
//
// Lifetime: start() and start_local() bind and return (port 0 picks a free port, see port());
// stop() closes the listeners and every connection, joins the threads and removes the socket
// file. The router must outlive the server.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "api/router.h"
#include "core/result.h"

namespace tally::api {

struct ServerLimits {
  std::size_t max_body_bytes = 1 << 20;
  std::size_t max_header_bytes = 16 << 10;  // request line and header fields: past it 414/431
  std::size_t max_target_bytes = 8 << 10;   // the request target: past it 414
  int idle_timeout_ms = 30000;     // waiting for the next request on a kept-alive connection
  int request_timeout_ms = 10000;  // a whole request from its first byte; then closed
  int max_connections = 1024;
  int io_threads = 2;
};

// HTTPS: PEM files, both or neither. With neither the server speaks plain HTTP.
struct TlsOptions {
  std::string cert_path;  // the certificate, then any intermediates
  std::string key_path;   // its private key
  bool enabled() const { return !cert_path.empty() || !key_path.empty(); }
};

class HttpServer {
 public:
  HttpServer(const Router& router, ServerLimits limits = {}, TlsOptions tls = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Listens on a numeric address. Refused (bad_config): plain HTTP on a non-loopback address
  // (listen_policy.h), a certificate or key that cannot be loaded, an address in use.
  Status start(const std::string& address, std::uint16_t port);
  // Listens on an AF_UNIX socket at `socket_path` (mode 0600), replacing a stale socket file
  // left there; refuses a live one or any other file.
  Status start_local(const std::string& socket_path);
  std::uint16_t port() const;
  bool serves_tls() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::api
