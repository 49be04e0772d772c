#include "api/http_connection.h"

namespace tally::api::detail {

std::optional<Response> refusal_for(const beast::error_code& read_error,
                                    const RequestParser& parser) {
  const Request none;
  std::optional<Response> out;
  if (read_error == http::error::body_limit) {
    out = error_response(none, http::status::payload_too_large, "too_large",
                         "request body over the limit");
  } else if (read_error == http::error::header_limit) {
    // Over the header limit in the request line (no target parsed yet) or in the fields.
    if (parser.get().target().empty())
      out = error_response(none, http::status::uri_too_long, "uri_too_long",
                           "the request target is over the limit");
    else
      out = error_response(none, http::status::request_header_fields_too_large, "headers_too_large",
                           "the request's header fields are over the limit");
  }
  if (out) out->keep_alive(false);
  return out;
}

}  // namespace tally::api::detail
