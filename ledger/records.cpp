#include "ledger/records.h"

#include <map>
#include <optional>

#include <fmt/format.h>

#include "core/money.h"
#include "ledger/codec.h"
#include "ledger/errors.h"
#include "core/sha256.h"

namespace tally::ledger {
namespace {

constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kHashBytes = 32;

Error corrupt(std::string_view what) {
  return ledger_error(LedgerErrc::corrupt, fmt::format("stored {} does not decode", what));
}

void put_currency(ValueWriter& w, Currency c) {
  w.bytes(c.code());
}

// Reads a 3-letter code; an unknown one makes the reader fail.
Currency get_currency(ValueReader& r, bool& ok) {
  const std::string_view code = r.bytes(3);
  const auto c = Currency::from_code(code);
  if (!c) {
    ok = false;
    return Currency::usd();
  }
  return *c;
}

bool check_version(ValueReader& r) {
  return r.u8() == kVersion && r.ok();
}

EventId get_id(ValueReader& r) {
  return EventId(r.array<EventId::kBytes>());
}

}  // namespace

bool postings_balance(const std::vector<Posting>& postings) {
  std::map<std::string, std::int64_t, std::less<>> sums;
  for (const Posting& p : postings) {
    auto& sum = sums[std::string(p.currency.code())];
    const auto next = checked_add(sum, p.amount_minor);
    if (!next) return false;
    sum = *next;
  }
  for (const auto& [code, sum] : sums)
    if (sum != 0) return false;
  return true;
}

void encode_entry(Entry& e, std::string& out) {
  TALLY_ASSERT(postings_balance(e.postings), "the postings of a journal entry sum to zero");
  TALLY_ASSERT(e.postings.size() <= kMaxPostingsPerEntry, "entries have few postings");
  const std::size_t start = out.size();
  ValueWriter w(out);
  w.u8(kVersion);
  w.u64(e.seq.value());
  w.bytes(e.event_id.as_string_view());
  w.u32(e.event_type);
  w.i32(e.business_date.days());
  w.i64(e.position.value());
  w.bytes({reinterpret_cast<const char*>(e.payload_digest.data()), e.payload_digest.size()});
  w.bytes({reinterpret_cast<const char*>(e.prev_hash.data()), e.prev_hash.size()});
  log::put_varint32(out, static_cast<std::uint32_t>(e.postings.size()));
  for (const Posting& p : e.postings) {
    w.str(p.account);
    w.i64(p.amount_minor);
    put_currency(w, p.currency);
  }
  w.str(e.memo);
  e.hash = sha256(std::string_view(out).substr(start));
  w.bytes({reinterpret_cast<const char*>(e.hash.data()), e.hash.size()});
}

Result<Entry> decode_entry(std::string_view value) {
  ValueReader r(value);
  Entry e;
  bool ok = check_version(r);
  e.seq = EntrySequence(r.u64());
  e.event_id = get_id(r);
  e.event_type = r.u32();
  e.business_date = BusinessDate::from_days(r.i32());
  e.position = LogPosition(r.i64());
  e.payload_digest = r.array<16>();
  e.prev_hash = r.array<32>();
  std::uint32_t count = 0;
  std::string_view rest = value.substr(value.size() - r.remaining());
  if (!ok || !r.ok() || !log::get_varint32(rest, count) || count > kMaxPostingsPerEntry)
    return corrupt("journal entry");
  ValueReader body(rest);
  e.postings.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    Posting p;
    p.account = std::string(body.str(kMaxTextBytes));
    p.amount_minor = body.i64();
    p.currency = get_currency(body, ok);
    e.postings.push_back(std::move(p));
  }
  e.memo = std::string(body.str(kMaxMemoBytes));
  e.hash = body.array<32>();
  if (!ok || !body.done()) return corrupt("journal entry");
  return e;
}

Result<Sha256Digest> entry_body_hash(std::string_view value) {
  if (value.size() <= kHashBytes) return corrupt("journal entry");
  return sha256(value.substr(0, value.size() - kHashBytes));
}

