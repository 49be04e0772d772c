// The one place where module errors become HTTP: each module's error codes map to a status and
// a stable name ("ledger.not_found") that clients may rely on. The mapping is a switch over
// each module's enum without a default, so a code added to a module does not compile
// (-Werror=switch) until it is mapped here.
#pragma once

#include <boost/beast/http.hpp>

#include <string>

#include "core/result.h"

namespace tally::api {

struct HttpError {
  boost::beast::http::status status;
  std::string code;  // stable: "<module>.<code>"
};

HttpError http_error_for(const Error& error);

}  // namespace tally::api
