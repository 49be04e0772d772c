#include "formats/x9/totals.h"

#include <fmt/format.h>

#include "core/money.h"

namespace tally::formats::x9 {
namespace {

std::string dollars(std::int64_t minor) {
  return Money(minor, Currency::usd()).to_display();
}

}  // namespace

Issue located(const RecordPosition& at, std::string_view field, std::string_view code,
              std::string_view message) {
  const std::string where = at.line > 0 ? fmt::format("line {}", at.line)
                                        : fmt::format("record {} at byte {}", at.number, at.offset);
  return Issue{at.line, at.number, std::string(field), std::string(code),
               fmt::format("{}: {}", where, message)};
}

void Checker::add(std::int64_t& sum, std::int64_t value, const RecordPosition& at) {
  auto next = checked_add(sum, value);
  if (next) {
    sum = *next;
  } else if (!overflowed_) {
    overflowed_ = true;
    report_.error(located(at, "item_amount", "amount_overflow",
                          "the amounts add up to more than 64-bit cents hold"));
  }
}

void Checker::merge(Scope& into, const Scope& from, const RecordPosition& at) {
  add(into.items, from.items, at);
  add(into.amount_minor, from.amount_minor, at);
  add(into.returns, from.returns, at);
  add(into.credits, from.credits, at);
  add(into.credit_minor, from.credit_minor, at);
  add(into.images, from.images, at);
  add(into.item_records, from.item_records, at);
  add(into.micr_valid_minor, from.micr_valid_minor, at);
  add(into.bundles, from.bundles, at);
  add(into.cash_letters, from.cash_letters, at);
}

void Checker::open_cash_letter() {
  cash_letter_ = Scope{};
  bundle_open_ = false;
}

void Checker::open_bundle() {
  bundle_ = Scope{};
  bundle_open_ = true;
}

void Checker::add_item(const RecordPosition& at, std::int64_t amount_minor, bool is_return,
                       bool micr_valid) {
  Scope& s = current();
  add(s.items, 1, at);
  add(s.amount_minor, amount_minor, at);
  if (is_return) add(s.returns, 1, at);
  if (micr_valid) add(s.micr_valid_minor, amount_minor, at);
}

void Checker::add_credit(const RecordPosition& at, std::int64_t amount_minor) {
  Scope& s = current();
  add(s.credits, 1, at);
  add(s.credit_minor, amount_minor, at);
}

void Checker::add_image() {
  ++current().images;
}

void Checker::check_count(const RecordPosition& at, std::string_view field, std::string_view what,
                          std::int64_t declared, std::int64_t actual) {
  if (declared != actual)
    report_.error(located(at, field, "count_mismatch",
                          fmt::format("{} declared {}, counted {}", what, declared, actual)));
}

void Checker::check_items(const RecordPosition& at, std::string_view field, std::string_view scope,
                          std::int64_t declared, std::int64_t items, std::int64_t records) {
  if (declared == items) return;
  if (declared == records) {
    report_.warning(located(
        at, field, "item_count_is_record_count",
        fmt::format("{} item count {} is the number of records in its bundles, not of items "
                    "({}): a known writer quirk, accepted",
                    scope, declared, items)));
    return;
  }
  report_.error(located(at, field, "count_mismatch",
                        fmt::format("{} declares {} items; it holds {}", scope, declared, items)));
}

// X9.100-187 counts every record of the file, the file header (01) and control (99) included.
// Some writers leave those two out; that count is accepted with a warning (every other count
// and every amount is still checked), any other is an error.
void Checker::check_records(const RecordPosition& at, std::int64_t declared) {
  constexpr std::int64_t kFileHeaderAndControl = 2;
  if (declared == records_) return;
  if (declared == records_ - kFileHeaderAndControl) {
    report_.warning(located(
        at, "total_record_count", "record_count_convention",
        fmt::format("records in the file declared {}: the {} records without the file header "
                    "and file control, which the standard counts; accepted",
                    declared, records_)));
    return;
  }
  check_count(at, "total_record_count", "records in the file", declared, records_);
}

void Checker::check_total(const RecordPosition& at, std::string_view field, std::string_view scope,
                          std::int64_t declared, std::int64_t actual) {
  if (declared != actual)
    report_.error(located(at, field, "total_mismatch",
                          fmt::format("{} declares a total of {}; its items add up to {}", scope,
                                      dollars(declared), dollars(actual))));
}

void Checker::close_bundle(const BundleControl& c) {
  const Scope& b = bundle_;
  const RecordPosition& at = c.position;
  const std::int64_t items = b.items + (c.credits_included ? b.credits : 0);
  const std::int64_t total = b.amount_minor + (c.credits_included ? b.credit_minor : 0);
  check_items(at, "items_within_bundle_count", "the bundle", c.items, items, b.item_records);
  check_total(at, "bundle_total_amount", "the bundle", c.total_minor, total);
  check_count(at, "images_within_bundle_count", "images within the bundle", c.images, b.images);
  if (c.micr_valid_total_minor != 0 && c.micr_valid_total_minor != b.micr_valid_minor)
    report_.warning(
        located(at, "micr_valid_total_amount", "micr_total_mismatch",
                fmt::format("MICR-valid total {} differs from the good-read items' "
                            "{}",
                            dollars(c.micr_valid_total_minor), dollars(b.micr_valid_minor))));
  Scope closed = bundle_;
  closed.bundles = 1;
  merge(cash_letter_, closed, at);
  bundle_open_ = false;
}

void Checker::close_cash_letter(const CashLetterControl& c) {
  const Scope& l = cash_letter_;
  const RecordPosition& at = c.position;
  const std::int64_t items = l.items + (c.credits_included ? l.credits : 0);
  const std::int64_t total = l.amount_minor + (c.credits_included ? l.credit_minor : 0);
  check_count(at, "cash_letter_bundle_count", "bundles in the cash letter", c.bundles, l.bundles);
  check_items(at, "cash_letter_items_count", "the cash letter", c.items, items, l.item_records);
  check_total(at, "cash_letter_total_amount", "the cash letter", c.total_minor, total);
  check_count(at, "cash_letter_images_count", "images in the cash letter", c.images, l.images);
  declared_bundles_ += c.bundles;
  declared_images_ += c.images;
  Scope closed = cash_letter_;
  closed.cash_letters = 1;
  merge(file_, closed, at);
  cash_letter_ = Scope{};
}

void Checker::close_file(const FileControl& c) {
  const Scope& f = file_;
  const RecordPosition& at = c.position;
  const std::int64_t items = f.items + (c.credits_included ? f.credits : 0);
  const std::int64_t total = f.amount_minor + (c.credits_included ? f.credit_minor : 0);
  check_count(at, "cash_letter_count", "cash letters in the file", c.cash_letters, f.cash_letters);
  check_records(at, c.records);
  check_items(at, "total_item_count", "the file", c.items, items, f.item_records);
  check_total(at, "file_total_amount", "the file", c.total_minor, total);
  has_file_control_ = true;
  file_control_ = c;
}

void Checker::summarize(const Detected& detected) {
  const Scope& f = file_;
  Fields& s = report_.summary;
  s.set("cash_letters", f.cash_letters);
  s.set("bundles", f.bundles);
  s.set("items", f.items);
  s.set("total_minor", f.amount_minor);
  s.set("records", records_);
  s.set("returns", f.returns);
  s.set("images", f.images);
  s.set("credits", f.credits);
  s.set("credit_total_minor", f.credit_minor);
  s.set("encoding", std::string(detected.encoding == Encoding::kEbcdic ? "ebcdic" : "ascii"));
  s.set("framing", std::string(detected.framing == Framing::kLines ? "lines" : "length_prefixed"));
  if (!has_file_control_) return;
  Fields& d = report_.declared;
  d.set("cash_letters", file_control_.cash_letters);
  d.set("bundles", declared_bundles_);
  d.set("items", file_control_.items);
  d.set("total_minor", file_control_.total_minor);
  d.set("records", file_control_.records);
  d.set("images", declared_images_);
}

}  // namespace tally::formats::x9
