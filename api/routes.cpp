#include "api/routes.h"

#include "api/accounts.h"
#include "api/autopay_generate.h"
#include "api/autopay_rates.h"
#include "api/backup_routes.h"
#include "api/purge_routes.h"
#include "api/books_commands.h"
#include "api/day_letters.h"
#include "api/command.h"
#include "api/counter_routes.h"
#include "api/discrepancies.h"
#include "api/discrepancy_commands.h"
#include "api/files_routes.h"
#include "api/letter_routes.h"
#include "api/ledger_routes.h"
#include "api/me_routes.h"
#include "api/reconcile_commands.h"
#include "api/period_report_routes.h"
#include "api/reconcile_routes.h"
#include "api/users_routes.h"
#include "api/web_routes.h"

namespace tally::api {
Result<ApiAccess> ApiAccess::open(const std::string& dir, log::EventLog& log) {
  ApiAccess access;
  TALLY_TRY(access.store, AccessStore::open(dir));
  TALLY_TRY(access.users, Users::open(*access.store, log));
  access.idempotency = std::make_unique<Idempotency>(*access.store);
  TALLY_TRY(access.sessions, WebSessions::open(*access.store, *access.users));
  access.languages = std::make_unique<UserLanguages>(*access.store);
  return access;
}

void add_api_routes(Router& router, const ApiServices& s) {
  add_account_routes(router, s.ledger, &s.log, Permission::read, &s.registry, s.ownership);
  add_letter_routes(router, {s.ledger, s.node.config().counter.office_name});
  add_day_letters_route(router, {s.ledger, s.node.config().counter.office_name});
  add_ledger_routes(router, s.ledger, s.log);
  add_discrepancy_routes(router, s.ledger, s.reconciler, s.ownership);
  add_discrepancy_commands(router, s.ledger, s.reconciler, *s.access.idempotency, s.currency);
  add_reconcile_routes(router, s.ledger, s.reconciler);
  add_period_report_routes(router, s);
  add_reconcile_commands(router, s.reconciler, *s.access.idempotency, s.match);
  add_user_routes(router, *s.access.users, *s.access.idempotency);
  add_me_routes(router, *s.access.languages, *s.access.idempotency);
  const bool tls = !s.node.config().http.tls_cert.empty();
  add_web_routes(router, {*s.access.sessions, *s.access.languages, tls});
  add_upload_routes(router, s.uploads, *s.access.idempotency, s.log, s.watcher, {s.inbox_dir});
  add_file_routes(router, s.registry, {s.processed_dir, s.quarantine_dir}, s.node.config());
  add_autopay_generate_routes(router, s.node, s.autopay, *s.access.idempotency);
  add_backup_route(router, s);
  add_purge_route(router, s);
  add_autopay_rates_route(router, s.node);
  const BooksServices books{s.log, s.ledger, s.keys, *s.access.idempotency, s.currency, s.ownership};
  add_suspense_routes(router, books);
  add_adjustment_routes(router, books);
  add_policy_routes(router, books);
  add_autopay_mandate_routes(router, books);
  add_audit_routes(router, s.ledger);
  Idempotency& idempotency = *s.access.idempotency;
  add_counter_routes(router, {s.node, [&idempotency](CommandBody body) { return command(idempotency, std::move(body)); },
                              {s.node.config().counter.office_name}, s.access.users.get()});
}

}  // namespace tally::api
