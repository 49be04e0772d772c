// Field positions per X9.100-187 (and DSTU X9.37, which agrees for the fields read here).
#include "formats/x9/decode.h"

#include <fmt/format.h>

#include "core/money.h"
#include "formats/x9/return_reasons.h"

namespace tally::formats::x9 {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

// The credit total indicator: "1" means the control's totals include credit items.
bool credits_flag(const Fields& f, int at) {
  return f.raw(at, at) == "1";
}

}  // namespace

std::string_view Fields::raw(int first, int last) const {
  const auto begin = static_cast<std::size_t>(first - 1);
  const auto width = static_cast<std::size_t>(last - first + 1);
  if (begin >= text_.size()) return {};
  return text_.substr(begin, width);
}

std::string Fields::text(int first, int last) const {
  return std::string(trim(raw(first, last)));
}

void Fields::issue(std::string_view name, std::string_view code, std::string message) {
  issues_.push_back(FieldIssue{std::string(name), std::string(code), std::move(message)});
}

std::optional<std::int64_t> Fields::digits(int first, int last, std::string_view name,
                                           std::string_view code) {
  const std::string_view value = raw(first, last);
  const auto width = static_cast<std::size_t>(last - first + 1);
  std::optional<std::int64_t> parsed;
  if (value.size() == width) parsed = parse_implied_minor(value);
  if (!parsed)
    issue(name, code,
          fmt::format("{} (positions {}-{}) is '{}', not {} digits", name, first, last, value,
                      width));
  return parsed;
}

std::optional<std::int64_t> Fields::amount(int first, int last, std::string_view name) {
  return digits(first, last, name, "bad_amount");
}

std::optional<std::int64_t> Fields::count(int first, int last, std::string_view name) {
  return digits(first, last, name, "bad_number");
}

std::optional<BusinessDate> Fields::date(int first, int last, std::string_view name,
                                         bool mandatory) {
  const std::string_view value = raw(first, last);
  if (!mandatory && trim(value).empty()) return std::nullopt;
  auto parsed = BusinessDate::parse_yyyymmdd(value);
  if (!parsed)
    issue(
        name, "bad_date",
        fmt::format("{} (positions {}-{}) is '{}', not a YYYYMMDD date", name, first, last, value));
  return parsed;
}

std::optional<int> record_type(std::string_view text) {
  if (text.size() < 2 || text[0] < '0' || text[0] > '9' || text[1] < '0' || text[1] > '9')
    return std::nullopt;
  return (text[0] - '0') * 10 + (text[1] - '0');
}

void decode(std::string_view text, FileHeader& out, FieldIssues& issues) {
  Fields f(text, issues);
  out.standard_level = f.text(3, 4);
  out.test_file = f.raw(5, 5) == "T";
  out.destination_routing = f.text(6, 14);
  out.origin_routing = f.text(15, 23);
  out.creation_date = f.date(24, 31, "file_creation_date", true).value_or(BusinessDate{});
  out.creation_time = f.text(32, 35);
  out.resend = f.raw(36, 36) == "Y";
  out.destination_name = f.text(37, 54);
  out.origin_name = f.text(55, 72);
  out.file_id_modifier = f.text(73, 73);
  out.country_code = f.text(74, 75);
}

void decode(std::string_view text, CashLetterHeader& out, FieldIssues& issues) {
  Fields f(text, issues);
  out.collection_type = f.text(3, 4);
  out.destination_routing = f.text(5, 13);
  out.ece_institution_routing = f.text(14, 22);
  out.business_date = f.date(23, 30, "cash_letter_business_date", true).value_or(BusinessDate{});
  out.creation_date = f.date(31, 38, "cash_letter_creation_date", true).value_or(BusinessDate{});
  out.creation_time = f.text(39, 42);
  out.record_type_indicator = f.text(43, 43);
  out.documentation_type = f.text(44, 44);
  out.cash_letter_id = f.text(45, 52);
  out.originator_contact_name = f.text(53, 66);
  out.originator_contact_phone = f.text(67, 76);
}

void decode(std::string_view text, BundleHeader& out, FieldIssues& issues) {
  Fields f(text, issues);
  out.collection_type = f.text(3, 4);
  out.destination_routing = f.text(5, 13);
  out.ece_institution_routing = f.text(14, 22);
  out.business_date = f.date(23, 30, "bundle_business_date", true).value_or(BusinessDate{});
  out.creation_date = f.date(31, 38, "bundle_creation_date", true).value_or(BusinessDate{});
  out.bundle_id = f.text(39, 48);
  out.sequence_number = f.text(49, 52);
  out.cycle_number = f.text(53, 54);
  out.return_location_routing = f.text(55, 63);
}

void decode(std::string_view text, CheckDetail& out, FieldIssues& issues) {
  Fields f(text, issues);
  out.auxiliary_on_us = f.text(3, 17);
  out.external_processing_code = f.text(18, 18);
  out.payor_routing = f.text(19, 27);
  out.on_us = f.text(28, 47);
  out.amount_minor = f.amount(48, 57, "item_amount").value_or(0);
  out.item_sequence_number = f.text(58, 72);
  out.documentation_type = f.text(73, 73);
  out.return_acceptance = f.text(74, 74);
  out.micr_valid = f.text(75, 75);
  out.bofd_indicator = f.text(76, 76);
  out.addendum_count = static_cast<int>(f.count(77, 78, "addendum_count").value_or(0));
  out.correction_indicator = f.text(79, 79);
  out.archive_type = f.text(80, 80);
}

