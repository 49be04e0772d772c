// The counter over HTTP: cash drawers from float to bank deposit. Every route calls the
// node's counter (counter/counter.h), which checks what is asked and publishes the events;
// nothing here decides a rule of the counter. Bodies are read by api/counter_body.h, answers
// built by api/counter_json.h.
//
//   GET  /api/v1/counter/drawers/{drawer}                       read
//   POST /api/v1/counter/drawers/{drawer}/open                  counter_operate    201
//   GET  /api/v1/counter/sessions?date=                         read
//   GET  /api/v1/counter/sessions/{session}                     read (blind close: see
//   counter_json.h) POST /api/v1/counter/sessions/{session}/payments            counter_operate 201
//   GET  /api/v1/counter/sessions/{session}/receipts/{n}?format=json|html|text[&void=1]   read
//   POST .../receipts/{n}/void-request                          counter_operate
//   POST .../receipts/{n}/void                                  counter_supervise
//   POST .../receipts/{n}/void-here                             counter_operate (the cashier's
//        screen; the body carries a supervisor's credentials, checked here: see below)
//   POST .../cash                                               counter_operate (paid-in, paid-out)
//   POST .../transfers                                          counter_operate
//   POST .../transfers/{request_id}/accept                      counter_operate ({session}
//   receives) POST .../close                                              counter_operate (one's
//   own drawer) POST .../supervisor-close                                   counter_supervise (any
//   drawer) POST .../sign-off                                           counter_supervise GET
//   .../deposit-slip?format=json|html|text                 read GET
//   /api/v1/counter/report?from=&to=&format=json|csv|html  read (with each deposit's bank status)
//
// No answer, error or not, carries a whole card number: the counter refuses one in every field
// without quoting it, the body reader does not quote what it reads, and every error message
// goes through counter_error_response.
//
// Handlers are thread-safe (the counter takes its own lock).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>

#include "api/command.h"
#include "api/router.h"
#include "api/users.h"
#include "counter/receipt_render.h"
#include "node/node.h"

namespace tally::api {

// How a command's body becomes its route's handler: on the server, command() with the API's
// kept answers (Idempotency-Key); in `tally counter` without a server, direct_command.
using CommandWrap = std::function<Handler(CommandBody)>;

struct CounterServices {
  node::Node& node;  // counter(); reconciler() for the deposits' bank status
  CommandWrap wrap;
  counter::ReceiptHeader header;  // printed at the top of receipts and slips
  // Who checks a supervisor's credentials typed on the cashier's screen (void-here); null: that
  // route answers 503 supervisor_check_unavailable (`tally counter` without a server has no
  // cashier's screen). Must outlive the router.
  const Users* users = nullptr;
};

// POST .../receipts/{n}/void-here {"reason"?, "supervisor": {"name", "password"} | {"token"}}:
// a supervisor approves a void at the cashier's counter. The cashier's session carries the
// request; the supervisor's credentials are checked as signing in checks them (web_signin.h:
// same slow path, counted beside the address's sign-in attempts) and must belong to someone
// with counter_supervise, else 403 supervisor_not_accepted and nothing changes. The void is the
// supervisor's (the event's source names them and their credential id, with the cashier's
// request id and Idempotency-Key); no session is made for them. The credentials are never
// logged, kept or answered: the kept answer's fingerprint is of the body with the supervisor's
// name in place of their credentials.

void add_counter_routes(Router& router, const CounterServices& services);

// The routes that change a drawer (counter_routes.cpp) and those that read one (counter_reads.cpp).
void add_counter_commands(Router& router, const CounterServices& services);
void add_counter_reads(Router& router, const CounterServices& services);

// The body run as is, with the request's Idempotency-Key in its actor: the counter itself
// answers a repeated (user, key) with what it did the first time.
Handler direct_command(CommandBody body);

// Whether the caller may supervise the counter: they see an open drawer's expected cash.
bool caller_supervises(const RouteParams& params);

// A receipt number of a path: 1..counter::kMaxReceipts.
std::optional<std::int32_t> receipt_number(std::string_view text);

// A counter's error as error_response says it, but a message that quotes a card number (a
// path segment, a module's message naming what was typed) is replaced: answers never carry one.
Response counter_error_response(const Request& request, const Error& error);

}  // namespace tally::api
