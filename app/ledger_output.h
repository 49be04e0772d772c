// What `tally ledger ...` prints, from the API's JSON (api/accounts.h, api/ledger_routes.h),
// whether the answer came from the running server or from this process: one printer per
// command, so the two modes cannot print differently. Each returns the exit code.
#pragma once

#include <boost/json.hpp>

namespace tally::app {

int print_balance(const boost::json::object& balance, bool json);
int print_history(const boost::json::object& history, bool json);
int print_accounts(const boost::json::object& accounts, bool json);
// 0 when the books verify, 1 when not.
int print_verify(const boost::json::object& verified, bool json);

}  // namespace tally::app