void decode(std::string_view text, ReturnDetail& out, FieldIssues& issues) {
  Fields f(text, issues);
  out.payor_routing = f.text(3, 11);
  out.on_us = f.text(12, 31);
  out.amount_minor = f.amount(32, 41, "item_amount").value_or(0);
  const std::string_view reason = f.raw(42, 42);
  out.return_reason = reason.empty() ? ' ' : reason[0];
  if (auto r = find_return_reason(out.return_reason)) {
    out.return_reason_description = r->description;
  } else {
    f.issue(
        "return_reason", "bad_return_reason",
        fmt::format("return reason (position 42) '{}' is not an X9 return reason code", reason));
  }
  out.addendum_count = static_cast<int>(f.count(43, 44, "addendum_count").value_or(0));
  out.documentation_type = f.text(45, 45);
  out.forward_bundle_date = f.date(46, 53, "forward_bundle_date", true);
  out.item_sequence_number = f.text(54, 68);
  out.external_processing_code = f.text(69, 69);
  out.return_notification = f.text(70, 70);
  out.archive_type = f.text(71, 71);
  out.times_returned = f.text(72, 72);
}

void decode(std::string_view text, int type, Addendum& out, FieldIssues& issues) {
  Fields f(text, issues);
  out.record_type = type;
  out.text = text;
  switch (type) {
    case 26:
    case 32:  // BOFD: check detail addendum A, return addendum A
      out.record_number = f.text(3, 3);
      out.routing = f.text(4, 12);
      out.date = f.date(13, 20, "bofd_business_date", false);
      out.item_sequence_number = f.text(21, 35);
      out.deposit_account = f.text(36, 53);
      out.name = f.text(59, 73);
      break;
    case 28:
    case 35:  // endorsement: check detail addendum C, return addendum D
      out.record_number = f.text(3, 4);
      out.routing = f.text(5, 13);
      out.date = f.date(14, 21, "endorsement_date", false);
      out.item_sequence_number = f.text(22, 36);
      out.return_reason = f.text(40, 40);
      break;
    case 33:  // return addendum B: the payor bank
      out.payor_bank_name = f.text(3, 20);
      out.item_sequence_number = f.text(36, 50);
      out.date = f.date(51, 58, "payor_bank_business_date", false);
      out.name = f.text(59, 80);
      break;
    default:  // 27 and 34: image archive references, kept as text
      break;
  }
}

void decode(std::string_view text, ImageViewDetail& out, FieldIssues& issues) {
  Fields f(text, issues);
  out.image_indicator = f.text(3, 3);
  out.creator_routing = f.text(4, 12);
  out.creator_date = f.date(13, 20, "image_creator_date", false);
  out.view_format = f.text(21, 22);
  out.compression = f.text(23, 24);
  out.data_size = f.text(25, 31);
  out.view_side = f.text(32, 32);
  out.view_descriptor = f.text(33, 34);
}

void decode(std::string_view text, ImageViewData& out, FieldIssues& issues) {
  constexpr std::size_t kKeyAt = 105;  // the reference key follows the fixed fields
  Fields f(text, issues);
  out.ece_institution_routing = f.text(3, 11);
  out.bundle_business_date = f.date(12, 19, "bundle_business_date", false);
  out.cycle_number = f.text(20, 21);
  out.item_sequence_number = f.text(22, 36);
  if (text.size() > kKeyAt) out.image_reference_key = std::string(trim(text.substr(kKeyAt)));
}

void decode(std::string_view text, int type, Credit& out, FieldIssues& issues) {
  Fields f(text, issues);
  out.record_type = type;
  out.auxiliary_on_us = f.text(3, 17);
  out.routing = f.text(19, 27);
  out.account_on_us = f.text(28, 47);
  if (type == 62) {  // credit item: a 14-digit amount
    out.amount_minor = f.amount(48, 61, "item_amount").value_or(0);
    out.item_sequence_number = f.text(62, 76);
  } else {
    out.amount_minor = f.amount(48, 57, "item_amount").value_or(0);
    out.item_sequence_number = f.text(58, 72);
    out.debit_credit_indicator = f.text(77, 77);
  }
}

void decode(std::string_view text, BundleControl& out, FieldIssues& issues) {
  Fields f(text, issues);
  out.items = f.count(3, 6, "items_within_bundle_count").value_or(0);
  out.total_minor = f.amount(7, 18, "bundle_total_amount").value_or(0);
  const std::string_view micr = f.raw(19, 30);
  if (!trim(micr).empty())
    out.micr_valid_total_minor = f.amount(19, 30, "micr_valid_total_amount").value_or(0);
  out.images = f.count(31, 35, "images_within_bundle_count").value_or(0);
  out.user_field = f.text(36, 55);
  out.credits_included = credits_flag(f, 56);
}

void decode(std::string_view text, CashLetterControl& out, FieldIssues& issues) {
  Fields f(text, issues);
  out.bundles = f.count(3, 8, "cash_letter_bundle_count").value_or(0);
  out.items = f.count(9, 16, "cash_letter_items_count").value_or(0);
  out.total_minor = f.amount(17, 30, "cash_letter_total_amount").value_or(0);
  out.images = f.count(31, 39, "cash_letter_images_count").value_or(0);
  out.ece_institution_name = f.text(40, 57);
  out.settlement_date = f.date(58, 65, "settlement_date", false);
  out.credits_included = credits_flag(f, 66);
}

void decode(std::string_view text, FileControl& out, FieldIssues& issues) {
  Fields f(text, issues);
  out.cash_letters = f.count(3, 8, "cash_letter_count").value_or(0);
  out.records = f.count(9, 16, "total_record_count").value_or(0);
  out.items = f.count(17, 24, "total_item_count").value_or(0);
  out.total_minor = f.amount(25, 40, "file_total_amount").value_or(0);
  out.contact_name = f.text(41, 54);
  out.contact_phone = f.text(55, 64);
  out.credits_included = credits_flag(f, 65);
}

}  // namespace tally::formats::x9
