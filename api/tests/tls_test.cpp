#include <catch2/catch.hpp>

#include <openssl/ssl.h>

#include <fstream>

#include "api/health.h"
#include "api/http_server.h"
#include "api/listen_policy.h"
#include "api/tests/bounded_clients.h"
#include "api/tests/test_certificate.h"
#include "tests/support/http_client.h"
#include "tests/support/temp_dir.h"

using namespace tally::api;
using tally::testing::ClientResult;
using tally::testing::HttpsClientOptions;
using tally::testing::TempDir;

namespace {

Router health_router() {
  Router router;
  add_health_routes(router, {"9.9.9", "embedded:/x", nullptr});
  return router;
}

TlsOptions tls_of(const tally::testing::TestCertificate& cert) {
  return TlsOptions{cert.cert_path, cert.key_path};
}

}  // namespace

TEST_CASE("a client that verifies the certificate gets /healthz over HTTPS", "[api][tls]") {
  TempDir dir;
  const auto cert = tally::testing::make_self_signed_certificate(dir.path(), "server");
  const Router router = health_router();
  HttpServer server(router, {}, tls_of(cert));
  REQUIRE(server.start("127.0.0.1", 0).ok());
  CHECK(server.serves_tls());

  SECTION("checked against the IP address it connected to") {
    const ClientResult res =
        tally::testing::https_get(server.port(), "/healthz", {cert.cert_path, "127.0.0.1", {}});
    INFO(res.error);
    REQUIRE(res.connected);
    CHECK(res.status == 200);
    CHECK(res.body.find("\"status\":\"ok\"") != std::string::npos);
  }
  SECTION("checked against its host name") {
    const ClientResult res =
        tally::testing::https_get(server.port(), "/healthz", {cert.cert_path, "localhost", {}});
    INFO(res.error);
    CHECK(res.status == 200);
  }
}

TEST_CASE("an HTTPS client refuses a certificate for another name or from another issuer",
          "[api][tls]") {
  TempDir dir;
  const auto cert = tally::testing::make_self_signed_certificate(dir.path(), "server");
  const auto stranger = tally::testing::make_self_signed_certificate(dir.path(), "stranger");
  const Router router = health_router();
  HttpServer server(router, {}, tls_of(cert));
  REQUIRE(server.start("127.0.0.1", 0).ok());
  // The negative cases show the client really checks, so the passing case above means something.
  const ClientResult other_name = tally::testing::https_get(
      server.port(), "/healthz", {cert.cert_path, "tally.example.org", {}});
  CHECK_FALSE(other_name.connected);
  CHECK(other_name.status == 0);
  const ClientResult other_anchor =
      tally::testing::https_get(server.port(), "/healthz", {stranger.cert_path, "127.0.0.1", {}});
  CHECK_FALSE(other_anchor.connected);
  CHECK(other_anchor.status == 0);
}

TEST_CASE("the HTTPS port refuses plain HTTP and TLS before 1.2, and keeps serving", "[api][tls]") {
  TempDir dir;
  const auto cert = tally::testing::make_self_signed_certificate(dir.path(), "server");
  const Router router = health_router();
  HttpServer server(router, {}, tls_of(cert));
  REQUIRE(server.start("127.0.0.1", 0).ok());

  const auto plain = tally::testing::http_get(server.port(), "/healthz");
  CHECK(plain.status == 0);
  const ClientResult old_tls = tally::testing::https_get(
      server.port(), "/healthz", {cert.cert_path, "127.0.0.1", TLS1_1_VERSION});
  CHECK_FALSE(old_tls.connected);

  const ClientResult after =
      tally::testing::https_get(server.port(), "/healthz", {cert.cert_path, "127.0.0.1", {}});
  INFO(after.error);
  CHECK(after.status == 200);
}

TEST_CASE("plain HTTP on a non-loopback address is refused at start", "[api][tls]") {
  const Router router = health_router();
  for (const std::string address : {"0.0.0.0", "::", "192.0.2.10"}) {
    HttpServer server(router);
    const auto started = server.start(address, 0);
    INFO(address);
    REQUIRE_FALSE(started.ok());
    CHECK(started.error().message.find("loopback") != std::string::npos);
    CHECK(started.error().message.find("tls_cert") != std::string::npos);
  }
  HttpServer v6_loopback(router);
  CHECK(v6_loopback.start("::1", 0).ok());
}

TEST_CASE("HTTPS may listen on any address", "[api][tls]") {
  TempDir dir;
  const auto cert = tally::testing::make_self_signed_certificate(dir.path(), "server");
  const Router router = health_router();
  HttpServer server(router, {}, tls_of(cert));
  const auto started = server.start("0.0.0.0", 0);
  INFO((started.ok() ? "" : started.error().describe()));
  REQUIRE(started.ok());
  const ClientResult res =
      tally::testing::https_get(server.port(), "/healthz", {cert.cert_path, "127.0.0.1", {}});
  CHECK(res.status == 200);
}

TEST_CASE("loopback addresses are told from others", "[api][tls]") {
  CHECK(is_loopback_address("127.0.0.1"));
  CHECK(is_loopback_address("127.8.9.10"));
  CHECK(is_loopback_address("::1"));
  CHECK(is_loopback_address("::ffff:127.0.0.1"));
  CHECK_FALSE(is_loopback_address("0.0.0.0"));
  CHECK_FALSE(is_loopback_address("::"));
  CHECK_FALSE(is_loopback_address("10.0.0.1"));
  CHECK_FALSE(is_loopback_address("::ffff:10.0.0.1"));
  CHECK_FALSE(is_loopback_address("localhost"));  // not numeric: the server binds numbers only
  CHECK_FALSE(is_loopback_address(""));
  CHECK(check_listen_policy("0.0.0.0", true).ok());
  CHECK_FALSE(check_listen_policy("0.0.0.0", false).ok());
}

TEST_CASE("a certificate or key that cannot be used is a clear error from start", "[api][tls]") {
  TempDir dir;
  const auto cert = tally::testing::make_self_signed_certificate(dir.path(), "server");
  const auto other = tally::testing::make_self_signed_certificate(dir.path(), "other");
  std::ofstream(dir.path("garbage.pem"))
      << "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n";
  const Router router = health_router();
  const auto start_error = [&](TlsOptions tls) {
    HttpServer server(router, {}, std::move(tls));
    const auto started = server.start("127.0.0.1", 0);
    REQUIRE_FALSE(started.ok());
    return started.error().message;
  };
  const std::string missing = start_error({dir.path("nothing.pem"), cert.key_path});
  CHECK(missing.find(dir.path("nothing.pem")) != std::string::npos);
  CHECK(missing.find("cannot be read") != std::string::npos);
  CHECK(start_error({cert.cert_path, dir.path("nothing.pem")}).find("nothing.pem") !=
        std::string::npos);
  CHECK(start_error({dir.path("garbage.pem"), cert.key_path}).find("garbage.pem") !=
        std::string::npos);
  CHECK(start_error({cert.cert_path, dir.path("garbage.pem")}).find("garbage.pem") !=
        std::string::npos);
  const std::string mismatch = start_error({cert.cert_path, other.key_path});
  CHECK(mismatch.find(other.key_path) != std::string::npos);
  CHECK(start_error({cert.cert_path, ""}).find("both") != std::string::npos);
}