void encode_posting(const PostingValue& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.i64(v.amount_minor);
  put_currency(w, v.currency);
  w.i32(v.business_date.days());
  w.i64(v.balance_after_minor);
  w.i32(v.max_date.days());
  w.u8(v.late ? 1 : 0);
}

Result<PostingValue> decode_posting(std::string_view value) {
  ValueReader r(value);
  PostingValue v;
  bool ok = check_version(r);
  v.amount_minor = r.i64();
  v.currency = get_currency(r, ok);
  v.business_date = BusinessDate::from_days(r.i32());
  v.balance_after_minor = r.i64();
  v.max_date = BusinessDate::from_days(r.i32());
  v.late = r.u8() != 0;
  if (!ok || !r.done()) return corrupt("posting");
  return v;
}

void encode_balance(const BalanceValue& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  put_currency(w, v.currency);
  w.i64(v.balance_minor);
  w.u64(v.postings);
  w.u64(v.last_seq.value());
  w.i32(v.max_date.days());
}

Result<BalanceValue> decode_balance(std::string_view value) {
  ValueReader r(value);
  BalanceValue v;
  bool ok = check_version(r);
  v.currency = get_currency(r, ok);
  v.balance_minor = r.i64();
  v.postings = r.u64();
  v.last_seq = EntrySequence(r.u64());
  v.max_date = BusinessDate::from_days(r.i32());
  if (!ok || !r.done()) return corrupt("balance");
  return v;
}

void encode_id(const IdValue& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.u8(static_cast<std::uint8_t>(v.status));
  w.u64(v.where);
  w.bytes({reinterpret_cast<const char*>(v.digest.data()), v.digest.size()});
}

Result<IdValue> decode_id(std::string_view value) {
  ValueReader r(value);
  IdValue v;
  const bool ok = check_version(r);
  const std::uint8_t status = r.u8();
  v.where = r.u64();
  v.digest = r.array<16>();
  if (!ok || !r.done() || status < 1 || status > 3) return corrupt("event id index value");
  v.status = static_cast<IdStatus>(status);
  return v;
}

void encode_partition_state(const PartitionState& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.i64(v.next_position.value());
  w.u64(v.next_seq.value());
  w.bytes({reinterpret_cast<const char*>(v.head.data()), v.head.size()});
  for (std::uint64_t c : {v.applied, v.duplicates, v.conflicts, v.refused, v.parked, v.dead_letters,
                          v.next_discrepancy, v.next_letter, v.next_removal})
    w.u64(c);
}

Result<PartitionState> decode_partition_state(std::string_view value) {
  ValueReader r(value);
  PartitionState v;
  const bool ok = check_version(r);
  v.next_position = LogPosition(r.i64());
  v.next_seq = EntrySequence(r.u64());
  v.head = r.array<32>();
  for (std::uint64_t* c : {&v.applied, &v.duplicates, &v.conflicts, &v.refused, &v.parked,
                           &v.dead_letters, &v.next_discrepancy, &v.next_letter, &v.next_removal})
    *c = r.u64();
  if (!ok || !r.done()) return corrupt("partition state");
  return v;
}

void encode_payment_state(const PaymentState& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.str(v.holder);
  w.str(v.clearing);
  w.i64(v.amount_minor);
  put_currency(w, v.currency);
  w.i64(v.returned_minor);
  w.u8(v.voided ? 1 : 0);
}

Result<PaymentState> decode_payment_state(std::string_view value) {
  ValueReader r(value);
  PaymentState v;
  bool ok = check_version(r);
  v.holder = std::string(r.str(kMaxTextBytes));
  v.clearing = std::string(r.str(kMaxTextBytes));
  v.amount_minor = r.i64();
  v.currency = get_currency(r, ok);
  v.returned_minor = r.i64();
  v.voided = r.u8() != 0;
  if (!ok || !r.done()) return corrupt("payment state");
  return v;
}

void encode_chargeback_state(const ChargebackState& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.str(v.holder);
  w.str(v.clearing);
  w.i64(v.amount_minor);
  put_currency(w, v.currency);
  w.i64(v.reversed_minor);
}

