// Record decoders: one 94-character record in, one typed record out, every field checked
// against its format (numeric fields all digits, codes from their tables, check digits).
// Each returns false after reporting located errors to `issues`; cross-record rules (order,
// totals, trace sequence) are the reader's. Views in the output point into `text`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "formats/nacha/fields.h"
#include "formats/nacha/issues.h"
#include "formats/nacha/record_scan.h"
#include "formats/nacha/records.h"

namespace tally::formats::nacha {

// Where an SEC code puts the entry detail fields that differ between codes (40-78).
enum class EntryLayout : std::uint8_t {
  kStandard,  // PPD, CCD, WEB, TEL, ACK, COR, DNE, ENR, MTE, POS, SHR: id 40-54, name 55-76
  kCheck,     // ARC, BOC, RCK, TRC, XCK: check serial number 40-54
  kPop,       // POP: check serial 40-48, terminal city 49-52 and state 53-54
  kCie,       // CIE: name 40-54, id 55-76
  kCtx,       // CTX, ATX, TRX: addenda count 55-58, receiving company name 59-74
  kIat,       // IAT: addenda count 13-16, account number 40-74
  kAdv,       // ADV: accounting advice layout (12-digit amount, no trace number)
};

// The layout of an SEC code; nullopt for codes the Rules do not define.
std::optional<EntryLayout> entry_layout_for(std::string_view standard_entry_class);

// Reads fields of one record, reporting each malformed field once, located and named.
class FieldReader {
 public:
  FieldReader(std::string_view text, Location at, Issues& issues)
      : text_(text), at_(at), issues_(issues) {}

  std::string_view raw(const Field& f) const { return nacha::at(text_, f); }
  std::string_view alpha(const Field& f) const { return rtrim(raw(f)); }
  // An all-digit field's value (up to 18 digits); reports `code` and returns 0 otherwise.
  std::int64_t number(const Field& f, std::string_view code = "not_numeric");
  // A money field in minor units (any width; 20-digit totals are overflow-checked).
  std::int64_t amount(const Field& f);
  // An all-digit field kept as text (trace numbers, routing numbers).
  std::string_view digits(const Field& f, std::string_view code = "not_numeric");
  void fail(const Field& f, std::string_view code, std::string message);
  // Accepted, but unusual: a located warning (not counted as an error).
  void warn(const Field& f, std::string_view code, std::string message);
  bool ok() const { return ok_; }
  Location location() const { return at_; }

 private:
  std::string_view text_;
  Location at_;
  Issues& issues_;
  bool ok_ = true;
};

// Field text for a message: non-printable bytes shown as '?'.
std::string shown(std::string_view s);

bool decode_file_header(std::string_view text, Location at, Issues& issues, FileHeader& out);
bool decode_batch_header(std::string_view text, Location at, Issues& issues, BatchHeader& out,
                         EntryLayout& layout);
// Decodes the entry's own fields; leaves its addenda vectors untouched. `scan` is
// scan_entry(text, layout) (entry_fast.h): the reader scans each record
// once. Clean records take the inline fast path; the rest are checked field by field.
bool decode_entry(std::string_view text, Location at, EntryLayout layout, const RecordScan& scan,
                  Issues& issues, EntryDetail& out);
// Decodes an addenda record and appends it to `entry`'s addenda of its type.
bool decode_addenda(std::string_view text, Location at, Issues& issues, EntryDetail& entry);
bool decode_batch_control(std::string_view text, Location at, bool adv, Issues& issues,
                          BatchControl& out);
bool decode_file_control(std::string_view text, Location at, bool adv, Issues& issues,
                         FileControl& out);

}  // namespace tally::formats::nacha
