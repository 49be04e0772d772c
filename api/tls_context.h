// The server's TLS context (OpenSSL through Asio): TLS 1.2 or later, with the configured
// certificate chain and private key. Made once by HttpServer::start(); its connections share it
// (each SSL object holds a reference, so it lives while any of them does).
#pragma once

#include <boost/asio/ssl/context.hpp>

#include <memory>
#include <string>

#include "core/result.h"

namespace tally::api {

// A bad_config error naming the file and OpenSSL's reason when the certificate or key cannot be
// read or parsed, or when they do not belong together.
Result<std::unique_ptr<boost::asio::ssl::context>> make_server_tls_context(
    const std::string& cert_path, const std::string& key_path);

}  // namespace tally::api
