// HttpServer: HTTP/1.1 on Boost.Beast with C++20 coroutines. Serves a Router on a fixed set
// of I/O threads. Limits: target, header and body sizes (414, 431, 413), an idle timeout per
// connection, and a cap on open connections: past it a new connection gets one answer, 503
// (or /healthz), and is closed; the server never grows without bound.
//
// Lifetime: start() binds and returns (port 0 picks a free port, see port()); stop() closes the
// listener and every connection and joins the threads. The router must outlive the server.
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
  int idle_timeout_ms = 30000;
  int max_connections = 1024;
  int io_threads = 2;
};

class HttpServer {
 public:
  HttpServer(const Router& router, ServerLimits limits = {});
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  Status start(const std::string& address, std::uint16_t port);
  std::uint16_t port() const;
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tally::api
