#include "api/tls_context.h"

#include <openssl/err.h>
#include <openssl/ssl.h>

#include <fmt/format.h>

#include <fstream>

#include "core/errors.h"

namespace tally::api {
namespace {

namespace ssl = boost::asio::ssl;

Error tls_error(std::string_view what, const std::string& path, std::string_view reason) {
  return core_error(CoreErrc::bad_config, fmt::format("TLS {} '{}': {}", what, path, reason));
}

// OpenSSL's last queued reason, or Asio's message; the queue is cleared either way so a later
// error is not blamed on this one.
std::string openssl_reason(const boost::system::error_code& ec) {
  const unsigned long code = ERR_peek_last_error();
  std::string reason = code != 0 && ERR_reason_error_string(code) != nullptr
                           ? ERR_reason_error_string(code)
                           : ec.message();
  ERR_clear_error();
  return reason;
}

}  // namespace

Result<std::unique_ptr<ssl::context>> make_server_tls_context(const std::string& cert_path,
                                                              const std::string& key_path) {
  if (cert_path.empty() || key_path.empty())
    return core_error(CoreErrc::bad_config, "TLS needs both http.tls_cert and http.tls_key");
  // Said first and plainly: OpenSSL's reason for a missing file is only "system lib".
  for (const auto& [what, path] :
       {std::pair{"certificate", &cert_path}, std::pair{"key", &key_path}})
    if (!std::ifstream(*path)) return tls_error(what, *path, "cannot be read");

  auto context = std::make_unique<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  // TLS 1.2 and later only; no compression (CRIME); a fresh key per handshake.
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                           ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                           ssl::context::no_tlsv1_1 | ssl::context::no_compression |
                           ssl::context::single_dh_use,
                       ec);
  if (ec || SSL_CTX_set_min_proto_version(context->native_handle(), TLS1_2_VERSION) != 1)
    return core_error(CoreErrc::bad_config,
                      "TLS: cannot require TLS 1.2 or later: " + openssl_reason(ec));
  context->use_certificate_chain_file(cert_path, ec);
  if (ec) return tls_error("certificate", cert_path, openssl_reason(ec));
  context->use_private_key_file(key_path, ssl::context::pem, ec);
  if (ec) return tls_error("key", key_path, openssl_reason(ec));
  if (SSL_CTX_check_private_key(context->native_handle()) != 1)
    return tls_error(
        "key", key_path,
        fmt::format("does not match the certificate '{}' ({})", cert_path, openssl_reason({})));
  return context;
}

}  // namespace tally::api
