// The ledger's RocksDB key layout (also in ledger/README.md). One database in
// Config::ledger_dir() holds the partitions this process owns. Every key starts with the
// partition, big-endian, so a partition's state is one contiguous range per column family
// and keys sort by (partition, ...). Integers are big-endian so byte order = numeric order.
//
//   column family  key                                              value (records.h)
//   journal        be32 partition, be64 sequence                    Entry (with hash chain)
//   postings       be32 partition, account, 0x00, be64 ~sequence    PostingValue
//   balances       be32 partition, account                          BalanceValue
//   ids            be32 partition, event id (16 bytes)              IdValue
//   refs           be32 partition, kind, reference, 0x00, event id  be64 sequence (see kinds)
//   state          be32 partition, tag, ...                         see the tags below
//   meta           be32 partition                                   PartitionState
//                  "format"                                         kFormatVersion as text
//
// postings stores the sequence inverted (~seq) so a forward Seek to (account, ~S) lands on
// the account's last posting at or before sequence S: point-in-time balances and newest-
// first history need no reverse iteration. Account names never contain 0x00 (checked when
// an event is applied), so "customer:1" and "customer:10" never share a prefix.
// refs is written once per payment (and chargeback case) and only read by prefix: the
// payments a return names by reference, newest arrival last. Customers' names, notices of
// change and letters are refs too, read by prefix from the account page and search.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/ids.h"
#include "core/log/record_key.h"

