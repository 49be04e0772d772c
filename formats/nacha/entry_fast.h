// The entry detail fast path, inline because it runs once per entry: one vectorized scan
// of the record (done by the reader) proves every byte printable and every numeric field
// digits, then fields are taken without further checks. Anything unusual returns false and
// the record goes to decode_entry (decode.h), which names each problem. Views point into
// the record text.
#pragma once

#include <cstdint>
#include <string_view>

#include "formats/nacha/decode.h"
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

// Bytes that must be digits in every non-ADV entry: transaction code, RDFI routing and
// check digit, amount, trace number.
constexpr DigitMask make_entry_digit_mask() {
  DigitMask mask{};
  for (const Field& f :
       {layout::entry::kTransactionCode, layout::entry::kRdfiRouting, layout::entry::kCheckDigit,
        layout::entry::kAmount, layout::entry::kTraceNumber})
    for (std::size_t i = 0; i < f.length; ++i) mask[f.start - 1 + i] = 0xFF;
  return mask;
}
inline constexpr DigitMask kEntryDigitMask = make_entry_digit_mask();
inline constexpr ByteRanges kEntryRanges = make_byte_ranges(kEntryDigitMask);

// Scans an entry record of this layout (ADV entries have their own layout and always take
// the checked path, so only printable bytes are required of them here).
inline RecordScan scan_entry(const char* t, EntryLayout entry_layout) {
  return entry_layout == EntryLayout::kAdv ? scan_record(t, kTextRanges, kNoDigits)
                                           : scan_record(t, kEntryRanges, kEntryDigitMask);
}

// Text and numeric fields of a scanned record, for decode_layout_fields on the fast path:
// text trimmed eight bytes at a time; a malformed number is noted, not reported.
struct FastFields {
  std::string_view text;
  bool numbers_ok = true;

  [[gnu::always_inline]] std::string_view operator()(const Field& f) const {
    return rtrim_fast(nacha::at(text, f));
  }
  [[gnu::always_inline]] std::int64_t number(const Field& f) {
    const auto v = digits_value(nacha::at(text, f));
    numbers_ok = numbers_ok && v.has_value();
    return v.value_or(0);
  }
};

// True when the entry decoded cleanly; false sends it to decode_entry. Reports nothing.
[[gnu::always_inline]] inline bool decode_entry_fast(std::string_view text, Location at,
                                                     EntryLayout entry_layout,
                                                     const RecordScan& scan, EntryDetail& e) {
  namespace L = layout::entry;
  const char* t = text.data();
  if (!scan.ok() || entry_layout == EntryLayout::kAdv) return false;
  e.at = at;
  e.transaction_code = (t[1] - '0') * 10 + (t[2] - '0');
  e.code = classify_transaction_code(e.transaction_code);
  if (!e.code.valid || e.code.account == AccountType::kAdvice) return false;
  e.rdfi_routing = nacha::at(text, L::kRdfiRouting);
  e.check_digit = t[11] - '0';
  if (!routing_check_passes(t + 3)) return false;
  e.amount_minor =
      static_cast<std::int64_t>(eight_digits(t + 29)) * 100 + (t[37] - '0') * 10 + (t[38] - '0');
  if (e.amount_minor != 0 && (e.code.prenote || e.code.zero_dollar)) return false;
  const char indicator = t[78];
  if (indicator != '0' && indicator != '1') return false;
  e.addenda_record_indicator = indicator - '0';
  e.dfi_account_number = rtrim_fast(nacha::at(
      text, entry_layout == EntryLayout::kIat ? L::kIatDfiAccountNumber : L::kDfiAccountNumber));
  if (e.dfi_account_number.empty()) return false;
  e.trace_number = nacha::at(text, L::kTraceNumber);
  FastFields fields{text};
  decode_layout_fields(fields, fields, entry_layout, e);
  return fields.numbers_ok;
}

}  // namespace tally::formats::nacha
