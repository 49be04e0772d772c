// The reconciler's RocksDB keys (one database, its default column family), each starting
// with a tag byte. A persisted layout: never change a tag or a layout; add new tags.
//
//   'P' be32 partition                        -> be64 next log position to read
//   'I' 16 item id                            -> Item (item.h), every item ever seen
//   'O' u8 polarity, be64 amount, be32 date, 16 item id
//                                             -> Item: the open items, in the order the
//                                                matcher reads them (polarity 'c' or 'd')
//   'C' 16 item id                            -> 16 match id: who claimed the item
//   'M' 16 match id                           -> be32 business date, ReconcileMatched bytes
//   'D' str discrepancy id                    -> be32 business date, DiscrepancyRaised bytes
//   'S' str discrepancy id, 0x00, be64 recorded-at, 16 event id
//                                             -> DiscrepancyResolved bytes: lifecycle steps
//   'B' str bank account, 0x00, be32 date     -> BankBalanceReported bytes
//   'E' 16 event id                           -> be32 business date, BooksEntryPosted bytes
//   'W' 16 event id                           -> be32 business date, DrawerClosed bytes
//                                                (closes with an over/short)
//   'Z' "seen again"                          -> be64: item events read a second time
//
// Strings in keys (discrepancy ids, bank accounts) never hold 0x00: ids are generated and
// accounts masked to digits; the separator keeps "12" from prefixing "123".
#pragma once

#include <string>
#include <string_view>

#include "core/business_date.h"
#include "core/ids.h"
#include "core/log/record_key.h"
#include "reconcile/item.h"

namespace tally::reconcile::keys {

inline constexpr char kPosition = 'P';
inline constexpr char kItem = 'I';
inline constexpr char kOpen = 'O';
inline constexpr char kClaim = 'C';
inline constexpr char kMatch = 'M';
inline constexpr char kDiscrepancy = 'D';
inline constexpr char kStep = 'S';
inline constexpr char kBalance = 'B';
inline constexpr char kBooksEntry = 'E';
inline constexpr char kDrawerClose = 'W';
inline constexpr char kCounter = 'Z';

inline std::string tagged(char tag, std::string_view rest) {
  std::string k(1, tag);
  k.append(rest);
  return k;
}
inline std::string position(PartitionId p) {
  std::string k(1, kPosition);
  log::put_be32(k, p.value());
  return k;
}
inline std::string item(const EventId& id) { return tagged(kItem, id.as_string_view()); }
inline std::string claim(const EventId& id) { return tagged(kClaim, id.as_string_view()); }
inline std::string match(const EventId& id) { return tagged(kMatch, id.as_string_view()); }
inline std::string books_entry(const EventId& id) { return tagged(kBooksEntry, id.as_string_view()); }
inline std::string drawer_close(const EventId& id) { return tagged(kDrawerClose, id.as_string_view()); }

inline char polarity(ItemKind kind) { return is_credit(kind) ? 'c' : 'd'; }

// Dates are days since 1970 (non-negative for any date Tally reads): big-endian sorts them.
inline std::string open_item(const Item& item) {
  std::string k(1, kOpen);
  k.push_back(polarity(item.kind));
  log::put_be64(k, static_cast<std::uint64_t>(item.amount_minor));
  log::put_be32(k, static_cast<std::uint32_t>(item.date.days()));
  k.append(item.id.as_string_view());
  return k;
}
inline std::string discrepancy(std::string_view id) { return tagged(kDiscrepancy, id); }
inline std::string steps_prefix(std::string_view id) {
  std::string k = tagged(kStep, id);
  k.push_back('\0');
  return k;
}
inline std::string step(std::string_view id, std::int64_t recorded_at_us, const EventId& event) {
  std::string k = steps_prefix(id);
  log::put_be64(k, static_cast<std::uint64_t>(recorded_at_us));
  k.append(event.as_string_view());
  return k;
}
inline std::string balance_prefix(std::string_view bank_account) {
  std::string k = tagged(kBalance, bank_account);
  k.push_back('\0');
  return k;
}
inline std::string balance(std::string_view bank_account, BusinessDate date) {
  std::string k = balance_prefix(bank_account);
  log::put_be32(k, static_cast<std::uint32_t>(date.days()));
  return k;
}
inline std::string seen_again() { return tagged(kCounter, "seen again"); }

}  // namespace tally::reconcile::keys