Result<ChargebackState> decode_chargeback_state(std::string_view value) {
  ValueReader r(value);
  ChargebackState v;
  bool ok = check_version(r);
  v.holder = std::string(r.str(kMaxTextBytes));
  v.clearing = std::string(r.str(kMaxTextBytes));
  v.amount_minor = r.i64();
  v.currency = get_currency(r, ok);
  v.reversed_minor = r.i64();
  if (!ok || !r.done()) return corrupt("chargeback state");
  return v;
}

void encode_drawer_session(const DrawerSession& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.str(v.drawer_id);
  w.i64(v.float_minor);
  put_currency(w, v.currency);
  w.u8(v.open ? 1 : 0);
}

Result<DrawerSession> decode_drawer_session(std::string_view value) {
  ValueReader r(value);
  DrawerSession v;
  bool ok = check_version(r);
  v.drawer_id = std::string(r.str(kMaxTextBytes));
  v.float_minor = r.i64();
  v.currency = get_currency(r, ok);
  v.open = r.u8() != 0;
  if (!ok || !r.done()) return corrupt("drawer session");
  return v;
}

void encode_autopay(const AutopayState& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.u8(v.enrolled ? 1 : 0);
  TALLY_ASSERT(v.nsf_dates.size() <= kMaxNsfDates, "NSF dates are bounded");
  w.u32(static_cast<std::uint32_t>(v.nsf_dates.size()));
  for (BusinessDate d : v.nsf_dates) w.i32(d.days());
  w.str(v.routing);
  w.u8(v.savings ? 1 : 0);
  w.str(v.holder_name);
  w.str(v.account_last4);
  w.str(v.account_sealed);
  // Added after the first layout: a value without them decodes with none.
  w.str(v.hold_code);
  w.i32(v.hold_date.days());
  w.str(v.ended_code);
  TALLY_ASSERT(v.withheld.size() <= kMaxWithheld, "withheld amounts are bounded");
  w.u32(static_cast<std::uint32_t>(v.withheld.size()));
  for (const WithheldAmount& h : v.withheld) {
    w.i32(h.date.days());
    w.i64(h.amount_minor);
    w.str(h.why);
  }
}

Result<AutopayState> decode_autopay(std::string_view value) {
  ValueReader r(value);
  AutopayState v;
  const bool ok = check_version(r);
  v.enrolled = r.u8() != 0;
  const std::uint32_t n = r.u32();
  if (!ok || !r.ok() || n > kMaxNsfDates) return corrupt("autopay state");
  for (std::uint32_t i = 0; i < n; ++i) v.nsf_dates.push_back(BusinessDate::from_days(r.i32()));
  v.routing = std::string(r.str(16));
  v.savings = r.u8() != 0;
  v.holder_name = std::string(r.str(64));
  v.account_last4 = std::string(r.str(4));
  v.account_sealed = std::string(r.str(256));
  if (r.ok() && !r.done()) {
    v.hold_code = std::string(r.str(8));
    v.hold_date = BusinessDate::from_days(r.i32());
    v.ended_code = std::string(r.str(8));
    const std::uint32_t withheld = r.u32();
    if (!r.ok() || withheld > kMaxWithheld) return corrupt("autopay state");
    for (std::uint32_t i = 0; i < withheld; ++i) {
      WithheldAmount h;
      h.date = BusinessDate::from_days(r.i32());
      h.amount_minor = r.i64();
      h.why = std::string(r.str(16));
      v.withheld.push_back(std::move(h));
    }
  }
  if (!r.ok() || !r.done()) return corrupt("autopay state");
  return v;
}

void encode_letter(const ReturnLetter& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.str(v.account);
  w.bytes(v.payment_id.as_string_view());
  w.bytes(v.return_id.as_string_view());
  w.str(v.return_code);
  w.str(v.reason);
  w.i32(v.date.days());
  w.i64(v.amount_minor);
  w.i64(v.fee_minor);
  put_currency(w, v.currency);
  w.str(v.original_reference);  // added after the first layout
}

