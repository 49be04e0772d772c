#include "ledger/command_records.h"

#include <fmt/format.h>

#include "ledger/codec.h"
#include "ledger/errors.h"

namespace tally::ledger {
namespace {

constexpr std::uint8_t kVersion = 1;

Error corrupt(std::string_view what) {
  return ledger_error(LedgerErrc::corrupt, fmt::format("stored {} does not decode", what));
}

std::string cut(std::string_view s, std::size_t max) {
  return std::string(s.substr(0, max));
}

}  // namespace

std::string_view audit_outcome_name(AuditOutcome outcome) {
  switch (outcome) {
    case AuditOutcome::kApplied:
      return "applied";
    case AuditOutcome::kRefused:
      return "refused";
    case AuditOutcome::kParked:
      return "parked";
    case AuditOutcome::kConflicting:
      return "conflicting";
  }
  return "unrecognized";
}

bool is_command(const events::Envelope& e) {
  if (!e.has_source()) return false;
  const events::Source& s = e.source();
  return s.file_sha256().empty() && !s.user().empty();
}

AuditEntry audit_entry_of(const events::Envelope& e, AuditOutcome outcome, RefusalCode refusal) {
  const events::Source& s = e.source();
  AuditEntry v;
  v.event_id = events::event_id_of(e);
  v.event_type = static_cast<std::uint32_t>(e.type());
  v.business_date = BusinessDate::from_days(e.business_date());
  v.recorded_at_us = e.recorded_at_us();
  v.user = cut(s.user(), kMaxAuditFieldBytes);
  v.token_id = cut(s.token_id(), kMaxAuditFieldBytes);
  v.request_id = cut(s.request_id(), kMaxAuditFieldBytes);
  v.client_address = cut(s.client_address(), kMaxAuditFieldBytes);
  v.idempotency_key = cut(s.idempotency_key(), kMaxAuditFieldBytes);
  v.outcome = outcome;
  v.refusal = refusal;
  return v;
}

void encode_audit(const AuditEntry& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.bytes(v.event_id.as_string_view());
  w.u32(v.event_type);
  w.i32(v.business_date.days());
  w.i64(v.recorded_at_us);
  for (const std::string* s : {&v.user, &v.token_id, &v.request_id, &v.client_address, &v.idempotency_key})
    w.str(s->substr(0, kMaxAuditFieldBytes));
  w.u8(static_cast<std::uint8_t>(v.outcome));
  w.u16(static_cast<std::uint16_t>(v.refusal));
}

Result<AuditEntry> decode_audit(std::string_view value) {
  ValueReader r(value);
  AuditEntry v;
  const bool version_ok = r.u8() == kVersion;
  v.event_id = EventId(r.array<EventId::kBytes>());
  v.event_type = r.u32();
  v.business_date = BusinessDate::from_days(r.i32());
  v.recorded_at_us = r.i64();
  for (std::string* s : {&v.user, &v.token_id, &v.request_id, &v.client_address, &v.idempotency_key})
    *s = std::string(r.str(kMaxAuditFieldBytes));
  const std::uint8_t outcome = r.u8();
  v.refusal = static_cast<RefusalCode>(r.u16());
  if (!version_ok || !r.done() || outcome < 1 || outcome > 4) return corrupt("audit entry");
  v.outcome = static_cast<AuditOutcome>(outcome);
  return v;
}

void encode_adjustment_request(const AdjustmentRequestState& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.bytes(v.request_id.as_string_view());
  w.str(v.account_id.substr(0, kMaxIdBytes));
  w.i64(v.amount_minor);
  w.bytes(v.currency.code());
  w.str(v.reason.substr(0, kMaxAdjustmentReasonBytes));
  w.str(v.requested_by.substr(0, kMaxIdBytes));
  w.i32(v.business_date.days());
  w.i64(v.recorded_at_us);
  w.u8(static_cast<std::uint8_t>(v.status));
  w.str(v.approved_by.substr(0, kMaxIdBytes));
  w.bytes(v.posted_id.as_string_view());
}

Result<AdjustmentRequestState> decode_adjustment_request(std::string_view value) {
  ValueReader r(value);
  AdjustmentRequestState v;
  const bool version_ok = r.u8() == kVersion;
  v.request_id = EventId(r.array<EventId::kBytes>());
  v.account_id = std::string(r.str(kMaxIdBytes));
  v.amount_minor = r.i64();
  const auto currency = Currency::from_code(r.bytes(3));
  v.reason = std::string(r.str(kMaxAdjustmentReasonBytes));
  v.requested_by = std::string(r.str(kMaxIdBytes));
  v.business_date = BusinessDate::from_days(r.i32());
  v.recorded_at_us = r.i64();
  const std::uint8_t status = r.u8();
  v.approved_by = std::string(r.str(kMaxIdBytes));
  v.posted_id = EventId(r.array<EventId::kBytes>());
  if (!version_ok || !currency || !r.done() || status < 1 || status > 2)
    return corrupt("adjustment request");
  v.currency = *currency;
  v.status = static_cast<AdjustmentStatus>(status);
  return v;
}

SuspenseDetail suspense_detail_of(const events::Envelope& e) {
  const events::PaymentReceived& p = e.payment_received();
  SuspenseDetail v;
  v.business_date = BusinessDate::from_days(e.business_date());
  v.payer_name = cut(p.payer_name(), kMaxPayerNameBytes);
  v.external_reference = cut(p.external_reference(), kMaxSuspenseReferenceBytes);
  v.check_number = cut(p.method().check_number(), kMaxCheckNumberBytes);
  v.remittance = cut(p.remittance(), kMaxRemittanceBytes);
  v.deposit_reference = cut(p.deposit_reference(), kMaxSuspenseReferenceBytes);
  return v;
}

void encode_suspense_detail(const SuspenseDetail& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.i32(v.business_date.days());
  w.str(v.payer_name.substr(0, kMaxPayerNameBytes));
  w.str(v.external_reference.substr(0, kMaxSuspenseReferenceBytes));
  w.str(v.check_number.substr(0, kMaxCheckNumberBytes));
  w.str(v.remittance.substr(0, kMaxRemittanceBytes));
  w.str(v.deposit_reference.substr(0, kMaxSuspenseReferenceBytes));
}

Result<SuspenseDetail> decode_suspense_detail(std::string_view value) {
  ValueReader r(value);
  SuspenseDetail v;
  const bool version_ok = r.u8() == kVersion;
  v.business_date = BusinessDate::from_days(r.i32());
  v.payer_name = std::string(r.str(kMaxPayerNameBytes));
  v.external_reference = std::string(r.str(kMaxSuspenseReferenceBytes));
  v.check_number = std::string(r.str(kMaxCheckNumberBytes));
  v.remittance = std::string(r.str(kMaxRemittanceBytes));
  v.deposit_reference = std::string(r.str(kMaxSuspenseReferenceBytes));
  if (!version_ok || !r.done()) return corrupt("suspense payment detail");
  return v;
}

}  // namespace tally::ledger
