// Decoders of the file header, batch header, batch control and file control records, and
// the FieldReader they share with the entry and addenda decoders.
#include <fmt/format.h>

#include "core/money.h"
#include "formats/nacha/decode.h"
#include "formats/nacha/layout.h"

namespace tally::formats::nacha {
namespace {

struct SecLayout {
  std::string_view sec;
  EntryLayout layout;
};

constexpr SecLayout kSecCodes[] = {
    {"ACK", EntryLayout::kStandard}, {"ADV", EntryLayout::kAdv},
    {"ARC", EntryLayout::kCheck},    {"ATX", EntryLayout::kCtx},
    {"BOC", EntryLayout::kCheck},    {"CCD", EntryLayout::kStandard},
    {"CIE", EntryLayout::kCie},      {"COR", EntryLayout::kStandard},
    {"CTX", EntryLayout::kCtx},      {"DNE", EntryLayout::kStandard},
    {"ENR", EntryLayout::kStandard}, {"IAT", EntryLayout::kIat},
    {"MTE", EntryLayout::kStandard}, {"POP", EntryLayout::kPop},
    {"POS", EntryLayout::kStandard}, {"PPD", EntryLayout::kStandard},
    {"RCK", EntryLayout::kCheck},    {"SHR", EntryLayout::kStandard},
    {"TEL", EntryLayout::kStandard}, {"TRC", EntryLayout::kCheck},
    {"TRX", EntryLayout::kCtx},      {"WEB", EntryLayout::kStandard},
    {"XCK", EntryLayout::kCheck},
};

// A routing-number field of the file header (immediate destination / origin): blank or '0'
// then 9 digits whose check digit holds, or a 10-digit identification (1 + EIN) not starting
// with 0: both accepted as they are. Senders also put other numbers here (an EIN behind a
// space, a routing number with a wrong check digit, a shorter id): digits only, they are
// accepted with a warning, since the field routes the file between banks and no total depends
// on it. Anything holding a letter or a symbol ("000TESTER1", the corpus's
// ppd-mixedDebitCredit-invalid.ach) is not a number at all, and stays an error: a file whose
// header is not even numeric is a test file or a broken one, not an odd convention.
void check_routing_or_id(FieldReader& r, const Field& f) {
  const std::string_view value = strip(r.raw(f));
  if (!all_digits(value)) {
    r.fail(f, "bad_routing_number",
           fmt::format("{} \"{}\" is neither a routing number (blank + 9 digits) nor a 10-digit "
                       "identification: it is not all digits",
                       f.name, shown(r.raw(f))));
    return;
  }
  std::string_view routing;
  if (value.size() == 9) routing = value;
  if (value.size() == 10 && value[0] == '0') routing = value.substr(1);
  if (!routing.empty() && routing_number_valid(routing)) return;
  if (routing.empty() && value.size() == 10) return;  // 1 + EIN and the like
  r.warn(f, "not_a_routing_number",
         fmt::format("{} \"{}\" is not a routing number{}; read as the sender's identification",
                     f.name, shown(r.raw(f)),
                     routing.empty() ? fmt::format(" ({} digits)", value.size())
                                     : " (its check digit does not hold)"));
}

bool valid_hhmm(std::string_view t) {
  const auto v = digits_value(t);
  return t.size() == 4 && v && *v / 100 < 24 && *v % 100 < 60;
}

}  // namespace

std::optional<EntryLayout> entry_layout_for(std::string_view sec) {
  for (const auto& s : kSecCodes)
    if (s.sec == sec) return s.layout;
  return std::nullopt;
}

std::string shown(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) c = '?';
  return out;
}

void FieldReader::warn(const Field& f, std::string_view code, std::string message) {
  issues_.warning(at_, f.name, code, std::move(message));
}

void FieldReader::fail(const Field& f, std::string_view code, std::string message) {
  ok_ = false;
  issues_.error(at_, f.name, code, std::move(message));
}

