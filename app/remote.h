// The CLI beside a running `tally serve`: the server holds the data folder, so a command is
// sent to it over the folder's socket (Config::api_socket) as the local admin, acting for the
// person the command names (--user/--by). The server runs the same module function the CLI
// runs alone.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <optional>
#include <string>

#include "core/config.h"
#include "core/result.h"

namespace tally::app {

struct RemoteAnswer {
  unsigned status = 0;
  std::string body;
  boost::json::value json;  // null when the body is not JSON
  bool ok() const { return status >= 200 && status < 300; }
  // The error's message from {"error": {"message"}}, or the body.
  std::string error_message() const;
};

struct RemoteCall {
  boost::beast::http::verb method = boost::beast::http::verb::get;
  std::string target;           // "/api/v1/..."
  std::string body;             // JSON, or a file's bytes
  std::string user;             // who the command is for; empty: the local OS user
  std::string idempotency_key;  // commands: a fresh one when empty
};

// Whether a server answers on the data folder's socket.
bool server_running(const Config& config);

// Fails only when the server cannot be reached or answers nothing.
Result<RemoteAnswer> call_server(const Config& config, const RemoteCall& call);

// The exit code for an answer: 0 for 2xx, 2 for 400 (bad input), 1 otherwise; prints the
// error to stderr as "tally <command>: <message>".
int exit_code_for(const RemoteAnswer& answer, std::string_view command);

}  // namespace tally::app
