// What `tally discrepancies ...` prints, from the API's JSON (api/reconcile_json.h,
// api/discrepancy_commands.h), whether the answer came from the running server or from this
// process. Each returns the exit code.
#pragma once

#include <boost/json.hpp>

#include <string_view>

namespace tally::app {

// `status`: the --status asked for, named when nothing has it.
int print_discrepancies(const boost::json::object& list, std::string_view status, bool json);
int print_step(const boost::json::object& step);

}  // namespace tally::app