namespace tally::ledger::keys {

inline constexpr const char* kJournal = "journal";
inline constexpr const char* kPostings = "postings";
inline constexpr const char* kBalances = "balances";
inline constexpr const char* kIds = "ids";
inline constexpr const char* kRefs = "refs";
inline constexpr const char* kState = "state";
inline constexpr const char* kMeta = "meta";
inline constexpr const char* kFormatKey = "format";
inline constexpr const char* kFormatVersion = "tally-ledger-1";

inline constexpr std::size_t kPartitionBytes = 4;
inline constexpr std::size_t kSeqBytes = 8;
inline constexpr std::size_t kMaxAccountBytes = 200;
inline constexpr std::size_t kMaxReferenceBytes = 200;

// refs kinds
inline constexpr char kRefPayment = 'p';     // payment external reference -> payment id
inline constexpr char kRefChargeback = 'c';  // processor + case id -> chargeback id
inline constexpr char kRefNotice = 'g';      // customer account, notice id -> be64 entry sequence
inline constexpr char kRefLetter = 'l';      // customer account, return id -> be64 letter number
// A customer's name as their payments gave it (search.h): the account's last one, and each
// word of every one (word 0x01 account, a zero id) -> the name.
inline constexpr char kRefAccountName = 'm';  // customer account, zero id -> name
inline constexpr char kRefNameWord = 'n';     // word 0x01 account, zero id -> name

// state tags: be32 partition, tag, then
inline constexpr char kTagPayment = 'p';      // event id16            -> PaymentState
inline constexpr char kTagChargeback = 'k';   // event id16            -> ChargebackState
inline constexpr char kTagDrawer = 'd';       // session id            -> DrawerSession
inline constexpr char kTagAutopay = 'a';      // account               -> AutopayState
inline constexpr char kTagLetter = 'l';       // be64 number           -> ReturnLetter
inline constexpr char kTagRemoval = 'r';      // be64 number           -> AutopayRemoval
inline constexpr char kTagDiscrepancy = 'q';  // be64 number           -> Discrepancy
inline constexpr char kTagParked = 'x';       // be64 log position     -> ParkedEvent
inline constexpr char kTagPolicy = 'o';       // be64 entry sequence   -> Policy
inline constexpr char kTagLate = 'L';         // account 0x00 be64 seq -> LatePosting
// People's commands (command_records.h). recorded-at is the event's, in microseconds, clamped
// at 0 in keys so that the order is numeric.
inline constexpr char kTagAudit = 'u';        // be64 recorded-at, id16 -> AuditEntry
inline constexpr char kTagAuditByUser = 'U';  // user 0x00 be64 recorded-at id16 -> AuditEntry
inline constexpr char kTagAdjustment = 'j';   // request id16 -> AdjustmentRequestState
inline constexpr char kTagPendingAdjustment = 'J';  // be64 recorded-at, request id16 -> ""
inline constexpr char kTagSuspenseDetail = 's';     // payment id16 -> SuspenseDetail
// A late posting has a business date earlier than an earlier posting of its account. The
// few there are make balance-as-of-date exact without scanning an account's history:
// see queries.cpp.

inline std::string partition_prefix(PartitionId p) {
  std::string k;
  log::put_be32(k, p.value());
  return k;
}

inline std::string journal(PartitionId p, EntrySequence seq) {
  std::string k;
  k.reserve(12);
  log::put_be32(k, p.value());
  log::put_be64(k, seq.value());
  return k;
}

// The prefix of one (partition, account)'s postings: the hash memtable's bucket.
inline std::string posting_prefix(PartitionId p, std::string_view account) {
  std::string k;
  k.reserve(kPartitionBytes + account.size() + 1 + kSeqBytes);
  log::put_be32(k, p.value());
  k.append(account);
  k.push_back('\0');
  return k;
}
inline std::string posting(PartitionId p, std::string_view account, EntrySequence seq) {
  std::string k = posting_prefix(p, account);
  log::put_be64(k, ~seq.value());
  return k;
}
inline void append_posting(std::string& out, PartitionId p, std::string_view account,
                           EntrySequence seq) {
  log::put_be32(out, p.value());
  out.append(account);
  out.push_back('\0');
  log::put_be64(out, ~seq.value());
}
inline EntrySequence posting_sequence(std::string_view key) {
  return EntrySequence(~log::get_be(key, key.size() - kSeqBytes, kSeqBytes));
}

inline std::string balance(PartitionId p, std::string_view account) {
  std::string k;
  k.reserve(kPartitionBytes + account.size());
  log::put_be32(k, p.value());
  k.append(account);
  return k;
}

inline std::string id(PartitionId p, const EventId& event) {
  std::string k;
  k.reserve(kPartitionBytes + EventId::kBytes);
  log::put_be32(k, p.value());
  k.append(event.as_string_view());
  return k;
}

// The ids key as a value type: the apply loop keeps many of them in hash maps, and a
// 20-byte std::string would allocate for each.
using IdKey = std::array<char, kPartitionBytes + EventId::kBytes>;
inline IdKey id_key(PartitionId p, const EventId& event) {
  IdKey k{};
  for (std::size_t i = 0; i < kPartitionBytes; ++i)
    k[i] = static_cast<char>((p.value() >> (8 * (kPartitionBytes - 1 - i))) & 0xff);
  const std::string_view id = event.as_string_view();
  std::copy(id.begin(), id.end(), k.begin() + kPartitionBytes);
  return k;
}
inline std::string_view view(const IdKey& k) {
  return {k.data(), k.size()};
}
struct IdKeyHash {
  std::size_t operator()(const IdKey& k) const noexcept {
    std::size_t h = 0;  // event ids are SHA-256 output: any 8 bytes hash well
    for (std::size_t i = kPartitionBytes; i < kPartitionBytes + 8; ++i)
      h = (h << 8) | static_cast<std::uint8_t>(k[i]);
    return h ^ static_cast<std::uint8_t>(k[kPartitionBytes - 1]);
  }
};

inline std::string ref_prefix(PartitionId p, char kind, std::string_view reference) {
  std::string k;
  k.reserve(kPartitionBytes + 1 + reference.size() + 1 + EventId::kBytes);
  log::put_be32(k, p.value());
  k.push_back(kind);
  k.append(reference);
  k.push_back('\0');
  return k;
}
inline std::string ref(PartitionId p, char kind, std::string_view reference, const EventId& event) {
  std::string k = ref_prefix(p, kind, reference);
  k.append(event.as_string_view());
  return k;
}

// A name word's reference: the word, 0x01, the account (names_test: words hold no 0x01).
inline std::string name_word_reference(std::string_view word, std::string_view account) {
  std::string r(word);
  r.push_back('\x01');
  r.append(account);
  return r;
}

inline std::string state_prefix(PartitionId p, char tag) {
  std::string k;
  log::put_be32(k, p.value());
  k.push_back(tag);
  return k;
}
inline std::string state(PartitionId p, char tag, std::string_view name) {
  std::string k = state_prefix(p, tag);
  k.append(name);
  return k;
}
inline std::string state_numbered(PartitionId p, char tag, std::uint64_t n) {
  std::string k = state_prefix(p, tag);
  log::put_be64(k, n);
  return k;
}

// A time in a key: microseconds, never negative, so byte order is time order.
inline std::uint64_t time_key(std::int64_t us) {
  return us < 0 ? 0 : static_cast<std::uint64_t>(us);
}
// prefix, be64 time: where a range of timed keys ('u', 'U', 'J') starts.
inline std::string timed(std::string prefix, std::int64_t us) {
  log::put_be64(prefix, time_key(us));
  return prefix;
}
inline std::string timed(std::string prefix, std::int64_t us, const EventId& id) {
  std::string k = timed(std::move(prefix), us);
  k.append(id.as_string_view());
  return k;
}
// The time of a timed key whose prefix is `prefix_size` bytes.
inline std::uint64_t timed_at(std::string_view key, std::size_t prefix_size) {
  return key.size() < prefix_size + kSeqBytes ? 0 : log::get_be(key, prefix_size, kSeqBytes);
}
// One user's audit entries. A user name never holds 0x00 in this index (the ledger leaves
// such a name out of it), so "ann" and "anna" never share a prefix.
inline std::string audit_user_prefix(PartitionId p, std::string_view user) {
  std::string k = state_prefix(p, kTagAuditByUser);
  k.append(user);
  k.push_back('\0');
  return k;
}
inline std::string audit(PartitionId p, std::int64_t recorded_at_us, const EventId& event) {
  return timed(state_prefix(p, kTagAudit), recorded_at_us, event);
}
inline std::string audit_by_user(PartitionId p, std::string_view user, std::int64_t recorded_at_us,
                                 const EventId& event) {
  return timed(audit_user_prefix(p, user), recorded_at_us, event);
}
inline std::string adjustment(PartitionId p, const EventId& request) {
  return state(p, kTagAdjustment, request.as_string_view());
}
inline std::string pending_adjustment(PartitionId p, std::int64_t recorded_at_us,
                                      const EventId& request) {
  return timed(state_prefix(p, kTagPendingAdjustment), recorded_at_us, request);
}
inline std::string suspense_detail(PartitionId p, const EventId& payment) {
  return state(p, kTagSuspenseDetail, payment.as_string_view());
}

inline std::string late_prefix(PartitionId p, std::string_view account) {
  std::string k = state_prefix(p, kTagLate);
  k.append(account);
  k.push_back('\0');
  return k;
}
inline std::string late(PartitionId p, std::string_view account, EntrySequence seq) {
  std::string k = late_prefix(p, account);
  log::put_be64(k, seq.value());
  return k;
}

inline std::string meta(PartitionId p) {
  return partition_prefix(p);
}

inline PartitionId partition_of(std::string_view key) {
  return PartitionId(static_cast<std::uint32_t>(log::get_be(key, 0, kPartitionBytes)));
}

}  // namespace tally::ledger::keys
