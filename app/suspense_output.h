// What `tally suspense ...` prints, from the API's JSON (api/books_commands.h: suspense_json,
// applied_json), whether the answer came from the running server or from this process.
#pragma once

#include <boost/json.hpp>

namespace tally::app {

// Each payment with what it said of itself (payer, reference, check number, remittance,
// deposit), so staff can tell whose money it is.
int print_suspense(const boost::json::object& list, bool json);
int print_applied(const boost::json::object& applied);

}  // namespace tally::app
