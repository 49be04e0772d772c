// A self-signed certificate and its key, made with OpenSSL's C API at test time and written as
// PEM into a test's folder: no key material is kept in the repository.
#pragma once

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <catch2/catch.hpp>

#include <cstdio>
#include <memory>
#include <string>

namespace tally::testing {

struct TestCertificate {
  std::string cert_path;
  std::string key_path;
};

namespace detail {

struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct FileClose {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

inline void add_extension(X509* cert, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, cert, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  REQUIRE(extension != nullptr);
  REQUIRE(X509_add_ext(cert, extension, -1) == 1);
  X509_EXTENSION_free(extension);
}

}  // namespace detail

// Valid from a minute ago for an hour, for `common_name` and the subject alternative names
// `san` (OpenSSL's syntax: "DNS:localhost,IP:127.0.0.1"). Files are named prefix.cert.pem and
// prefix.key.pem in `dir`.
inline TestCertificate make_self_signed_certificate(
    const std::string& dir, const std::string& prefix, const std::string& common_name = "localhost",
    const std::string& san = "DNS:localhost,IP:127.0.0.1") {
  constexpr long kValidBeforeNowS = 60;
  constexpr long kValidForS = 3600;
  // P-256: generated in a millisecond, where an RSA key takes far longer.
  std::unique_ptr<EVP_PKEY, detail::PkeyFree> key(EVP_EC_gen("P-256"));
  REQUIRE(key != nullptr);
  std::unique_ptr<X509, detail::X509Free> cert(X509_new());
  REQUIRE(cert != nullptr);
  REQUIRE(X509_set_version(cert.get(), 2) == 1);  // v3, for the extensions
  REQUIRE(ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1) == 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kValidBeforeNowS);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValidForS);
  REQUIRE(X509_set_pubkey(cert.get(), key.get()) == 1);
  X509_NAME* name = X509_get_subject_name(cert.get());
  REQUIRE(X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                     reinterpret_cast<const unsigned char*>(common_name.c_str()),
                                     -1, -1, 0) == 1);
  REQUIRE(X509_set_issuer_name(cert.get(), name) == 1);
  detail::add_extension(cert.get(), NID_basic_constraints, "critical,CA:TRUE");
  detail::add_extension(cert.get(), NID_subject_key_identifier, "hash");
  detail::add_extension(cert.get(), NID_subject_alt_name, san.c_str());
  REQUIRE(X509_sign(cert.get(), key.get(), EVP_sha256()) > 0);

  TestCertificate out{dir + "/" + prefix + ".cert.pem", dir + "/" + prefix + ".key.pem"};
  {
    std::unique_ptr<std::FILE, detail::FileClose> file(std::fopen(out.cert_path.c_str(), "w"));
    REQUIRE(file != nullptr);
    REQUIRE(PEM_write_X509(file.get(), cert.get()) == 1);
  }
  {
    std::unique_ptr<std::FILE, detail::FileClose> file(std::fopen(out.key_path.c_str(), "w"));
    REQUIRE(file != nullptr);
    REQUIRE(PEM_write_PrivateKey(file.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) ==
            1);
  }
  return out;
}

}  // namespace tally::testing
