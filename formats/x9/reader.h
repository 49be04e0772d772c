// Streaming reader of X9.37 / X9.100-187 image cash letter files.
//
// Contract:
// - The encoding (ASCII, or EBCDIC code page 037) and the framing (4-byte big-endian length
//   prefix, or line terminators) are detected from the first record's type bytes: "01" or
//   0xF0 0xF1, at the start (lines) or after a 4-byte prefix.
// - parse() calls the Visitor as each record is read, in file order, and keeps no list of
//   items: memory is bounded by the largest non-image record (Limits::max_record_bytes).
//   Image bytes (record 52) are skipped by their length field, never decoded or copied; every
//   length is bounds-checked against the record and the input.
// - Visitor calls happen before the file is known to be good; callers act only when the
//   returned report says `accepted`.
// - Rejected: unknown encoding or framing, truncated or oversized records, unknown record
//   types, records out of order (the 01 / 10 / 20 / items / 70 / 90 / 99 nesting), bad
//   amounts, counts, dates or return reasons, addendum counts that disagree, and bundle (70),
//   cash letter (90) and file (99) counts or totals that disagree with the records.
// - No exception escapes. Thread-compatible: each call is independent.
// The layouts and the checks are described in formats/x9/README.md.
#pragma once

#include <cstddef>
#include <string_view>

#include "formats/common/report.h"
#include "formats/x9/records.h"

namespace tally::formats::x9 {

struct Limits {
  std::size_t max_file_bytes = std::size_t{8} << 30;  // 8 GiB: image files are large
  std::size_t max_record_bytes = 16 * 1024;           // any record but 52 (27/34 can be ~10 KB)
  std::size_t max_image_bytes = 9'999'999;            // what the 7-digit length field allows
};

// Callbacks, all no-ops by default. References are valid only during the call.
class Visitor {
 public:
  virtual ~Visitor() = default;
  virtual void on_file_header(const FileHeader&) {}
  virtual void on_cash_letter_header(const CashLetterHeader&) {}
  virtual void on_bundle_header(const BundleHeader&) {}
  virtual void on_check(const CheckDetail&) {}
  virtual void on_return(const ReturnDetail&) {}
  virtual void on_addendum(const Addendum&) {}
  virtual void on_image_view_detail(const ImageViewDetail&) {}
  virtual void on_image_view_data(const ImageViewData&) {}
  virtual void on_credit(const Credit&) {}
  virtual void on_bundle_control(const BundleControl&) {}
  virtual void on_cash_letter_control(const CashLetterControl&) {}
  virtual void on_file_control(const FileControl&) {}
};

// Report: format "x9"; summary: cash_letters, bundles, items (25 and 31 records), total_minor
// (their amounts), records, returns (31 records), images (50 records), credits and
// credit_total_minor (61/62), encoding, framing; declared (from 99, and the 90s summed):
// cash_letters, records, items, total_minor, bundles, images.
ParseReport parse(std::string_view bytes, Visitor& visitor, const Limits& limits = {});
ParseReport check(std::string_view bytes, const Limits& limits = {});

}  // namespace tally::formats::x9
