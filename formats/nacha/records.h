// Typed NACHA ACH records, fields named as the Operating Rules (Appendix Three) name them.
//
// Lifetime: every std::string_view points into the bytes given to parse() or into the
// reader's scratch buffers, and is valid only during the Visitor callback that receives the
// record. Copy what you keep. Alphanumeric fields are given with trailing spaces removed;
// numeric fields are decoded. Amounts are int64 minor units (cents).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/business_date.h"
#include "formats/nacha/change_codes.h"
#include "formats/nacha/return_codes.h"
#include "formats/nacha/transaction_codes.h"

namespace tally::formats::nacha {

// Where a record sits: physical line (1-based; a one-line file is all line 1) and logical
// record ordinal (1-based, 94-character records counted from the file header).
struct Location {
  std::int64_t line = 0;
  std::int64_t record = 0;
};

struct FileHeader {
  Location at;
  std::string_view priority_code;          // "01"
  std::string_view immediate_destination;  // as written, spaces stripped: "231380104"
  std::string_view immediate_origin;       // routing number or 10-digit identification
  BusinessDate file_creation_date;
  std::string_view file_creation_time;  // "HHMM", or empty (optional field)
  char file_id_modifier = 'A';          // A-Z, 0-9
  int record_size = 94;
  int blocking_factor = 10;
  int format_code = 1;
  std::string_view immediate_destination_name;
  std::string_view immediate_origin_name;
  std::string_view reference_code;
};

struct BatchHeader {
  Location at;
  int service_class_code = 0;                   // 200 mixed, 220 credits, 225 debits, 280 ADV
  std::string_view company_name;                // IAT: the IAT indicator
  std::string_view company_discretionary_data;  // IAT: foreign exchange fields, ISO country
  std::string_view company_identification;      // IAT: originator identification
  std::string_view standard_entry_class;        // "PPD", "CCD", "WEB", ...
  std::string_view company_entry_description;
  std::string_view company_descriptive_date;  // IAT: ISO originating+destination currency
  // Empty when the file leaves it blank or zero, as returns and ENR files do (a warning).
  std::optional<BusinessDate> effective_entry_date;
  std::string_view settlement_date;  // Julian day, filled in by the ACH operator
  char originator_status_code = '1';
  std::string_view odfi_identification;  // 8 digits
  std::int64_t batch_number = 0;

  bool is_iat() const { return standard_entry_class == "IAT"; }
  bool is_adv() const { return standard_entry_class == "ADV"; }
};

// Addenda type 05: payment related information (CCD, CTX, PPD, WEB, CIE, ...).
struct Addenda05 {
  Location at;
  std::string_view payment_related_information;  // positions 4-83
  int addenda_sequence_number = 0;
  std::int64_t entry_detail_sequence_number = 0;  // last 7 digits of the entry's trace
};

// Addenda type 98: notification of change (C01-C14) or a refused NOC (C61-C69).
struct Addenda98 {
  Location at;
  const ChangeCodeInfo* change_code = nullptr;  // never null in a delivered record
  std::string_view original_entry_trace_number;
  std::string_view original_rdfi_identification;  // 8 digits
  std::string_view corrected_data;                // the raw 29-character field, trimmed
  // Decoded corrected data; empty when the field does not match its change code's layout
  // (reported as a warning: the originator refuses such an NOC with C65).
  std::optional<CorrectedData> corrected;
  // Refused NOCs only: the change code being refused and the NOC's trace sequence.
  const ChangeCodeInfo* refused_change_code = nullptr;
  std::string_view trace_sequence_number;
  std::string_view trace_number;

