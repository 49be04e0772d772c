#include "api/listen_policy.h"

#include <boost/asio/ip/address.hpp>

#include <fmt/format.h>

#include "core/errors.h"

namespace tally::api {

bool is_loopback_address(std::string_view address) {
  boost::system::error_code ec;
  const boost::asio::ip::address ip = boost::asio::ip::make_address(address, ec);
  if (ec) return false;
  if (ip.is_v6() && ip.to_v6().is_v4_mapped())
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, ip.to_v6()).is_loopback();
  return ip.is_loopback();
}

Status check_listen_policy(const std::string& address, bool tls) {
  if (tls || is_loopback_address(address)) return ok_status();
  return core_error(CoreErrc::bad_config,
                    fmt::format("plain HTTP is served on loopback addresses only, not on '{}': set "
                                "http.tls_cert and http.tls_key to serve HTTPS there, or listen on "
                                "127.0.0.1",
                                address));
}

}  // namespace tally::api
