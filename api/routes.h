// Every route of the API in one place, for `tally serve` and the tests: what each needs is
// passed in, nothing is opened here. ApiAccess opens the API's own store (users, kept
// answers) under the data folder.
#pragma once

#include <memory>

#include "api/access_store.h"
#include "api/idempotency.h"
#include "api/ownership.h"
#include "api/router.h"
#include "api/uploads.h"
#include "api/user_languages.h"
#include "api/users.h"
#include "api/web_sessions.h"
#include "core/currency.h"
#include "ingest/inbox_watcher.h"
#include "ledger/ledger.h"
#include "node/autopay_desk.h"
#include "node/node.h"
#include "reconcile/reconciler.h"

namespace tally::api {

struct ApiAccess {
  std::unique_ptr<AccessStore> store;
  std::unique_ptr<Users> users;
  std::unique_ptr<Idempotency> idempotency;
  std::unique_ptr<WebSessions> sessions;  // browsers signed in to the web pages
  std::unique_ptr<UserLanguages> languages;
  // `log` receives the UserChanged events; it must outlive the result.
  static Result<ApiAccess> open(const std::string& dir, log::EventLog& log);
};

struct ApiServices {
  node::Node& node;  // what the commands that span modules need (autopay), and the data folder
  node::AutopayDesk& autopay;  // autopay runs, one at a time with the server's settling
  log::EventLog& log;
  ledger::Ledger& ledger;
  reconcile::Reconciler& reconciler;
  ApiAccess& access;
  UploadDesk& uploads;
  ingest::InboxWatcher& watcher;
  const ingest::FileRegistry& registry;
  const ingest::IngestKeys& keys;
  std::string inbox_dir;
  std::string processed_dir;
  std::string quarantine_dir;
  Currency currency;
  reconcile::MatchOptions match;
  Ownership ownership;  // which partitions' books this process answers for (ownership.h)
};

// Every resource's routes (health and metrics are the server's own: health.h, metrics.h).
void add_api_routes(Router& router, const ApiServices& services);

}  // namespace tally::api
