// Decoders of addenda records: 05 payment information, 98 notifications of change (and
// refused NOCs), 99 returns (plain, dishonored, contested); 02 and IAT 10-18 kept raw.
#include <algorithm>

#include <fmt/format.h>

#include "formats/nacha/decode.h"
#include "formats/nacha/layout.h"

namespace tally::formats::nacha {
namespace {

namespace L = layout::addenda;

bool decode_05(FieldReader& r, Issues& issues, EntryDetail& entry) {
  Addenda05 a;
  a.at = r.location();
  a.payment_related_information = r.alpha(L::kPaymentRelatedInformation);
  // The Rules number 05 addenda 1, 2, ... and repeat the entry's trace sequence; files in
  // the wild do not always (some leave both blank), and nothing in the totals depends on it:
  // a warning. A blank number is taken as what it should have been.
  const auto expected_sequence = static_cast<int>(entry.addenda05.size()) + 1;
  // -1: the entry's trace number has no sequence to compare with.
  const std::int64_t trace_sequence =
      entry.trace_number.size() > 8 ? digits_value(entry.trace_number.substr(8)).value_or(-1) : -1;
  const bool blank_sequence = strip(r.raw(L::kAddendaSequenceNumber)).empty();
  const bool blank_entry_sequence = strip(r.raw(L::kEntryDetailSequenceNumber)).empty();
  a.addenda_sequence_number =
      blank_sequence ? expected_sequence : static_cast<int>(r.number(L::kAddendaSequenceNumber));
  a.entry_detail_sequence_number = blank_entry_sequence ? std::max<std::int64_t>(trace_sequence, 0)
                                                        : r.number(L::kEntryDetailSequenceNumber);
  if (!r.ok()) return false;
  if (blank_sequence || blank_entry_sequence) issues.lenient(Leniency::kBlankSequence, a.at);
  if (a.addenda_sequence_number != expected_sequence ||
      (trace_sequence >= 0 && trace_sequence != a.entry_detail_sequence_number))
    issues.lenient(Leniency::kAddendaSequence, a.at);
  entry.addenda05.push_back(a);
  return true;
}

bool decode_98(FieldReader& r, Issues& issues, EntryDetail& entry) {
  Addenda98 a;
  a.at = r.location();
  a.change_code = find_change_code(r.raw(L::kReasonCode));
  if (!a.change_code)
    r.fail(L::kReasonCode, "unknown_change_code",
           fmt::format("change code \"{}\" is not C01-C09, C13, C14 or C61-C69",
                       shown(r.raw(L::kReasonCode))));
  a.original_entry_trace_number = r.digits(L::kOriginalEntryTraceNumber, "bad_trace_number");
  a.original_rdfi_identification = r.digits(L::kOriginalRdfi, "bad_routing_number");
  a.corrected_data = r.alpha(L::kCorrectedData);
  a.trace_number = r.digits(L::kTraceNumber, "bad_trace_number");
  const ChangeCodeInfo* layout_code = a.change_code;
  if (a.change_code && a.change_code->refused) {
    a.refused_change_code = find_change_code(r.raw(L::kRefusedChangeCode));
    if (!a.refused_change_code || a.refused_change_code->refused)
      r.fail(L::kRefusedChangeCode, "unknown_change_code",
             fmt::format("a refused NOC must name the change code it refuses, found \"{}\"",
                         shown(r.raw(L::kRefusedChangeCode))));
    a.trace_sequence_number = r.digits(L::kTraceSequenceNumber, "bad_trace_number");
    layout_code = a.refused_change_code;
  }
  if (!r.ok()) return false;
  a.corrected = decode_corrected_data(layout_code->code, r.raw(L::kCorrectedData));
  if (!a.corrected) issues.lenient(Leniency::kCorrectedData, a.at);
  entry.addenda98.push_back(a);
  return true;
}

void decode_99_return(FieldReader& r, Addenda99& a) {
  const std::string_view death = r.raw(L::kDateOfDeath);
  if (!strip(death).empty()) {
    a.date_of_death = BusinessDate::parse_yymmdd(death);
    if (!a.date_of_death)
      r.fail(L::kDateOfDeath, "bad_date",
             fmt::format("date_of_death \"{}\" is not a YYMMDD date", shown(death)));
  }
  a.addenda_information = r.alpha(L::kAddendaInformation);
}

void decode_99_dishonored(FieldReader& r, Addenda99& a) {
  a.return_trace_number = r.digits(L::kReturnTraceNumber, "bad_trace_number");
  a.return_settlement_date = r.alpha(L::kReturnSettlementDate);
  a.original_return_reason_code = r.alpha(L::kReturnReasonCode);
}

bool decode_99(FieldReader& r, EntryDetail& entry) {
  Addenda99 a;
  a.at = r.location();
  a.return_reason_code = find_return_code(r.raw(L::kReasonCode));
  if (!a.return_reason_code)
    r.fail(L::kReasonCode, "unknown_return_code",
           fmt::format("return reason code \"{}\" is not defined by the NACHA rules",
                       shown(r.raw(L::kReasonCode))));
  a.original_entry_trace_number = r.digits(L::kOriginalEntryTraceNumber, "bad_trace_number");
  a.original_rdfi_identification = r.digits(L::kOriginalRdfi, "bad_routing_number");
  a.trace_number = r.digits(L::kTraceNumber, "bad_trace_number");
  if (!a.return_reason_code) return false;
  switch (a.return_reason_code->kind) {
    case ReturnKind::kReturn:
      decode_99_return(r, a);
      break;
    case ReturnKind::kDishonored:
      decode_99_dishonored(r, a);
      a.addenda_information = r.alpha(L::kDishonoredAddendaInformation);
      break;
    case ReturnKind::kContested:
      decode_99_dishonored(r, a);
      // Kept when it is a date; files in the wild put other numbers here.
      a.date_original_entry_returned =
          BusinessDate::parse_yymmdd(r.raw(L::kDateOriginalEntryReturned));
      a.original_settlement_date = r.alpha(L::kOriginalSettlementDate);
      a.dishonored_return_trace_number =
          r.digits(L::kDishonoredReturnTraceNumber, "bad_trace_number");
      a.dishonored_return_settlement_date = r.alpha(L::kDishonoredReturnSettlementDate);
      a.dishonored_return_reason_code = r.alpha(L::kDishonoredReturnReasonCode);
      break;
  }
  if (!r.ok()) return false;
  entry.addenda99.push_back(a);
  return true;
}

}  // namespace

bool decode_addenda(std::string_view text, Location at, Issues& issues, EntryDetail& entry) {
  FieldReader r(text, at, issues);
  const auto type = static_cast<int>(r.number(L::kTypeCode, "bad_addenda_type"));
  if (!r.ok()) return false;
  switch (type) {
    case 5:
      return decode_05(r, issues, entry);
    case 98:
      return decode_98(r, issues, entry);
    case 99:
      return decode_99(r, entry);
    case 2:
    case 10:
    case 11:
    case 12:
    case 13:
    case 14:
    case 15:
    case 16:
    case 17:
    case 18:
      entry.other_addenda.push_back(OtherAddenda{at, type, r.alpha(L::kRawText)});
      return true;
    default:
      r.fail(L::kTypeCode, "bad_addenda_type",
             fmt::format("addenda_type_code {:02} is not 02, 05, 10-18, 98 or 99", type));
      return false;
  }
}

}  // namespace tally::formats::nacha
