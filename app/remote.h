// The CLI beside a running `tally serve`: the server holds the data folder, so a command is
// sent to it over the folder's socket (Config::api_socket) as the local admin, acting for the
// person the command names (--user/--by). The server runs the same module function the CLI
// runs alone.
#pragma once

#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <initializer_list>
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
  std::string target{};           // "/api/v1/..."
  std::string body{};             // JSON, or a file's bytes
  std::string user{};             // who the command is for; empty: the local OS user
  std::string idempotency_key{};  // commands: a fresh one when empty
  std::string content_type = "application/json";  // of `body`
};

// Whether a server answers on the data folder's socket.
bool server_running(const Config& config);

// Fails only when the server cannot be reached or answers nothing.
Result<RemoteAnswer> call_server(const Config& config, const RemoteCall& call);

// The exit code for an answer: 0 for 2xx, 2 for 400 (bad input), 1 otherwise; prints the
// error to stderr as "tally <command>: <message>".
int exit_code_for(const RemoteAnswer& answer, std::string_view command);

// `text` for a path segment or a query value: every byte but A-Z a-z 0-9 - . _ ~ as %XX.
std::string url_encoded(std::string_view text);

// What a command came to in either mode, so one printer serves both: the API's answer (the
// server's, or the same *_json function run in this process), or the exit code with the
// error already printed.
struct Reply {
  int exit_code = 0;
  unsigned status = 0;      // the HTTP status; 200 in this process
  boost::json::value json{};  // the answer as JSON; null for text
  std::string body{};         // the answer as it came: a report, a file
  bool ok() const { return exit_code == 0; }
};

// From the running server: a 2xx is the reply; anything else is exit_code_for's. Statuses
// in `answers` (a refused file's 422) are replies too, with exit code 0.
Reply ask_server(const Config& config, const RemoteCall& call, std::string_view command,
                 std::initializer_list<unsigned> answers = {});

// From this process: a module's error is printed as the server would say it and exits as
// the server's status for it would (400: 2, else 1), so both modes fail alike.
Reply local_reply(Result<boost::json::object> answer, std::string_view command);
Reply local_text_reply(Result<std::string> answer, std::string_view command);

// A successful reply's body (its JSON when it has no text) on stdout, or into the file `out`
// when it is not empty ("COMMAND: OUT written"). Returns the exit code: 1 when the file
// cannot be written.
int print_or_write(const Reply& reply, const std::string& out, std::string_view command);

}  // namespace tally::app
