#include "formats/nacha/writer.h"

#include <array>
#include <cstring>

#include <fmt/format.h>

#include "formats/nacha/errors.h"
#include "formats/nacha/fields.h"
#include "formats/nacha/layout.h"

namespace tally::formats::nacha {
namespace {

constexpr std::int64_t kMaxAmount = 9'999'999'999;         // 10-digit entry amount
constexpr std::int64_t kMaxTotal = 999'999'999'999;        // 12-digit control totals
constexpr std::int64_t kMaxBatchCount = 999'999;           // 6 digits
constexpr std::int64_t kMaxFileEntryAddenda = 99'999'999;  // 8 digits
constexpr std::int64_t kMaxTraceSequence = 9'999'999;      // 7 digits
constexpr std::int64_t kHashModulus = 10'000'000'000;

// One 94-character record under construction, space-filled.
class Line {
 public:
  explicit Line(char type) {
    text_.fill(' ');
    text_[0] = type;
  }
  // Left-justified text, cut to the field (callers have checked what must not be cut).
  void put(const Field& f, std::string_view value) {
    const std::size_t n = std::min(value.size(), f.length);
    std::memcpy(text_.data() + f.start - 1, value.data(), n);
  }
  // Right-justified, zero-filled number.
  void put(const Field& f, std::int64_t value) {
    for (std::size_t i = f.length; i-- > 0;) {
      text_[f.start - 1 + i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
  }
  std::string_view view() const { return {text_.data(), text_.size()}; }

 private:
  std::array<char, kRecordLength> text_{};
};

Error field_error(std::string_view field, std::string message) {
  return nacha_error(NachaErrc::invalid_field, fmt::format("{}: {}", field, message));
}

// Printable ASCII of at most `max` characters; `cut` fields may be longer (cut on write).
Status check_text(std::string_view field, std::string_view value, std::size_t max,
                  bool cut = false) {
  if (!printable_ascii(value)) return field_error(field, "must be printable ASCII");
  if (!cut && value.size() > max)
    return field_error(field, fmt::format("\"{}\" is longer than {} characters", value, max));
  return ok_status();
}

Status check_routing(std::string_view field, std::string_view value) {
  if (!routing_number_valid(value))
    return field_error(field, fmt::format("\"{}\" is not a 9-digit routing number with a valid "
                                          "check digit",
                                          value));
  return ok_status();
}

Status check_date(std::string_view field, BusinessDate date) {
  // YYMMDD reads back as 19YY for YY >= 70, 20YY below.
  if (date.year() < 1970 || date.year() > 2069)
    return field_error(field, fmt::format("{} cannot be written as YYMMDD", date.to_iso()));
  return ok_status();
}

std::string yymmdd(BusinessDate d) {
  return fmt::format("{:02}{:02}{:02}", d.year() % 100, d.month(), d.day());
}

Status check_file_options(const FileOptions& o) {
  TALLY_TRY_STATUS(check_routing("immediate_destination", o.immediate_destination));
  const bool origin_is_id = o.immediate_origin.size() == 10 && all_digits(o.immediate_origin) &&
                            o.immediate_origin[0] != '0';
  if (!origin_is_id) TALLY_TRY_STATUS(check_routing("immediate_origin", o.immediate_origin));
  TALLY_TRY_STATUS(
      check_text("immediate_destination_name", o.immediate_destination_name, 23, true));
  TALLY_TRY_STATUS(check_text("immediate_origin_name", o.immediate_origin_name, 23, true));
  TALLY_TRY_STATUS(check_text("reference_code", o.reference_code, 8));
  TALLY_TRY_STATUS(check_date("file_creation_date", o.file_creation_date));
  const auto hhmm = digits_value(o.file_creation_time);
  if (!o.file_creation_time.empty() &&
      (o.file_creation_time.size() != 4 || !hhmm || *hhmm / 100 > 23 || *hhmm % 100 > 59))
    return field_error("file_creation_time", "must be HHMM or empty");
  const char m = o.file_id_modifier;
  if (!((m >= 'A' && m <= 'Z') || is_digit(m)))
    return field_error("file_id_modifier", "must be A-Z or 0-9");
  if (o.first_trace_sequence < 1 || o.first_trace_sequence > kMaxTraceSequence)
    return field_error("first_trace_sequence", "must be 1..9999999");
  if (o.line_ending != "\n" && o.line_ending != "\r\n")
    return field_error("line_ending", "must be LF or CRLF");
  return ok_status();
}

Status check_account_type(std::string_view field, AccountType type) {
  if (type != AccountType::kChecking && type != AccountType::kSavings)
    return field_error(field, "autopay accounts are checking or savings");
  return ok_status();
}

Status check_batch_options(const BatchOptions& b) {
  TALLY_TRY_STATUS(check_text("company_name", b.company_name, 16, true));
  TALLY_TRY_STATUS(check_text("company_discretionary_data", b.company_discretionary_data, 20));
  TALLY_TRY_STATUS(check_text("company_identification", b.company_identification, 10));
  if (strip(b.company_identification).empty())
    return field_error("company_identification", "is required");
  TALLY_TRY_STATUS(check_text("company_entry_description", b.company_entry_description, 10));
  TALLY_TRY_STATUS(check_text("company_descriptive_date", b.company_descriptive_date, 6));
  TALLY_TRY_STATUS(check_date("effective_entry_date", b.effective_entry_date));
  if (b.odfi_identification.size() != 8 || !all_digits(b.odfi_identification))
    return field_error("odfi_identification", "must be 8 digits");
  if (b.offset) {
    const OffsetAccount& o = *b.offset;
    TALLY_TRY_STATUS(check_account_type("offset.account_type", o.account_type));
    TALLY_TRY_STATUS(check_routing("offset.routing_number", o.routing_number));
    TALLY_TRY_STATUS(check_text("offset.dfi_account_number", o.dfi_account_number, 17));
    if (strip(o.dfi_account_number).empty())
      return field_error("offset.dfi_account_number", "is required");
    TALLY_TRY_STATUS(check_text("offset.individual_id_number", o.individual_id_number, 15));
    TALLY_TRY_STATUS(check_text("offset.individual_name", o.individual_name, 22, true));
  }
  return ok_status();
}

Status check_debit(const AutopayDebit& d) {
  TALLY_TRY_STATUS(check_account_type("account_type", d.account_type));
  TALLY_TRY_STATUS(check_routing("routing_number", d.routing_number));
  TALLY_TRY_STATUS(check_text("dfi_account_number", d.dfi_account_number, 17));
  if (strip(d.dfi_account_number).empty()) return field_error("dfi_account_number", "is required");
  TALLY_TRY_STATUS(check_text("individual_id_number", d.individual_id_number, 15));
  TALLY_TRY_STATUS(check_text("individual_name", d.individual_name, 22, true));
  TALLY_TRY_STATUS(check_text("discretionary_data", d.discretionary_data, 2));
  TALLY_TRY_STATUS(check_text("payment_related_information", d.payment_related_information, 80));
  if (d.prenote && d.amount_minor != 0) return field_error("amount_minor", "a prenote is $0");
  if (!d.prenote && (d.amount_minor < 1 || d.amount_minor > kMaxAmount))
    return field_error("amount_minor", fmt::format("{} is not 1..{}", d.amount_minor, kMaxAmount));
  return ok_status();
}

int debit_code(AccountType type, bool prenote) {
  const int base = type == AccountType::kSavings ? 30 : 20;
  return base + (prenote ? 8 : 7);
}

}  // namespace

Result<Writer> Writer::create(FileOptions options) {
  TALLY_TRY_STATUS(check_file_options(options));
  Writer w(std::move(options));
  w.next_trace_ = w.options_.first_trace_sequence;
  namespace L = layout::file_header;
  const FileOptions& o = w.options_;
  Line line(layout::kFileHeader);
  line.put(L::kPriorityCode, "01");
  line.put(L::kImmediateDestination, " " + o.immediate_destination);
  line.put(L::kImmediateOrigin,
           o.immediate_origin.size() == 9 ? " " + o.immediate_origin : o.immediate_origin);
  line.put(L::kFileCreationDate, yymmdd(o.file_creation_date));
  line.put(L::kFileCreationTime, o.file_creation_time);
  line.put(L::kFileIdModifier, std::string_view(&o.file_id_modifier, 1));
  line.put(L::kRecordSize, "094");
  line.put(L::kBlockingFactor, "10");
  line.put(L::kFormatCode, "1");
  line.put(L::kImmediateDestinationName, o.immediate_destination_name);
  line.put(L::kImmediateOriginName, o.immediate_origin_name);
  line.put(L::kReferenceCode, o.reference_code);
  w.emit(line.view());
  return w;
}

void Writer::emit(std::string_view record) {
  out_.append(record);
  out_.append(options_.line_ending);
  ++records_;
}

Status Writer::begin_batch(const BatchOptions& batch) {
  if (finished_ || in_batch_)
    return nacha_error(NachaErrc::invalid_state,
                       "begin_batch: a batch is open or the file is done");
  TALLY_TRY_STATUS(check_batch_options(batch));
  if (batches_ + 1 > kMaxBatchCount)
    return nacha_error(NachaErrc::limit_exceeded, "a file holds at most 999999 batches");
  batch_ = batch;
  in_batch_ = true;
  ++batches_;
  service_class_code_ = batch_.offset ? 200 : 225;
  batch_entry_addenda_ = batch_hash_ = batch_debit_ = batch_credit_ = 0;
  namespace L = layout::batch_header;
  Line line(layout::kBatchHeader);
  line.put(L::kServiceClassCode, std::int64_t{service_class_code_});
  line.put(L::kCompanyName, batch_.company_name);
  line.put(L::kCompanyDiscretionaryData, batch_.company_discretionary_data);
  line.put(L::kCompanyIdentification, batch_.company_identification);
  line.put(L::kStandardEntryClass, "PPD");
  line.put(L::kCompanyEntryDescription, batch_.company_entry_description);
  line.put(L::kCompanyDescriptiveDate, batch_.company_descriptive_date);
  line.put(L::kEffectiveEntryDate, yymmdd(batch_.effective_entry_date));
  line.put(L::kOriginatorStatusCode, "1");
  line.put(L::kOdfiIdentification, batch_.odfi_identification);
  line.put(L::kBatchNumber, batches_);
  emit(line.view());
  return ok_status();
}

namespace {

struct EntryFields {
  int transaction_code = 0;
  std::string_view routing_number;  // 9 digits, checked
  std::string_view dfi_account_number;
  std::int64_t amount_minor = 0;
  std::string_view individual_id_number;
  std::string_view individual_name;
  std::string_view discretionary_data;
  std::string_view payment_related_information;  // non-empty: one addenda 05
};

void entry_record(Line& line, const EntryFields& e, std::string_view trace) {
  namespace L = layout::entry;
  line.put(L::kTransactionCode, std::int64_t{e.transaction_code});
  line.put(L::kRdfiRouting, e.routing_number.substr(0, 8));
  line.put(L::kCheckDigit, e.routing_number.substr(8, 1));
  line.put(L::kDfiAccountNumber, e.dfi_account_number);
  line.put(L::kAmount, e.amount_minor);
  line.put(L::kIndividualIdNumber, e.individual_id_number);
  line.put(L::kIndividualName, e.individual_name);
  line.put(L::kDiscretionaryData, e.discretionary_data);
  line.put(L::kAddendaRecordIndicator, e.payment_related_information.empty() ? "0" : "1");
  line.put(L::kTraceNumber, trace);
}

Result<std::string> write_entry_into(std::string& out, std::string_view line_ending,
                                     const EntryFields& e, std::string_view odfi,
                                     std::int64_t sequence) {
  const std::string trace = fmt::format("{}{:07}", odfi, sequence);
  Line line(layout::kEntryDetail);
  entry_record(line, e, trace);
  out.append(line.view());
  out.append(line_ending);
  if (!e.payment_related_information.empty()) {
    namespace A = layout::addenda;
    Line addenda(layout::kAddenda);
    addenda.put(A::kTypeCode, std::int64_t{5});
    addenda.put(A::kPaymentRelatedInformation, e.payment_related_information);
    addenda.put(A::kAddendaSequenceNumber, std::int64_t{1});
    addenda.put(A::kEntryDetailSequenceNumber, sequence);
    out.append(addenda.view());
    out.append(line_ending);
  }
  return trace;
}

}  // namespace

Result<std::string> Writer::add_debit(const AutopayDebit& d) {
  if (!in_batch_) return nacha_error(NachaErrc::invalid_state, "add_debit outside a batch");
  TALLY_TRY_STATUS(check_debit(d));
  const std::int64_t records = d.payment_related_information.empty() ? 1 : 2;
  if (next_trace_ > kMaxTraceSequence)
    return nacha_error(NachaErrc::limit_exceeded, "trace sequence numbers are used up (7 digits)");
  if (batch_entry_addenda_ + records + (batch_.offset ? 1 : 0) > kMaxBatchCount ||
      file_entry_addenda_ + batch_entry_addenda_ + records > kMaxFileEntryAddenda)
    return nacha_error(NachaErrc::limit_exceeded, "too many entries for the control counts");
  // With an offset, the batch total must fit the offset entry's 10-digit amount.
  const std::int64_t batch_limit = batch_.offset ? kMaxAmount : kMaxTotal;
  if (batch_debit_ + d.amount_minor > batch_limit ||
      file_debit_ + batch_debit_ + d.amount_minor > kMaxTotal)
    return nacha_error(NachaErrc::limit_exceeded,
                       "batch total too large for the control record (or for one offset entry)");
  EntryFields e;
  e.transaction_code = debit_code(d.account_type, d.prenote);
  e.routing_number = d.routing_number;
  e.dfi_account_number = d.dfi_account_number;
  e.amount_minor = d.amount_minor;
  e.individual_id_number = d.individual_id_number;
  e.individual_name = d.individual_name;
  e.discretionary_data = d.discretionary_data;
  e.payment_related_information = d.payment_related_information;
  auto trace =
      write_entry_into(out_, options_.line_ending, e, batch_.odfi_identification, next_trace_++);
  records_ += records;
  batch_entry_addenda_ += records;
  batch_hash_ = (batch_hash_ + *digits_value(d.routing_number.substr(0, 8))) % kHashModulus;
  batch_debit_ += d.amount_minor;
  return trace;
}

Status Writer::end_batch() {
  if (!in_batch_) return nacha_error(NachaErrc::invalid_state, "end_batch without a batch");
  if (batch_entry_addenda_ == 0)
    return nacha_error(NachaErrc::invalid_state, "a batch needs at least one entry");
  if (batch_.offset && batch_debit_ > 0) {
    if (next_trace_ > kMaxTraceSequence)
      return nacha_error(NachaErrc::limit_exceeded, "trace sequence numbers are used up");
    const OffsetAccount& o = *batch_.offset;
    EntryFields e;
    e.transaction_code = o.account_type == AccountType::kSavings ? 32 : 22;
    e.routing_number = o.routing_number;
    e.dfi_account_number = o.dfi_account_number;
    e.amount_minor = batch_debit_;
    e.individual_id_number = o.individual_id_number;
    e.individual_name = o.individual_name;
    (void)write_entry_into(out_, options_.line_ending, e, batch_.odfi_identification,
                           next_trace_++);
    ++records_;
    ++batch_entry_addenda_;
    batch_hash_ = (batch_hash_ + *digits_value(o.routing_number.substr(0, 8))) % kHashModulus;
    batch_credit_ = batch_debit_;
  }
  namespace L = layout::batch_control;
  Line line(layout::kBatchControl);
  line.put(L::kServiceClassCode, std::int64_t{service_class_code_});
  line.put(L::kEntryAddendaCount, batch_entry_addenda_);
  line.put(L::kEntryHash, batch_hash_);
  line.put(L::kTotalDebit, batch_debit_);
  line.put(L::kTotalCredit, batch_credit_);
  line.put(L::kCompanyIdentification, batch_.company_identification);
  line.put(L::kOdfiIdentification, batch_.odfi_identification);
  line.put(L::kBatchNumber, batches_);
  emit(line.view());
  file_entry_addenda_ += batch_entry_addenda_;
  file_hash_ = (file_hash_ + batch_hash_) % kHashModulus;
  file_debit_ += batch_debit_;
  file_credit_ += batch_credit_;
  in_batch_ = false;
  return ok_status();
}

Result<std::string> Writer::finish() {
  if (finished_ || in_batch_)
    return nacha_error(NachaErrc::invalid_state, "finish: a batch is open or the file is done");
  if (file_credit_ > kMaxTotal)
    return nacha_error(NachaErrc::limit_exceeded, "file credit total exceeds 12 digits");
  const std::int64_t records = records_ + 1;  // with the file control
  const std::int64_t blocks = (records + layout::kBlockingFactor - 1) / layout::kBlockingFactor;
  namespace L = layout::file_control;
  Line line(layout::kFileControl);
  line.put(L::kBatchCount, batches_);
  line.put(L::kBlockCount, blocks);
  line.put(L::kEntryAddendaCount, file_entry_addenda_);
  line.put(L::kEntryHash, file_hash_);
  line.put(L::kTotalDebit, file_debit_);
  line.put(L::kTotalCredit, file_credit_);
  emit(line.view());
  const std::string filler(kRecordLength, '9');
  while (records_ % layout::kBlockingFactor != 0) emit(filler);
  finished_ = true;
  return std::move(out_);
}

Result<std::string> write_autopay_file(const FileOptions& options,
                                       const std::vector<AutopayBatch>& batches) {
  TALLY_TRY(Writer writer, Writer::create(options));
  for (const AutopayBatch& batch : batches) {
    TALLY_TRY_STATUS(writer.begin_batch(batch.options));
    for (const AutopayDebit& debit : batch.debits) TALLY_TRY_STATUS(writer.add_debit(debit));
    TALLY_TRY_STATUS(writer.end_batch());
  }
  return writer.finish();
}

}  // namespace tally::formats::nacha