std::int64_t FieldReader::number(const Field& f, std::string_view code) {
  const auto v = digits_value(raw(f));
  if (v) return *v;
  fail(f, code, fmt::format("{} must be {} digits, found \"{}\"", f.name, f.length, shown(raw(f))));
  return 0;
}

std::int64_t FieldReader::amount(const Field& f) {
  const std::string_view text = raw(f);
  std::optional<std::int64_t> v;
  if (all_digits(text)) v = text.size() <= 18 ? digits_value(text) : parse_implied_minor(text);
  if (v) return *v;
  fail(f, "bad_amount",
       fmt::format("{} must be {} digits of cents, found \"{}\"", f.name, f.length, shown(text)));
  return 0;
}

std::string_view FieldReader::digits(const Field& f, std::string_view code) {
  const std::string_view text = raw(f);
  if (all_digits(text)) return text;
  fail(f, code, fmt::format("{} must be {} digits, found \"{}\"", f.name, f.length, shown(text)));
  return text;
}

bool decode_file_header(std::string_view text, Location at, Issues& issues, FileHeader& out) {
  namespace L = layout::file_header;
  FieldReader r(text, at, issues);
  out.at = at;
  out.priority_code = r.digits(L::kPriorityCode);
  out.immediate_destination = strip(r.raw(L::kImmediateDestination));
  out.immediate_origin = strip(r.raw(L::kImmediateOrigin));
  check_routing_or_id(r, L::kImmediateDestination);
  check_routing_or_id(r, L::kImmediateOrigin);
  if (auto d = BusinessDate::parse_yymmdd(r.raw(L::kFileCreationDate))) {
    out.file_creation_date = *d;
  } else {
    r.fail(L::kFileCreationDate, "bad_date",
           fmt::format("file_creation_date \"{}\" is not a YYMMDD date",
                       shown(r.raw(L::kFileCreationDate))));
  }
  out.file_creation_time = rtrim(r.raw(L::kFileCreationTime));
  if (!out.file_creation_time.empty() && !valid_hhmm(r.raw(L::kFileCreationTime)))
    r.fail(
        L::kFileCreationTime, "bad_time",
        fmt::format("file_creation_time \"{}\" is not HHMM", shown(r.raw(L::kFileCreationTime))));
  out.file_id_modifier = r.raw(L::kFileIdModifier)[0];
  const char m = out.file_id_modifier;
  if (!((m >= 'A' && m <= 'Z') || is_digit(m)))
    r.fail(L::kFileIdModifier, "bad_file_id_modifier",
           fmt::format("file_id_modifier \"{}\" must be A-Z or 0-9", shown({&m, 1})));
  out.record_size = static_cast<int>(r.number(L::kRecordSize));
  out.blocking_factor = static_cast<int>(r.number(L::kBlockingFactor));
  out.format_code = static_cast<int>(r.number(L::kFormatCode));
  if (r.ok() && out.record_size != 94)
    r.fail(L::kRecordSize, "bad_record_size", "record_size must be 094");
  if (r.ok() && out.blocking_factor != layout::kBlockingFactor)
    r.fail(L::kBlockingFactor, "bad_blocking_factor", "blocking_factor must be 10");
  if (r.ok() && out.format_code != 1)
    r.fail(L::kFormatCode, "bad_format_code", "format_code must be 1");
  out.immediate_destination_name = r.alpha(L::kImmediateDestinationName);
  out.immediate_origin_name = r.alpha(L::kImmediateOriginName);
  out.reference_code = r.alpha(L::kReferenceCode);
  return r.ok();
}

