// The billing office's commands on the books, each the module function the CLI calls:
//   GET  /api/v1/suspense                      payments held in suspense, with what they said
//   POST /api/v1/suspense/{payment_id}/apply   {"account", "confirm_new_account"} (suspense_apply)
//   GET  /api/v1/adjustments                   adjustments waiting for a second person
//   POST /api/v1/adjustments                   {"account", "amount", "reason"} (adjust_request)
//   POST /api/v1/adjustments/{id}/approve      by someone other than the requester (adjust_approve)
//   GET  /api/v1/policy                        the NSF fee and autopay removal policy in force
//   POST /api/v1/policy                        {"nsf_fee", "nsf_return_codes", "autopay_removal_returns",
//                                              "autopay_removal_months", "effective_date"} (policy_set)
//   POST /api/v1/autopay/{account}/enrol       {"routing_number", "account_number", "account_type",
//                                              "holder_name"} (autopay_manage)
//   POST /api/v1/autopay/{account}/remove      {"reason"} (autopay_manage)
//   GET  /api/v1/audit?user=&from=&to=&limit=  who did what (audit_read)
#pragma once

#include <boost/json.hpp>

#include <string_view>

#include "api/idempotency.h"
#include "api/ownership.h"
#include "api/router.h"
#include "core/currency.h"
#include "core/log/event_log.h"
#include "ingest/sealing.h"
#include "ledger/ledger.h"
#include "ledger/suspense.h"
#include "ledger/suspense_apply.h"

namespace tally::api {

struct BooksServices {
  log::EventLog& log;
  const ledger::Ledger& ledger;
  const ingest::IngestKeys& keys;
  Idempotency& idempotency;
  Currency currency;
  Ownership ownership;  // on Kafka: the partitions this node serves, and the other nodes
};

// A payment in suspense as GET /api/v1/suspense and `tally suspense list` show it.
boost::json::object suspense_json(const ledger::SuspenseItem& item);
// What an application answers, over HTTP and in `tally suspense apply`: the payment, with
// "applied_to" (the customer), "application_event_id" and "by".
boost::json::object applied_json(const ledger::SuspenseApplied& applied, std::string_view by);

void add_suspense_routes(Router& router, const BooksServices& s);
void add_adjustment_routes(Router& router, const BooksServices& s);
void add_policy_routes(Router& router, const BooksServices& s);
void add_autopay_mandate_routes(Router& router, const BooksServices& s);
void add_audit_routes(Router& router, const ledger::Ledger& ledger);

}  // namespace tally::api
