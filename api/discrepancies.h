// GET /api/v1/discrepancies[?limit=N]: every event that is not in the books, and why
// (node/not_in_books.h), each with its age.
#pragma once

#include <cstdint>

#include <boost/json.hpp>

#include "api/router.h"
#include "ledger/ledger.h"
#include "node/not_in_books.h"

namespace tally::api {

void add_discrepancy_routes(Router& router, const ledger::Ledger& ledger);

// One item as the API and `tally discrepancies list --json` show it; age from `now_us`.
boost::json::object not_in_books_json(const node::NotInBooks& item, std::int64_t now_us);

}  // namespace tally::api