  bool refused() const { return change_code != nullptr && change_code->refused; }
};

// Addenda type 99: a return, a dishonored return or a contested dishonored return.
struct Addenda99 {
  Location at;
  const ReturnCodeInfo* return_reason_code = nullptr;  // never null in a delivered record
  std::string_view original_entry_trace_number;
  std::optional<BusinessDate> date_of_death;      // returns (R14, R15) only
  std::string_view original_rdfi_identification;  // 8 digits
  std::string_view addenda_information;           // returns: 44 chars; dishonored: 21
  std::string_view trace_number;
  // Dishonored (R61, R62, R67-R70) and contested (R71-R77) returns:
  std::string_view return_trace_number;
  std::string_view return_settlement_date;       // Julian day
  std::string_view original_return_reason_code;  // 2 digits: "01" for R01
  // Contested returns only:
  std::optional<BusinessDate> date_original_entry_returned;
  std::string_view original_settlement_date;  // Julian day
  std::string_view dishonored_return_trace_number;
  std::string_view dishonored_return_settlement_date;
  std::string_view dishonored_return_reason_code;

  ReturnKind kind() const { return return_reason_code->kind; }
};

// Any other addenda (02 terminal information for POS/MTE/SHR; 10-18 for IAT): kept raw.
struct OtherAddenda {
  Location at;
  int addenda_type_code = 0;
  std::string_view text;  // positions 4-94, trimmed
};

struct EntryDetail {
  Location at;
  int transaction_code = 0;
  std::string_view rdfi_routing;  // receiving DFI identification: 8 digits
  int check_digit = 0;
  std::string_view dfi_account_number;  // IAT: positions 40-74; ADV: 13-27
  std::int64_t amount_minor = 0;
  // By SEC code: PPD/WEB/TEL individual id and name; CCD/CTX identification number and
  // receiving company name; CIE swaps the two fields' positions; ARC/BOC/RCK/POP carry the
  // check serial number where others carry the id. Empty when the SEC code has no such field.
  std::string_view individual_id_number;
  std::string_view individual_name;
  std::string_view check_serial_number;          // ARC, BOC, RCK, POP, TRC, XCK
  std::string_view terminal_city;                // POP
  std::string_view terminal_state;               // POP
  std::string_view discretionary_data;           // WEB/TEL: the payment type code
  std::optional<int> number_of_addenda_records;  // CTX, ATX, TRX, IAT as declared
  int addenda_record_indicator = 0;
  std::string_view trace_number;  // 15 digits: ODFI (8) + sequence (7)
  TransactionCodeInfo code;       // what transaction_code says (debit/credit, prenote)

  // The addenda that followed this entry, in file order by type.
  std::vector<Addenda05> addenda05;
  std::vector<Addenda98> addenda98;
  std::vector<Addenda99> addenda99;
  std::vector<OtherAddenda> other_addenda;

  bool is_credit() const { return code.credit; }
  bool is_debit() const { return !code.credit; }
  bool is_prenote() const { return code.prenote; }
  bool is_zero_dollar() const { return code.zero_dollar || code.prenote; }
  bool is_return() const { return !addenda99.empty(); }
  bool is_noc() const { return !addenda98.empty(); }
  std::int64_t addenda_count() const {
    return static_cast<std::int64_t>(addenda05.size() + addenda98.size() + addenda99.size() +
                                     other_addenda.size());
  }
};

struct BatchControl {
  Location at;
  int service_class_code = 0;
  std::int64_t entry_addenda_count = 0;
  std::int64_t entry_hash = 0;
  std::int64_t total_debit_minor = 0;
  std::int64_t total_credit_minor = 0;
  std::string_view company_identification;  // empty in ADV batches
  std::string_view message_authentication_code;
  std::string_view odfi_identification;
  std::int64_t batch_number = 0;
};

struct FileControl {
  Location at;
  std::int64_t batch_count = 0;
  std::int64_t block_count = 0;
  std::int64_t entry_addenda_count = 0;
  std::int64_t entry_hash = 0;
  std::int64_t total_debit_minor = 0;
  std::int64_t total_credit_minor = 0;
};

}  // namespace tally::formats::nacha
