// The counter's JSON: a drawer session with its receipts, moves, counts, close and deposit
// slip, and what each command answers. The routes (api/counter_routes.h) answer with these and
// `tally counter` prints them (app/counter_output.h), whether the answer came from the server
// or from this process.
//
// Amounts are exact decimal strings in the session's currency ("50.00"); a count is an object
// of denominations in minor units to pieces ({"2000": 5, "25": 40}). Card and bank account
// numbers appear as the session keeps them: last four only.
//
// Blind close: a cashier counts the drawer without being shown what it should hold. While a
// session is open and the counter closes blind, only those who may supervise the counter see
// its expected cash ("expected_cash" is left out for anyone else). A count's answer shows the
// expected cash and the over/short, as the counter's close does.
//
// Pure functions; thread-safe.
#pragma once

#include <boost/json.hpp>

#include <optional>
#include <string>
#include <string_view>

#include "counter/counter.h"
#include "counter/session.h"

namespace tally::api {

// Whether the expected cash of `session` may be shown to a caller.
bool expected_cash_visible(const counter::Session& session, bool blind_close,
                           bool caller_supervises);

boost::json::object cash_count_json(const counter::CashCount& count);
boost::json::object receipt_json(const counter::Session& session, const counter::Receipt& receipt);
boost::json::object count_json(const counter::CountRecord& count, const Currency& currency);
boost::json::object slip_json(const counter::DepositSlip& slip, const Currency& currency);
boost::json::object pending_transfer_json(const counter::PendingTransfer& transfer,
                                          const Currency& currency);

// Everything about a session: drawer, cashier, date, float, status ("open" | "closed"),
// receipts, moves, pending transfers, counts, close and slip.
boost::json::object session_json(const counter::Session& session, bool show_expected);
// One line of a day's list: the session without its receipts, moves and counts.
boost::json::object session_summary_json(const counter::Session& session, bool show_expected);
boost::json::object drawer_json(std::string_view drawer,
                                const std::optional<std::string>& open_session);

// Where a receipt is printed: "/api/v1/counter/sessions/S/receipts/N?format=html[&void=1]".
std::string receipt_link(std::string_view session, std::int32_t receipt, std::string_view format,
                         bool void_paper);

// Command answers. A payment: {"session", "receipt_number", "change", "receipt", "links"}.
boost::json::object payment_json(const counter::Answer& answer);
// A void asked for or approved: {"session", "receipt_number", "void", "receipt", "links"}.
boost::json::object void_json(const counter::Answer& answer);
// A transfer asked for: {"session", "request_id", "to_session", "amount", "reason"}.
boost::json::object transfer_json(const counter::Answer& answer);
// A count, a close or a sign-off: {"session", "status": "closed" | "needs_sign_off",
// "count": {"number", "counted", "expected", "over_short"}, "slip" when closed}.
boost::json::object close_json(const counter::Answer& answer);

}  // namespace tally::api
