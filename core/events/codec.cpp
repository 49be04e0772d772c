#include "core/events/codec.h"

#include <fmt/format.h>

#include "core/errors.h"

namespace tally::events {

EventType type_of_payload(const Envelope& e) {
  switch (e.payload_case()) {
    case Envelope::kPaymentReceived: return PAYMENT_RECEIVED;
    case Envelope::kPaymentReturned: return PAYMENT_RETURNED;
    case Envelope::kChargebackReceived: return CHARGEBACK_RECEIVED;
    case Envelope::kChargebackReversed: return CHARGEBACK_REVERSED;
    case Envelope::kNoticeOfChange: return NOTICE_OF_CHANGE;
    case Envelope::kBillIssued: return BILL_ISSUED;
    case Envelope::kDepositDeclared: return DEPOSIT_DECLARED;
    case Envelope::kBankTransaction: return BANK_TRANSACTION;
    case Envelope::kDrawerOpened: return DRAWER_OPENED;
    case Envelope::kDrawerClosed: return DRAWER_CLOSED;
    case Envelope::kPaymentVoided: return PAYMENT_VOIDED;
    case Envelope::kPaymentApplied: return PAYMENT_APPLIED;
    case Envelope::kAdjustmentPosted: return ADJUSTMENT_POSTED;
    case Envelope::kAutopayEnrolled: return AUTOPAY_ENROLLED;
    case Envelope::kAutopayRemoved: return AUTOPAY_REMOVED;
    case Envelope::kPolicySet: return POLICY_SET;
    case Envelope::kDiscrepancyRaised: return DISCREPANCY_RAISED;
    case Envelope::kDiscrepancyResolved: return DISCREPANCY_RESOLVED;
    case Envelope::kReconcileMatched: return RECONCILE_MATCHED;
    case Envelope::kBankBalanceReported: return BANK_BALANCE_REPORTED;
    case Envelope::kBooksEntryPosted: return BOOKS_ENTRY_POSTED;
    case Envelope::kUserChanged: return USER_CHANGED;
    case Envelope::kAdjustmentRequested: return ADJUSTMENT_REQUESTED;
    case Envelope::kFileUploaded: return FILE_UPLOADED;
    case Envelope::kDrawerCounted: return DRAWER_COUNTED;
    case Envelope::kCounterRequested: return COUNTER_REQUESTED;
    case Envelope::kDrawerCashMoved: return DRAWER_CASH_MOVED;
    case Envelope::kFilesPurged: return FILES_PURGED;
    case Envelope::PAYLOAD_NOT_SET: return EVENT_TYPE_UNSPECIFIED;
  }
  return EVENT_TYPE_UNSPECIFIED;
}

std::string_view type_name(EventType type) {
  const std::string& name = EventType_Name(type);
  return name.empty() ? std::string_view("UNKNOWN") : std::string_view(name);
}

Status validate(const Envelope& e) {
  if (e.schema_version() == 0 || e.schema_version() > kSchemaVersion)
    return core_error(CoreErrc::unknown_schema,
                      fmt::format("schema version {} (this build reads 1..{})",
                                  e.schema_version(), kSchemaVersion));
  if (e.id().size() != EventId::kBytes)
    return core_error(CoreErrc::bad_event, fmt::format("event id has {} bytes, not 16", e.id().size()));
  const EventType payload_type = type_of_payload(e);
  if (payload_type == EVENT_TYPE_UNSPECIFIED)
    return core_error(CoreErrc::bad_event, "event has no payload");
  if (payload_type != e.type())
    return core_error(CoreErrc::bad_event,
                      fmt::format("type {} does not match payload {}", type_name(e.type()),
                                  type_name(payload_type)));
  return ok_status();
}

std::string encode(const Envelope& e) {
  const Status valid = validate(e);
  TALLY_ASSERT(valid.ok(), "only well-formed events are written to the log");
  std::string out;
  TALLY_ASSERT(e.SerializeToString(&out), "protobuf serialization succeeds");
  return out;
}

Result<Envelope> decode(std::string_view bytes) {
  Envelope e;
  if (!e.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())))
    return core_error(CoreErrc::bad_event,
                      fmt::format("{} bytes are not a protobuf Envelope", bytes.size()));
  TALLY_TRY_STATUS(validate(e));
  return e;
}

EventId event_id_of(const Envelope& e) {
  auto id = EventId::from_bytes(e.id());
  TALLY_ASSERT(id.has_value(), "validated envelopes carry a 16-byte id");
  return *id;
}

}  // namespace tally::events
