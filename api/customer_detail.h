// What the account page shows of a customer besides balance and lines (ledger/customer_notes.h):
// the name their payments came with, their autopay mandate, the notices of change the bank
// sent, their returns with a link to each return letter, and where each line of history came
// from (the file and record, or the person and request), read from the event log.
#pragma once

#include <boost/json.hpp>

#include <vector>

#include "core/log/event_log.h"
#include "ingest/file_registry.h"
#include "ledger/ledger.h"

namespace tally::api {

// Adds name, autopay, notices and returns to an account's JSON, and source to each of
// body["entries"] (the same order as `lines`). A log that cannot read by address leaves the
// entries without source and says so in body["sources"]. account: "customer:<id>".
Status add_customer_detail(boost::json::object& body, const ledger::Ledger& ledger, const log::EventLog* log,
                           std::string_view account, const std::vector<ledger::HistoryLine>& lines);

// Sets each of body["entries"] (the same order as `lines`) its source, as add_customer_detail
// does: for any account's history (`tally ledger history` run without a server).
void add_sources(boost::json::object& body, const log::EventLog* log, const std::vector<ledger::HistoryLine>& lines);

// Adds body["autopay_scheduled"]: the customer's autopay entries written to the bank and not
// posted yet (ingest/autopay_settlement.h), each {effective_date, kind, amount_minor, trace}.
// account: "customer:<id>".
Status add_scheduled_autopay(boost::json::object& body, const ingest::FileRegistry& registry, std::string_view account);

// "100117" of "customer:100117"; any other account as it is.
std::string customer_id_of(std::string_view account);

// The letter's address under the API: /api/v1/accounts/<id>/letters/<return id hex>.
std::string letter_path(std::string_view customer_id, const EventId& return_id);

}  // namespace tally::api
