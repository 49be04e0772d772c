#include "ledger/adjustments.h"

#include <rocksdb/db.h>

#include <algorithm>
#include <memory>

#include <fmt/format.h>

#include "core/account_reference.h"
#include "core/accounts.h"
#include "core/events/event_ids.h"
#include "core/money.h"
#include "core/printable.h"
#include "ledger/command_support.h"
#include "ledger/errors.h"
#include "ledger/keys.h"
#include "ledger/store.h"

namespace tally::ledger {
namespace {

using detail::check_text;

// Scoped by user: two people's keys never name the same request. Neither part holds a control
// character (check_actor), so the newline keeps them apart.
EventId request_id_for(const events::Actor& actor) {
  return events::command_id("adjustment-request:" + actor.user + "\n" + events::command_key(actor));
}

EventId approval_id_for(const EventId& request_id) {
  return events::derived_id(request_id, "adjustment-approved");
}

Status check_request(const AdjustmentRequest& r) {
  TALLY_TRY_STATUS(detail::check_command_actor(r.actor));
  if (r.amount_minor == 0)
    return ledger_error(LedgerErrc::invalid_argument, "amount: an adjustment of zero changes nothing");
  if (r.amount_minor > kMaxAmountMinor || r.amount_minor < -kMaxAmountMinor)
    return ledger_error(LedgerErrc::invalid_argument,
                        fmt::format("amount: beyond {} minor units either way", kMaxAmountMinor));
  return check_text(r.reason, "reason", kMaxAdjustmentReasonBytes);
}

// The request as the ledger will hold it, to compare a retry with.
bool same_request(const AdjustmentRequestState& held, const std::string& account_id,
                  const AdjustmentRequest& r) {
  return held.account_id == account_id && held.amount_minor == r.amount_minor &&
         held.currency == r.currency && held.reason == r.reason && held.requested_by == r.actor.user;
}

Result<std::optional<AdjustmentRequestState>> read_request(const Store& store, PartitionId p,
                                                           const EventId& id) {
  TALLY_TRY(auto value, get_value(*store.db, store.state, keys::adjustment(p, id)));
  if (!value) return std::optional<AdjustmentRequestState>();
  TALLY_TRY(AdjustmentRequestState state, decode_adjustment_request(*value));
  return std::optional<AdjustmentRequestState>(std::move(state));
}

}  // namespace

Result<std::optional<PendingAdjustment>> find_adjustment_request(const Ledger& ledger,
                                                                 const EventId& request_id) {
  const Store& store = ledger.store();
  for (PartitionId p : ledger.partitions()) {
    TALLY_TRY(auto held, read_request(store, p, request_id));
    if (held) return std::optional<PendingAdjustment>(PendingAdjustment{p, std::move(*held)});
  }
  return std::optional<PendingAdjustment>();
}

Result<AdjustmentRequested> request_adjustment(log::EventLog& log, const Ledger& ledger,
                                               const AdjustmentRequest& request) {
  TALLY_TRY_STATUS(check_request(request));
  const std::optional<std::string> account_id = identify_account(request.account);
  if (!account_id)
    return ledger_error(
        LedgerErrc::invalid_argument,
        fmt::format("account: '{}' is not a customer account number", printable(request.account)));
  const EventId id = request_id_for(request.actor);
  // A retry with the same key: the books answer it, without a second event.
  if (!request.actor.idempotency_key.empty()) {
    TALLY_TRY(auto held, find_adjustment_request(ledger, id));
    if (held && same_request(held->request, *account_id, request))
      return AdjustmentRequested{id, *account_id, std::nullopt};
    if (held)
      return ledger_error(LedgerErrc::conflicting_event,
                          fmt::format("idempotency key '{}' was used for another adjustment request",
                                      printable(request.actor.idempotency_key)));
  }
  events::Envelope e = events::command_envelope(id, events::ADJUSTMENT_REQUESTED,
                                                accounts::customer(*account_id),
                                                request.business_date, request.actor);
  auto* a = e.mutable_adjustment_requested();
  a->set_account_id(*account_id);
  a->mutable_amount()->set_minor(request.amount_minor);
  a->mutable_amount()->set_currency(std::string(request.currency.code()));
  a->set_reason(request.reason);
  a->set_requested_by(request.actor.user);
  TALLY_TRY(log::Appended appended, detail::append_event(log, e));
  return AdjustmentRequested{id, *account_id, appended};
}

Result<AdjustmentApproved> approve_adjustment(log::EventLog& log, const Ledger& ledger,
                                              const EventId& request_event_id,
                                              const events::Actor& actor) {
  TALLY_TRY_STATUS(detail::check_command_actor(actor));
  TALLY_TRY(auto held, find_adjustment_request(ledger, request_event_id));
  if (!held)
    return ledger_error(LedgerErrc::not_found,
                        fmt::format("no adjustment request {} in the books (never asked, or not "
                                    "posted yet)",
                                    request_event_id.to_hex()));
  AdjustmentRequestState& r = held->request;
  if (r.requested_by == actor.user)
    return ledger_error(LedgerErrc::invalid_argument,
                        fmt::format("a second person must approve: {} asked for this adjustment",
                                    printable(r.requested_by)));
  const EventId id = approval_id_for(request_event_id);
  if (r.status == AdjustmentStatus::kApproved) {
    if (r.approved_by == actor.user) return AdjustmentApproved{id, std::move(r), actor.user, std::nullopt};
    return ledger_error(LedgerErrc::already_done,
                        fmt::format("adjustment request {} was approved already by {}",
                                    request_event_id.to_hex(), printable(r.approved_by)));
  }
  events::Envelope e = events::command_envelope(id, events::ADJUSTMENT_POSTED,
                                                accounts::customer(r.account_id),
                                                BusinessDate::today_utc(), actor);
  auto* a = e.mutable_adjustment_posted();
  a->set_account_id(r.account_id);
  a->mutable_amount()->set_minor(r.amount_minor);
  a->mutable_amount()->set_currency(std::string(r.currency.code()));
  a->set_reason(r.reason);
  a->set_requested_by(r.requested_by);
  a->set_approver(actor.user);
  a->set_request_event_id(std::string(request_event_id.as_string_view()));
  TALLY_TRY(log::Appended appended, detail::append_event(log, e));
  return AdjustmentApproved{id, std::move(r), actor.user, appended};
}

Result<std::vector<PendingAdjustment>> pending_adjustments(const Ledger& ledger, std::size_t limit) {
  if (limit == 0 || limit > kMaxQueryLimit)
    return ledger_error(LedgerErrc::invalid_argument, fmt::format("limit must be 1..{}", kMaxQueryLimit));
  const Store& store = ledger.store();
  std::vector<PendingAdjustment> out;
  for (PartitionId p : ledger.partitions()) {
    const std::string prefix = keys::state_prefix(p, keys::kTagPendingAdjustment);
    std::unique_ptr<rocksdb::Iterator> it(store.db->NewIterator(total_order_read(), store.state));
    std::size_t taken = 0;
    for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix) && taken < limit; it->Next(), ++taken) {
      const std::string_view key = it->key().ToStringView();
      const auto id = key.size() == prefix.size() + keys::kSeqBytes + EventId::kBytes
                          ? EventId::from_bytes(key.substr(prefix.size() + keys::kSeqBytes))
                          : std::nullopt;
      if (!id)
        return ledger_error(LedgerErrc::corrupt, "a pending adjustment's key does not decode");
      TALLY_TRY(auto held, read_request(store, p, *id));
      if (!held || held->status != AdjustmentStatus::kPending)
        return ledger_error(LedgerErrc::corrupt,
                            fmt::format("adjustment request {} is listed as pending but is not",
                                        id->to_hex()));
      out.push_back({p, std::move(*held)});
    }
    if (!it->status().ok()) return storage_error(it->status(), "listing pending adjustments");
  }
  std::sort(out.begin(), out.end(), [](const PendingAdjustment& a, const PendingAdjustment& b) {
    if (a.request.recorded_at_us != b.request.recorded_at_us)
      return a.request.recorded_at_us < b.request.recorded_at_us;
    return a.request.request_id < b.request.request_id;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace tally::ledger