Result<ReturnLetter> decode_letter(std::string_view value) {
  ValueReader r(value);
  ReturnLetter v;
  bool ok = check_version(r);
  v.account = std::string(r.str(kMaxTextBytes));
  v.payment_id = get_id(r);
  v.return_id = get_id(r);
  v.return_code = std::string(r.str(kMaxTextBytes));
  v.reason = std::string(r.str(kMaxTextBytes));
  v.date = BusinessDate::from_days(r.i32());
  v.amount_minor = r.i64();
  v.fee_minor = r.i64();
  v.currency = get_currency(r, ok);
  if (ok && r.ok() && !r.done()) v.original_reference = std::string(r.str(kMaxTextBytes));
  if (!ok || !r.ok() || !r.done()) return corrupt("return letter");
  return v;
}

void encode_removal(const AutopayRemoval& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.bytes(v.removal_id.as_string_view());
  w.bytes(v.trigger_id.as_string_view());
  w.str(v.account);
  w.str(v.reason);
  w.i32(v.date.days());
}

Result<AutopayRemoval> decode_removal(std::string_view value) {
  ValueReader r(value);
  AutopayRemoval v;
  const bool ok = check_version(r);
  v.removal_id = get_id(r);
  v.trigger_id = get_id(r);
  v.account = std::string(r.str(kMaxTextBytes));
  v.reason = std::string(r.str(kMaxTextBytes));
  v.date = BusinessDate::from_days(r.i32());
  if (!ok || !r.done()) return corrupt("autopay removal");
  return v;
}

void encode_discrepancy(const Discrepancy& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.u32(v.kind);
  w.bytes(v.event_id.as_string_view());
  w.u32(v.event_type);
  w.i64(v.position.value());
  w.i32(v.business_date.days());
  w.str(v.reason.size() > kMaxTextBytes ? std::string_view(v.reason).substr(0, kMaxTextBytes)
                                        : std::string_view(v.reason));
  w.i64(v.recorded_at_us);
  w.u16(static_cast<std::uint16_t>(v.code));
}

Result<Discrepancy> decode_discrepancy(std::string_view value) {
  ValueReader r(value);
  Discrepancy v;
  const bool ok = check_version(r);
  v.kind = r.u32();
  v.event_id = get_id(r);
  v.event_type = r.u32();
  v.position = LogPosition(r.i64());
  v.business_date = BusinessDate::from_days(r.i32());
  v.reason = std::string(r.str(kMaxTextBytes));
  // Absent in older values.
  if (r.ok() && r.remaining() > 0) v.recorded_at_us = r.i64();
  if (r.ok() && r.remaining() > 0) v.code = static_cast<RefusalCode>(r.u16());
  if (!ok || !r.done()) return corrupt("discrepancy");
  return v;
}

void encode_parked(const ParkedEvent& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.u8(static_cast<std::uint8_t>(v.wait_kind));
  w.str(v.wait_key);
  w.i64(v.position.value());
  w.str(v.event_bytes);
}

Result<ParkedEvent> decode_parked(std::string_view value) {
  ValueReader r(value);
  ParkedEvent v;
  const bool ok = check_version(r);
  const std::uint8_t kind = r.u8();
  v.wait_key = std::string(r.str(kMaxTextBytes));
  v.position = LogPosition(r.i64());
  v.event_bytes = std::string(r.str(kMaxParkedEventBytes));
  if (!ok || !r.done() ||
      (kind != static_cast<std::uint8_t>(WaitKind::kPaymentId) &&
       kind != static_cast<std::uint8_t>(WaitKind::kReference)))
    return corrupt("parked event");
  v.wait_kind = static_cast<WaitKind>(kind);
  return v;
}

void encode_late_posting(const LatePosting& v, std::string& out) {
  ValueWriter w(out);
  w.u8(kVersion);
  w.i64(v.amount_minor);
  w.i32(v.business_date.days());
}

Result<LatePosting> decode_late_posting(std::string_view value) {
  constexpr std::size_t kUnversionedBytes = 12;  // be64 amount, be32 date
  ValueReader r(value);
  const bool ok = value.size() == kUnversionedBytes || check_version(r);
  LatePosting v;
  v.amount_minor = r.i64();
  v.business_date = BusinessDate::from_days(r.i32());
  if (!ok || !r.done()) return corrupt("late posting");
  return v;
}

}  // namespace tally::ledger
