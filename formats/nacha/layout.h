// The NACHA record layouts (Operating Rules, Appendix Three), one constant per field:
// 1-based start position and length, as the Rules print them. The reader decodes and the
// writer encodes with these same constants, so the layout is written down exactly once.
// Every record is 94 characters; record type code in position 1.
#pragma once

#include "formats/nacha/fields.h"

namespace tally::formats::nacha::layout {

inline constexpr char kFileHeader = '1';
inline constexpr char kBatchHeader = '5';
inline constexpr char kEntryDetail = '6';
inline constexpr char kAddenda = '7';
inline constexpr char kBatchControl = '8';
inline constexpr char kFileControl = '9';
inline constexpr int kBlockingFactor = 10;

namespace file_header {
inline constexpr Field kPriorityCode{2, 2, "priority_code"};
inline constexpr Field kImmediateDestination{4, 10, "immediate_destination"};
inline constexpr Field kImmediateOrigin{14, 10, "immediate_origin"};
inline constexpr Field kFileCreationDate{24, 6, "file_creation_date"};  // YYMMDD
inline constexpr Field kFileCreationTime{30, 4, "file_creation_time"};  // HHMM, optional
inline constexpr Field kFileIdModifier{34, 1, "file_id_modifier"};
inline constexpr Field kRecordSize{35, 3, "record_size"};          // "094"
inline constexpr Field kBlockingFactor{38, 2, "blocking_factor"};  // "10"
inline constexpr Field kFormatCode{40, 1, "format_code"};          // "1"
inline constexpr Field kImmediateDestinationName{41, 23, "immediate_destination_name"};
inline constexpr Field kImmediateOriginName{64, 23, "immediate_origin_name"};
inline constexpr Field kReferenceCode{87, 8, "reference_code"};
}  // namespace file_header

namespace batch_header {
inline constexpr Field kServiceClassCode{2, 3, "service_class_code"};
inline constexpr Field kCompanyName{5, 16, "company_name"};
inline constexpr Field kCompanyDiscretionaryData{21, 20, "company_discretionary_data"};
inline constexpr Field kCompanyIdentification{41, 10, "company_identification"};
inline constexpr Field kStandardEntryClass{51, 3, "standard_entry_class"};
inline constexpr Field kCompanyEntryDescription{54, 10, "company_entry_description"};
inline constexpr Field kCompanyDescriptiveDate{64, 6, "company_descriptive_date"};
inline constexpr Field kEffectiveEntryDate{70, 6, "effective_entry_date"};  // YYMMDD
inline constexpr Field kSettlementDate{76, 3, "settlement_date"};           // Julian, by operator
inline constexpr Field kOriginatorStatusCode{79, 1, "originator_status_code"};
inline constexpr Field kOdfiIdentification{80, 8, "odfi_identification"};
inline constexpr Field kBatchNumber{88, 7, "batch_number"};
}  // namespace batch_header

namespace entry {
inline constexpr Field kTransactionCode{2, 2, "transaction_code"};
inline constexpr Field kRdfiRouting{4, 8, "rdfi_routing"};
inline constexpr Field kCheckDigit{12, 1, "check_digit"};
inline constexpr Field kDfiAccountNumber{13, 17, "dfi_account_number"};
inline constexpr Field kAmount{30, 10, "amount"};
inline constexpr Field kIndividualIdNumber{40, 15, "individual_id_number"};
inline constexpr Field kIndividualName{55, 22, "individual_name"};
inline constexpr Field kDiscretionaryData{77, 2, "discretionary_data"};
inline constexpr Field kAddendaRecordIndicator{79, 1, "addenda_record_indicator"};
inline constexpr Field kTraceNumber{80, 15, "trace_number"};
// ARC, BOC, RCK, TRC, XCK: check serial number where others carry the individual id.
inline constexpr Field kCheckSerialNumber{40, 15, "check_serial_number"};
// POP
inline constexpr Field kPopCheckSerialNumber{40, 9, "check_serial_number"};
inline constexpr Field kPopTerminalCity{49, 4, "terminal_city"};
inline constexpr Field kPopTerminalState{53, 2, "terminal_state"};
// CIE: name first, then the individual identification number.
inline constexpr Field kCieIndividualName{40, 15, "individual_name"};
inline constexpr Field kCieIndividualIdNumber{55, 22, "individual_id_number"};
// CTX (and ATX, TRX): addenda count and receiving company name share 55-76.
inline constexpr Field kCtxNumberOfAddenda{55, 4, "number_of_addenda_records"};
inline constexpr Field kCtxReceivingCompanyName{59, 16, "receiving_company_name"};
// IAT
inline constexpr Field kIatNumberOfAddenda{13, 4, "number_of_addenda_records"};
inline constexpr Field kIatDfiAccountNumber{40, 35, "dfi_account_number"};
// ADV: longer amount, shorter account, no trace number (operator routing, day, sequence).
inline constexpr Field kAdvDfiAccountNumber{13, 15, "dfi_account_number"};
inline constexpr Field kAdvAmount{28, 12, "amount"};
inline constexpr Field kAdvIndividualName{55, 22, "individual_name"};
}  // namespace entry

namespace addenda {
inline constexpr Field kTypeCode{2, 2, "addenda_type_code"};
// 05 (and 02/10-18 kept raw)
inline constexpr Field kPaymentRelatedInformation{4, 80, "payment_related_information"};
inline constexpr Field kAddendaSequenceNumber{84, 4, "addenda_sequence_number"};
inline constexpr Field kEntryDetailSequenceNumber{88, 7, "entry_detail_sequence_number"};
inline constexpr Field kRawText{4, 91, "addenda_information"};
// 98 and 99
inline constexpr Field kReasonCode{4, 3, "reason_code"};  // change code or return reason code
inline constexpr Field kOriginalEntryTraceNumber{7, 15, "original_entry_trace_number"};
inline constexpr Field kOriginalRdfi{28, 8, "original_rdfi_identification"};
inline constexpr Field kTraceNumber{80, 15, "trace_number"};
// 98
inline constexpr Field kCorrectedData{36, 29, "corrected_data"};
inline constexpr Field kRefusedChangeCode{65, 3, "change_code"};  // refused NOC: the NOC's code
inline constexpr Field kTraceSequenceNumber{68, 7, "trace_sequence_number"};
// 99, returns
inline constexpr Field kDateOfDeath{22, 6, "date_of_death"};
inline constexpr Field kAddendaInformation{36, 44, "addenda_information"};
// 99, dishonored returns
inline constexpr Field kReturnTraceNumber{39, 15, "return_trace_number"};
inline constexpr Field kReturnSettlementDate{54, 3, "return_settlement_date"};
inline constexpr Field kReturnReasonCode{57, 2, "original_return_reason_code"};
inline constexpr Field kDishonoredAddendaInformation{59, 21, "addenda_information"};
// 99, contested dishonored returns (with the return trace, settlement date, reason above)
inline constexpr Field kDateOriginalEntryReturned{22, 6, "date_original_entry_returned"};
inline constexpr Field kOriginalSettlementDate{36, 3, "original_settlement_date"};
inline constexpr Field kDishonoredReturnTraceNumber{59, 15, "dishonored_return_trace_number"};
inline constexpr Field kDishonoredReturnSettlementDate{74, 3, "dishonored_return_settlement_date"};
inline constexpr Field kDishonoredReturnReasonCode{77, 2, "dishonored_return_reason_code"};
}  // namespace addenda

namespace batch_control {
inline constexpr Field kServiceClassCode{2, 3, "service_class_code"};
inline constexpr Field kEntryAddendaCount{5, 6, "entry_addenda_count"};
inline constexpr Field kEntryHash{11, 10, "entry_hash"};
inline constexpr Field kTotalDebit{21, 12, "total_debit"};
inline constexpr Field kTotalCredit{33, 12, "total_credit"};
inline constexpr Field kCompanyIdentification{45, 10, "company_identification"};
inline constexpr Field kMessageAuthenticationCode{55, 19, "message_authentication_code"};
inline constexpr Field kOdfiIdentification{80, 8, "odfi_identification"};
inline constexpr Field kBatchNumber{88, 7, "batch_number"};
// ADV: 20-digit totals, ACH operator data instead of company id and MAC.
inline constexpr Field kAdvTotalDebit{21, 20, "total_debit"};
inline constexpr Field kAdvTotalCredit{41, 20, "total_credit"};
}  // namespace batch_control

namespace file_control {
inline constexpr Field kBatchCount{2, 6, "batch_count"};
inline constexpr Field kBlockCount{8, 6, "block_count"};
inline constexpr Field kEntryAddendaCount{14, 8, "entry_addenda_count"};
inline constexpr Field kEntryHash{22, 10, "entry_hash"};
inline constexpr Field kTotalDebit{32, 12, "total_debit"};
inline constexpr Field kTotalCredit{44, 12, "total_credit"};
// ADV files: 20-digit totals.
inline constexpr Field kAdvTotalDebit{32, 20, "total_debit"};
inline constexpr Field kAdvTotalCredit{52, 20, "total_credit"};
}  // namespace file_control

// Every field lies within the 94-character record: at() reads fields without bounds checks.
constexpr bool fits(const Field& f) {
  return f.start >= 1 && f.start - 1 + f.length <= 94;
}
static_assert(fits(file_header::kReferenceCode) && fits(batch_header::kBatchNumber) &&
              fits(entry::kTraceNumber) && fits(entry::kIatDfiAccountNumber) &&
              fits(entry::kCtxReceivingCompanyName) && fits(addenda::kTraceNumber) &&
              fits(addenda::kRawText) && fits(addenda::kEntryDetailSequenceNumber) &&
              fits(batch_control::kBatchNumber) && fits(file_control::kAdvTotalCredit));

}  // namespace tally::formats::nacha::layout
