// Typed records of an X9.37 / X9.100-187 image cash letter file. Field positions (1-based,
// inclusive, as the standard numbers them) are noted beside each field; records.cpp reads
// them. Amounts are US dollars as int64 cents ("implied two decimals"). Text fields are ASCII
// (converted from EBCDIC code page 037 when the file is EBCDIC) with the blank fill trimmed.
// Records are handed to a Visitor one at a time and are valid only during the call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/business_date.h"

namespace tally::formats::x9 {

enum class Encoding { kAscii, kEbcdic };
enum class Framing {
  kLengthPrefixed,  // each record preceded by a 4-byte big-endian length (the usual form)
  kLines,           // records end with a line terminator (LF, CRLF or CR; NL/LF in EBCDIC)
};

// Where a record sits in the file: for reports and for callers that key events on it.
struct RecordPosition {
  std::int64_t number = 0;   // 1-based record ordinal in the file
  std::int64_t line = 0;     // 1-based line for line-framed files, 0 for length-prefixed
  std::uint64_t offset = 0;  // byte offset of the record (of its length prefix, if any)
};

// 01 File Header.
struct FileHeader {
  RecordPosition position;
  Encoding encoding = Encoding::kAscii;
  Framing framing = Framing::kLengthPrefixed;
  std::string standard_level;       // 3-4: "03" X9.37, "30" X9.100-187-2008, "35" 2013/2016
  bool test_file = false;           // 5: T test, P production
  std::string destination_routing;  // 6-14
  std::string origin_routing;       // 15-23
  BusinessDate creation_date;       // 24-31
  std::string creation_time;        // 32-35 HHMM
  bool resend = false;              // 36: Y/N
  std::string destination_name;     // 37-54
  std::string origin_name;          // 55-72
  std::string file_id_modifier;     // 73
  std::string country_code;         // 74-75
};

// 10 Cash Letter Header.
struct CashLetterHeader {
  RecordPosition position;
  std::string collection_type;           // 3-4: 01 forward, 03 return, ...
  std::string destination_routing;       // 5-13
  std::string ece_institution_routing;   // 14-22
  BusinessDate business_date;            // 23-30
  BusinessDate creation_date;            // 31-38
  std::string creation_time;             // 39-42
  std::string record_type_indicator;     // 43: N, E, I, F
  std::string documentation_type;        // 44
  std::string cash_letter_id;            // 45-52
  std::string originator_contact_name;   // 53-66
  std::string originator_contact_phone;  // 67-76
};

// 20 Bundle Header.
struct BundleHeader {
  RecordPosition position;
  std::string collection_type;          // 3-4
  std::string destination_routing;      // 5-13
  std::string ece_institution_routing;  // 14-22
  BusinessDate business_date;           // 23-30
  BusinessDate creation_date;           // 31-38
  std::string bundle_id;                // 39-48
  std::string sequence_number;          // 49-52
  std::string cycle_number;             // 53-54
  std::string return_location_routing;  // 55-63
};

// 25 Check Detail: one forward-presented item.
struct CheckDetail {
  RecordPosition position;
  std::string auxiliary_on_us;           // 3-17
  std::string external_processing_code;  // 18
  std::string payor_routing;             // 19-27: 8 digits and the check digit
  std::string on_us;                     // 28-47: usually account and serial number
  std::int64_t amount_minor = 0;         // 48-57
  std::string item_sequence_number;      // 58-72
  std::string documentation_type;        // 73
  std::string return_acceptance;         // 74
  std::string micr_valid;                // 75: 1 good read ... 4
  std::string bofd_indicator;            // 76: Y, N, U
  int addendum_count = 0;                // 77-78: 26/27/28 records that follow
  std::string correction_indicator;      // 79
  std::string archive_type;              // 80
};

// 31 Return: an item coming back unpaid.
struct ReturnDetail {
  RecordPosition position;
  std::string payor_routing;      // 3-11: 8 digits and the check digit
  std::string on_us;              // 12-31
  std::int64_t amount_minor = 0;  // 32-41
  char return_reason = ' ';       // 42: A NSF, B uncollected funds hold, C stop payment, ...
  std::string_view return_reason_description;       // from the X9.100-188 table (return_reasons.h)
  int addendum_count = 0;                           // 43-44: 32-35 records that follow
  std::string documentation_type;                   // 45
  std::optional<BusinessDate> forward_bundle_date;  // 46-53
  std::string item_sequence_number;                 // 54-68
  std::string external_processing_code;             // 69
  std::string return_notification;                  // 70: 1 preliminary, 2 final
  std::string archive_type;                         // 71
  std::string times_returned;                       // 72
};

// 26/27/28 (check detail addenda A/B/C) and 32/33/34/35 (return addenda A/B/C/D). The typed
// fields are filled where the record type has them; `text` is the whole record (ASCII).
struct Addendum {
  RecordPosition position;
  int record_type = 0;
  std::string record_number;  // 26/32: 3; 28/35: 3-4
  // 26/32: BOFD routing 4-12; 28/35: endorsing bank routing 5-13.
  std::string routing;
  // 26/32: BOFD business date 13-20; 28/35: endorsement date 14-21; 33: payor bank date 51-58.
  std::optional<BusinessDate> date;
  // 26/32: 21-35; 28/35: 22-36; 33: payor bank item sequence 36-50.
  std::string item_sequence_number;
  std::string deposit_account;  // 26/32: 36-53, account at the bank of first deposit
  std::string name;             // 26/32: payee name 59-73; 33: payor account name 59-80
  std::string payor_bank_name;  // 33: 3-20
  std::string return_reason;    // 28/35: 40
  std::string_view text;        // the record as read (valid during the call)
};

// 50 Image View Detail.
struct ImageViewDetail {
  RecordPosition position;
  std::string image_indicator;               // 3: 0 no image, 1 image present, ...
  std::string creator_routing;               // 4-12
  std::optional<BusinessDate> creator_date;  // 13-20
  std::string view_format;                   // 21-22: 00 TIFF ...
  std::string compression;                   // 23-24
  std::string data_size;                     // 25-31
  std::string view_side;                     // 32: 0 front, 1 back
  std::string view_descriptor;               // 33-34
};

// 52 Image View Data. The image bytes are never decoded or copied: `image_offset` and
// `image_bytes` say where they are in the input.
struct ImageViewData {
  RecordPosition position;
  std::string ece_institution_routing;               // 3-11
  std::optional<BusinessDate> bundle_business_date;  // 12-19
  std::string cycle_number;                          // 20-21
  std::string item_sequence_number;                  // 22-36
  std::string image_reference_key;                   // 106..(105+X), X from 102-105
  std::uint64_t signature_bytes = 0;                 // Y, from (106+X)-(110+X)
  std::uint64_t image_bytes = 0;                     // Z, from (111+X+Y)-(117+X+Y)
  std::uint64_t image_offset = 0;                    // where the Z image bytes start in the input
};

// 61 Credit / Reconciliation and 62 Credit Item: a deposit credit.
struct Credit {
  RecordPosition position;
  int record_type = 61;
  std::string auxiliary_on_us;         // 3-17
  std::string routing;                 // 19-27 (61: payor bank, 62: posting bank)
  std::string account_on_us;           // 28-47
  std::int64_t amount_minor = 0;       // 61: 48-57 (10 digits); 62: 48-61 (14 digits)
  std::string item_sequence_number;    // 61: 58-72; 62: 62-76
  std::string debit_credit_indicator;  // 61: 77
};

// 70 Bundle Control.
struct BundleControl {
  RecordPosition position;
  std::int64_t items = 0;                   // 3-6
  std::int64_t total_minor = 0;             // 7-18
  std::int64_t micr_valid_total_minor = 0;  // 19-30
  std::int64_t images = 0;                  // 31-35: 50 records
  std::string user_field;                   // 36-55
  bool credits_included = false;            // 56: credit total indicator 1
};

// 90 Cash Letter Control.
struct CashLetterControl {
  RecordPosition position;
  std::int64_t bundles = 0;                     // 3-8
  std::int64_t items = 0;                       // 9-16
  std::int64_t total_minor = 0;                 // 17-30
  std::int64_t images = 0;                      // 31-39
  std::string ece_institution_name;             // 40-57
  std::optional<BusinessDate> settlement_date;  // 58-65
  bool credits_included = false;                // 66
};

// 99 File Control.
struct FileControl {
  RecordPosition position;
  std::int64_t cash_letters = 0;  // 3-8
  std::int64_t records = 0;       // 9-16: all records, 01 and 99 included
  std::int64_t items = 0;         // 17-24
  std::int64_t total_minor = 0;   // 25-40
  std::string contact_name;       // 41-54
  std::string contact_phone;      // 55-64
  bool credits_included = false;  // 65
};

}  // namespace tally::formats::x9