bool decode_batch_header(std::string_view text, Location at, Issues& issues, BatchHeader& out,
                         EntryLayout& entry_layout) {
  namespace L = layout::batch_header;
  FieldReader r(text, at, issues);
  out.at = at;
  out.service_class_code = static_cast<int>(r.number(L::kServiceClassCode));
  const int scc = out.service_class_code;
  if (r.ok() && scc != 200 && scc != 220 && scc != 225 && scc != 280)
    r.fail(L::kServiceClassCode, "bad_service_class_code",
           fmt::format("service_class_code {} is not 200, 220, 225 or 280", scc));
  out.company_name = r.alpha(L::kCompanyName);
  out.company_discretionary_data = r.alpha(L::kCompanyDiscretionaryData);
  out.company_identification = r.alpha(L::kCompanyIdentification);
  out.standard_entry_class = r.raw(L::kStandardEntryClass);
  if (auto l = entry_layout_for(out.standard_entry_class)) {
    entry_layout = *l;
    if ((entry_layout == EntryLayout::kAdv) != (scc == 280) && r.ok())
      r.fail(L::kServiceClassCode, "service_class_mismatch",
             "service_class_code 280 goes with ADV batches, and only with them");
  } else {
    r.fail(L::kStandardEntryClass, "unknown_sec_code",
           fmt::format("standard_entry_class \"{}\" is not an SEC code",
                       shown(out.standard_entry_class)));
  }
  out.company_entry_description = r.alpha(L::kCompanyEntryDescription);
  out.company_descriptive_date = r.alpha(L::kCompanyDescriptiveDate);
  const std::string_view effective = r.raw(L::kEffectiveEntryDate);
  out.effective_entry_date = BusinessDate::parse_yymmdd(effective);
  if (!out.effective_entry_date) {
    if (strip(effective).empty() || effective == "000000")
      issues.lenient(Leniency::kNoEffectiveDate, at);
    else
      r.fail(L::kEffectiveEntryDate, "bad_date",
             fmt::format("effective_entry_date \"{}\" is not a YYMMDD date", shown(effective)));
  }
  out.settlement_date = rtrim(r.raw(L::kSettlementDate));
  if (!out.settlement_date.empty()) r.digits(L::kSettlementDate);
  out.originator_status_code = r.raw(L::kOriginatorStatusCode)[0];
  r.digits(L::kOriginatorStatusCode);
  out.odfi_identification = r.digits(L::kOdfiIdentification);
  out.batch_number = r.number(L::kBatchNumber);
  return r.ok();
}

bool decode_batch_control(std::string_view text, Location at, bool adv, Issues& issues,
                          BatchControl& out) {
  namespace L = layout::batch_control;
  FieldReader r(text, at, issues);
  out.at = at;
  out.service_class_code = static_cast<int>(r.number(L::kServiceClassCode));
  out.entry_addenda_count = r.number(L::kEntryAddendaCount);
  out.entry_hash = r.number(L::kEntryHash);
  out.total_debit_minor = r.amount(adv ? L::kAdvTotalDebit : L::kTotalDebit);
  out.total_credit_minor = r.amount(adv ? L::kAdvTotalCredit : L::kTotalCredit);
  out.company_identification = adv ? std::string_view{} : r.alpha(L::kCompanyIdentification);
  out.message_authentication_code =
      adv ? std::string_view{} : r.alpha(L::kMessageAuthenticationCode);
  out.odfi_identification = r.digits(L::kOdfiIdentification);
  out.batch_number = r.number(L::kBatchNumber);
  return r.ok();
}

bool decode_file_control(std::string_view text, Location at, bool adv, Issues& issues,
                         FileControl& out) {
  namespace L = layout::file_control;
  FieldReader r(text, at, issues);
  out.at = at;
  out.batch_count = r.number(L::kBatchCount);
  out.block_count = r.number(L::kBlockCount);
  out.entry_addenda_count = r.number(L::kEntryAddendaCount);
  out.entry_hash = r.number(L::kEntryHash);
  out.total_debit_minor = r.amount(adv ? L::kAdvTotalDebit : L::kTotalDebit);
  out.total_credit_minor = r.amount(adv ? L::kAdvTotalCredit : L::kTotalCredit);
  return r.ok();
}

}  // namespace tally::formats::nacha
