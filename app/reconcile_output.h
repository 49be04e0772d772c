// What `tally reconcile ...` prints, from the API's JSON (api/reconcile_json.h), whether the
// answer came from the running server or from this process. Each returns the exit code.
#pragma once

#include <boost/json.hpp>

namespace tally::app {

int print_run(const boost::json::object& report, bool json);
int print_explain(const boost::json::object& match, bool json);
int print_decision(const boost::json::object& decision);

}  // namespace tally::app
