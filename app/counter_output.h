// What `tally counter ...` prints, from the API's JSON (api/counter_json.h), whether the answer
// came from the running server or from the same routes run in this process. Text a person
// typed (names, reasons) is printed through printable(): it cannot move the terminal's cursor.
// Each returns the exit code. With `json` the answer is printed as it came, on one line.
#pragma once

#include <boost/json.hpp>

namespace tally::app {

int print_counter_session(const boost::json::object& session, bool json);
int print_counter_sessions(const boost::json::object& list, bool json);
int print_counter_opened(const boost::json::object& session, bool json);
int print_counter_payment(const boost::json::object& payment, bool json);
int print_counter_void(const boost::json::object& answer, bool json);
int print_counter_cash(const boost::json::object& answer, bool json);
int print_counter_transfer(const boost::json::object& answer, bool json);
int print_counter_close(const boost::json::object& answer, bool json);

}  // namespace tally::app
