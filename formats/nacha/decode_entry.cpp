// Decoder of the entry detail record: the checked path, which names every problem (the
// fast path for clean records is inline in entry_fast.h).
#include <fmt/format.h>

#include "formats/nacha/decode.h"
#include "formats/nacha/entry_fast.h"
#include "formats/nacha/layout.h"
#include "formats/nacha/record_scan.h"

namespace tally::formats::nacha {
namespace {

void check_routing(FieldReader& r, std::string_view text, EntryDetail& e) {
  namespace L = layout::entry;
  e.rdfi_routing = r.digits(L::kRdfiRouting, "bad_routing_number");
  const char check = nacha::at(text, L::kCheckDigit)[0];
  if (!is_digit(check)) {
    r.fail(L::kCheckDigit, "bad_check_digit",
           fmt::format("check_digit \"{}\" is not a digit", shown({&check, 1})));
    return;
  }
  e.check_digit = check - '0';
  const int expected = routing_check_digit(e.rdfi_routing);
  if (expected >= 0 && expected != e.check_digit)
    r.fail(L::kCheckDigit, "bad_check_digit",
           fmt::format("RDFI routing {}{} fails its check digit: {} expected", e.rdfi_routing,
                       check, expected));
}

bool decode_entry_checked(std::string_view text, Location at, EntryLayout entry_layout,
                          Issues& issues, EntryDetail& e) {
  namespace L = layout::entry;
  FieldReader r(text, at, issues);  // unprintable bytes: reported by the reader's scan
  e.at = at;
  e.transaction_code = static_cast<int>(r.number(L::kTransactionCode, "bad_transaction_code"));
  e.code = classify_transaction_code(e.transaction_code);
  const bool adv = entry_layout == EntryLayout::kAdv;
  if (r.ok() && (!e.code.valid || (e.code.account == AccountType::kAdvice) != adv))
    r.fail(L::kTransactionCode, "bad_transaction_code",
           fmt::format("transaction_code {:02} is not defined{}", e.transaction_code,
                       adv            ? " for ADV entries"
                       : e.code.valid ? " outside ADV batches"
                                      : ""));
  check_routing(r, text, e);
  if (adv) {
    e.dfi_account_number = r.alpha(L::kAdvDfiAccountNumber);
    e.amount_minor = r.amount(L::kAdvAmount);
  } else {
    e.dfi_account_number =
        r.alpha(entry_layout == EntryLayout::kIat ? L::kIatDfiAccountNumber : L::kDfiAccountNumber);
    e.amount_minor = r.amount(L::kAmount);
  }
  if (strip(e.dfi_account_number).empty())
    r.fail(L::kDfiAccountNumber, "missing_account_number", "dfi_account_number is blank");
  if (r.ok() && e.amount_minor != 0 && (e.code.prenote || e.code.zero_dollar))
    r.fail(L::kAmount, "nonzero_prenote",
           fmt::format("transaction_code {} is a prenote or zero-dollar entry but the amount is {}",
                       e.transaction_code, e.amount_minor));
  clear_layout_fields(e);
  decode_layout_fields([&](const Field& f) { return r.alpha(f); }, r, entry_layout, e);
  const char indicator = nacha::at(text, L::kAddendaRecordIndicator)[0];
  if (indicator == '0' || indicator == '1') {
    e.addenda_record_indicator = indicator - '0';
  } else {
    r.fail(L::kAddendaRecordIndicator, "bad_addenda_indicator",
           fmt::format("addenda_record_indicator \"{}\" must be 0 or 1", shown({&indicator, 1})));
  }
  e.trace_number = r.digits(L::kTraceNumber, "bad_trace_number");
  return r.ok();
}

}  // namespace

bool decode_entry(std::string_view text, Location at, EntryLayout entry_layout,
                  const RecordScan& scan, Issues& issues, EntryDetail& e) {
  if (decode_entry_fast(text, at, entry_layout, scan, e)) return true;
  return decode_entry_checked(text, at, entry_layout, issues, e);
}

}  // namespace tally::formats::nacha
