#include "api/error_mapping.h"

#include "core/errors.h"
#include "counter/errors.h"
#include "ingest/errors.h"
#include "ledger/errors.h"
#include "api/errors.h"
#include "reconcile/errors.h"

namespace tally::api {
namespace {

using http_status = boost::beast::http::status;

HttpError core(CoreErrc e) {
  switch (e) {
    case CoreErrc::ok: return {http_status::ok, "core.ok"};
    case CoreErrc::bad_amount: return {http_status::bad_request, "core.bad_amount"};
    case CoreErrc::amount_overflow: return {http_status::bad_request, "core.amount_overflow"};
    case CoreErrc::excess_precision: return {http_status::bad_request, "core.excess_precision"};
    case CoreErrc::unknown_currency: return {http_status::bad_request, "core.unknown_currency"};
    case CoreErrc::currency_mismatch: return {http_status::bad_request, "core.currency_mismatch"};
    case CoreErrc::bad_date: return {http_status::bad_request, "core.bad_date"};
    case CoreErrc::bad_id: return {http_status::bad_request, "core.bad_id"};
    case CoreErrc::bad_config: return {http_status::internal_server_error, "core.bad_config"};
    case CoreErrc::bad_event: return {http_status::bad_request, "core.bad_event"};
    case CoreErrc::unknown_schema: return {http_status::bad_request, "core.unknown_schema"};
    case CoreErrc::log_io: return {http_status::internal_server_error, "core.log_io"};
    case CoreErrc::log_unavailable: return {http_status::service_unavailable, "core.log_unavailable"};
    case CoreErrc::log_closed: return {http_status::service_unavailable, "core.log_closed"};
    case CoreErrc::invalid_argument: return {http_status::bad_request, "core.invalid_argument"};
    case CoreErrc::log_in_use: return {http_status::service_unavailable, "core.log_in_use"};
    case CoreErrc::unsupported: return {http_status::not_implemented, "core.unsupported"};
  }
  return {http_status::internal_server_error, "core.unknown"};
}

HttpError ledger(ledger::LedgerErrc e) {
  using ledger::LedgerErrc;
  switch (e) {
    case LedgerErrc::ok: return {http_status::ok, "ledger.ok"};
    case LedgerErrc::storage: return {http_status::internal_server_error, "ledger.storage"};
    case LedgerErrc::corrupt: return {http_status::internal_server_error, "ledger.corrupt"};
    case LedgerErrc::invalid_event: return {http_status::unprocessable_entity, "ledger.invalid_event"};
    case LedgerErrc::conflicting_event: return {http_status::conflict, "ledger.conflicting_event"};
    case LedgerErrc::not_found: return {http_status::not_found, "ledger.not_found"};
    case LedgerErrc::verify_failed: return {http_status::internal_server_error, "ledger.verify_failed"};
    case LedgerErrc::invalid_argument: return {http_status::bad_request, "ledger.invalid_argument"};
    case LedgerErrc::limit_exceeded: return {http_status::bad_request, "ledger.limit_exceeded"};
    case LedgerErrc::stopped: return {http_status::service_unavailable, "ledger.stopped"};
    case LedgerErrc::log: return {http_status::service_unavailable, "ledger.log"};
    case LedgerErrc::in_use: return {http_status::service_unavailable, "ledger.in_use"};
    case LedgerErrc::already_done: return {http_status::conflict, "ledger.already_done"};
    case LedgerErrc::needs_confirmation:
      return {http_status::conflict, "ledger.needs_confirmation"};
  }
  return {http_status::internal_server_error, "ledger.unknown"};
}

HttpError ingest(ingest::IngestErrc e) {
  using ingest::IngestErrc;
  switch (e) {
    case IngestErrc::ok: return {http_status::ok, "ingest.ok"};
    case IngestErrc::io: return {http_status::internal_server_error, "ingest.io"};
    case IngestErrc::registry: return {http_status::internal_server_error, "ingest.registry"};
    case IngestErrc::unknown_format: return {http_status::bad_request, "ingest.unknown_format"};
    case IngestErrc::refused: return {http_status::unprocessable_entity, "ingest.refused"};
    case IngestErrc::publish: return {http_status::service_unavailable, "ingest.publish"};
    case IngestErrc::too_large: return {http_status::payload_too_large, "ingest.too_large"};
    case IngestErrc::bad_input: return {http_status::bad_request, "ingest.bad_input"};
    case IngestErrc::in_use: return {http_status::service_unavailable, "ingest.in_use"};
    case IngestErrc::not_found: return {http_status::not_found, "ingest.not_found"};
    case IngestErrc::already_originated:
      return {http_status::conflict, "ingest.already_originated"};
  }
  return {http_status::internal_server_error, "ingest.unknown"};
}

HttpError reconcile(reconcile::ReconcileErrc e) {
  using reconcile::ReconcileErrc;
  switch (e) {
    case ReconcileErrc::ok: return {http_status::ok, "reconcile.ok"};
    case ReconcileErrc::storage: return {http_status::internal_server_error, "reconcile.storage"};
    case ReconcileErrc::corrupt: return {http_status::internal_server_error, "reconcile.corrupt"};
    case ReconcileErrc::not_found: return {http_status::not_found, "reconcile.not_found"};
    case ReconcileErrc::invalid_argument: return {http_status::bad_request, "reconcile.invalid_argument"};
    case ReconcileErrc::invalid_state: return {http_status::conflict, "reconcile.invalid_state"};
    case ReconcileErrc::log: return {http_status::service_unavailable, "reconcile.log"};
    case ReconcileErrc::in_use: return {http_status::service_unavailable, "reconcile.in_use"};
    case ReconcileErrc::limit_exceeded: return {http_status::bad_request, "reconcile.limit_exceeded"};
  }
  return {http_status::internal_server_error, "reconcile.unknown"};
}

HttpError counter(counter::CounterErrc e) {
  using counter::CounterErrc;
  switch (e) {
    case CounterErrc::ok: return {http_status::ok, "counter.ok"};
    case CounterErrc::storage: return {http_status::internal_server_error, "counter.storage"};
    case CounterErrc::corrupt: return {http_status::internal_server_error, "counter.corrupt"};
    case CounterErrc::not_found: return {http_status::not_found, "counter.not_found"};
    case CounterErrc::invalid_argument: return {http_status::bad_request, "counter.invalid_argument"};
    case CounterErrc::invalid_state: return {http_status::conflict, "counter.invalid_state"};
    case CounterErrc::log: return {http_status::service_unavailable, "counter.log"};
    case CounterErrc::in_use: return {http_status::service_unavailable, "counter.in_use"};
    case CounterErrc::forbidden: return {http_status::forbidden, "counter.forbidden"};
    case CounterErrc::card_number: return {http_status::bad_request, "counter.card_number"};
    // The over/short is above the limit: the count is kept and waits for a supervisor.
    case CounterErrc::needs_sign_off: return {http_status::conflict, "counter.needs_sign_off"};
  }
  return {http_status::internal_server_error, "counter.unknown"};
}

HttpError api_store(ApiErrc e) {
  switch (e) {
    case ApiErrc::ok: return {http_status::ok, "api.ok"};
    case ApiErrc::storage: return {http_status::internal_server_error, "api.storage"};
    case ApiErrc::corrupt: return {http_status::internal_server_error, "api.corrupt"};
    case ApiErrc::not_found: return {http_status::not_found, "api.not_found"};
    case ApiErrc::invalid_argument: return {http_status::bad_request, "api.invalid_argument"};
    case ApiErrc::exists: return {http_status::conflict, "api.exists"};
    case ApiErrc::in_use: return {http_status::service_unavailable, "api.in_use"};
    // The codes the account routes answer with for the same cases (account_peers.h).
    case ApiErrc::not_owner: return {http_status::misdirected_request, "not_owner"};
    case ApiErrc::owner_unreachable: return {http_status::service_unavailable, "owner_unreachable"};
  }
  return {http_status::internal_server_error, "api.unknown"};
}

}  // namespace

HttpError http_error_for(const Error& error) {
  const std::error_category& category = error.code.category();
  if (category == core_category()) return core(static_cast<CoreErrc>(error.code.value()));
  if (category == ledger::ledger_category())
    return ledger(static_cast<ledger::LedgerErrc>(error.code.value()));
  if (category == ingest::ingest_category())
    return ingest(static_cast<ingest::IngestErrc>(error.code.value()));
  if (category == api_category()) return api_store(static_cast<ApiErrc>(error.code.value()));
  if (category == reconcile::reconcile_category())
    return reconcile(static_cast<reconcile::ReconcileErrc>(error.code.value()));
  if (category == counter::counter_category())
    return counter(static_cast<counter::CounterErrc>(error.code.value()));
  return {http_status::internal_server_error, "internal"};
}

}  // namespace tally::api
