// Router: maps a method and a path pattern ("/api/v1/accounts/{id}") to a handler.
// Handlers run on the server's I/O threads and must be thread-safe; they return a complete
// response. The one place where module errors become HTTP statuses is error_mapping.h.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/result.h"

namespace tally::api {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

struct RouteParams {
  std::map<std::string, std::string> path;   // {name} captures
  std::map<std::string, std::string> query;  // ?a=b&c=d, percent-decoded
};

using Handler = std::function<Response(const Request&, const RouteParams&)>;

class Router {
 public:
  void add(http::verb method, std::string pattern, Handler handler);
  // 404 for an unknown path, 405 for a known path with another method.
  Response dispatch(const Request& request) const;

 private:
  struct Route {
    http::verb method;
    std::vector<std::string> segments;  // "{id}" segments capture
    Handler handler;
  };
  std::vector<Route> routes_;
};

// JSON responses, always with Content-Type and the request's keep-alive.
Response json_response(const Request& request, http::status status, const boost::json::value& body);
Response error_response(const Request& request, http::status status, std::string_view code,
                        std::string_view message);
// A module's error as its status and stable code (error_mapping.h), with its message.
Response error_response(const Request& request, const Error& error);

}  // namespace tally::api
