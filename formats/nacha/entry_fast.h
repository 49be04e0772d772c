// The entry detail fast path, inline because it runs once per entry: one vectorized scan
// of the record (done by the reader) proves every byte printable and every numeric field
// digits, then fields are taken without further checks. Anything unusual returns false and
// the record goes to decode_entry (decode.h), which names each problem. Views point into
// the record text.
#pragma once

#include <cstdint>
#include <string_view>

#include "formats/nacha/decode.h"
#include "formats/nacha/entry_scan.h"
#include "formats/nacha/layout.h"
#include "formats/nacha/record_scan.h"

namespace tally::formats::nacha {

// Empties the SEC-dependent fields. Within a batch every entry has the same layout, so the
// reader clears them once per batch and decode_layout_fields sets only its layout's own.
inline void clear_layout_fields(EntryDetail& e) {
  e.individual_id_number = {};
  e.individual_name = {};
  e.check_serial_number = {};
  e.terminal_city = {};
  e.terminal_state = {};
  e.discretionary_data = {};
  e.number_of_addenda_records.reset();
}

// The SEC-dependent fields (positions 40-78) of `entry_layout`; others are left as they are.
// `alpha` gives a text field, trimmed; `number.number(f)` a numeric field's value (noting a
// malformed one its own way).
template <class Alpha, class Number>
[[gnu::always_inline]] inline void decode_layout_fields(const Alpha& alpha, Number& number,
                                                        EntryLayout entry_layout, EntryDetail& e) {
  namespace L = layout::entry;
  if (entry_layout != EntryLayout::kIat) e.discretionary_data = alpha(L::kDiscretionaryData);
  switch (entry_layout) {
    case EntryLayout::kStandard:
      e.individual_id_number = alpha(L::kIndividualIdNumber);
      e.individual_name = alpha(L::kIndividualName);
      break;
    case EntryLayout::kCheck:
      e.check_serial_number = alpha(L::kCheckSerialNumber);
      e.individual_name = alpha(L::kIndividualName);
      break;
    case EntryLayout::kPop:
      e.check_serial_number = alpha(L::kPopCheckSerialNumber);
      e.terminal_city = alpha(L::kPopTerminalCity);
      e.terminal_state = alpha(L::kPopTerminalState);
      e.individual_name = alpha(L::kIndividualName);
      break;
    case EntryLayout::kCie:
      e.individual_name = alpha(L::kCieIndividualName);
      e.individual_id_number = alpha(L::kCieIndividualIdNumber);
      break;
    case EntryLayout::kCtx:
      e.individual_id_number = alpha(L::kIndividualIdNumber);
      e.number_of_addenda_records = static_cast<int>(number.number(L::kCtxNumberOfAddenda));
      e.individual_name = alpha(L::kCtxReceivingCompanyName);
      break;
    case EntryLayout::kIat:
      e.number_of_addenda_records = static_cast<int>(number.number(L::kIatNumberOfAddenda));
      break;
    case EntryLayout::kAdv:
      e.individual_name = alpha(L::kAdvIndividualName);
      break;
  }
}

// Scans an entry record of this layout (ADV entries have their own layout and always take
// the checked path, so only printable bytes are required of them here).
inline RecordScan scan_entry(const char* t, EntryLayout entry_layout) {
  return entry_layout == EntryLayout::kAdv ? scan_record(t, kTextRanges, kNoDigits)
                                           : scan_record(t, kEntryRanges, kEntryDigitMask);
}

// Text fields of a scanned record, trimmed eight bytes at a time.
struct FastText {
  std::string_view text;
  [[gnu::always_inline]] std::string_view operator()(const Field& f) const {
    return rtrim_fast(nacha::at(text, f));
  }
};

// Numeric SEC-dependent fields (CTX and IAT addenda counts) on the fast path: a malformed
// one is noted, not reported.
struct FastNumbers {
  std::string_view text;
  bool ok = true;

  [[gnu::always_inline]] std::int64_t number(const Field& f) {
    const auto v = digits_value(nacha::at(text, f));
    ok = ok && v.has_value();
    return v.value_or(0);
  }
};

// The fields of a non-ADV entry whose bytes a scan has proved printable with digits where
// entries need them (kEntryDigitMask), given its EntryNumbers: true when it decoded cleanly;
// false sends it to decode_entry, which names the problem. Reports nothing.
[[gnu::always_inline]] inline bool decode_entry_fields(std::string_view text, Location at,
                                                       EntryLayout entry_layout,
                                                       const EntryNumbers& numbers,
                                                       EntryDetail& e) {
  namespace L = layout::entry;
  const char* t = text.data();
  e.at = at;
  e.transaction_code = (t[1] - '0') * 10 + (t[2] - '0');  // digits: 0-99, inside the table
  // Tested in the constant table: reading e.code back would wait on the store just made.
  const TransactionCodeInfo& code =
      detail::kTransactionCodes[static_cast<std::size_t>(e.transaction_code)];
  e.code = code;
  if (!code.valid || code.account == AccountType::kAdvice) return false;
  e.rdfi_routing = nacha::at(text, L::kRdfiRouting);
  e.check_digit = t[11] - '0';
  if (!numbers.routing_ok) return false;
  e.amount_minor = numbers.amount_minor;
  if (e.amount_minor != 0 && (code.prenote || code.zero_dollar)) return false;
  const char indicator = t[78];
  if (indicator != '0' && indicator != '1') return false;
  e.addenda_record_indicator = indicator - '0';
  const FastText trim{text};
  // Two calls rather than one on a chosen field: each trims a field of known length.
  e.dfi_account_number = entry_layout == EntryLayout::kIat ? trim(L::kIatDfiAccountNumber)
                                                           : trim(L::kDfiAccountNumber);
  if (e.dfi_account_number.empty()) return false;
  e.trace_number = nacha::at(text, L::kTraceNumber);
  FastNumbers counts{text};
  decode_layout_fields(trim, counts, entry_layout, e);
  return counts.ok;
}

// True when the entry decoded cleanly; false sends it to decode_entry. Reports nothing.
[[gnu::always_inline]] inline bool decode_entry_fast(std::string_view text, Location at,
                                                     EntryLayout entry_layout,
                                                     const RecordScan& scan, EntryDetail& e) {
  if (!scan.ok() || entry_layout == EntryLayout::kAdv) return false;
  return decode_entry_fields(text, at, entry_layout, BaselineEntryScanner::numbers(text.data()), e);
}

}  // namespace tally::formats::nacha
