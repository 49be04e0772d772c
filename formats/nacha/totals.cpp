#include "formats/nacha/totals.h"

#include <fmt/format.h>

#include "core/money.h"
#include "formats/nacha/fields.h"
#include "formats/nacha/layout.h"

namespace tally::formats::nacha {
namespace {

void sum_into(std::int64_t& total, std::int64_t amount, bool& overflow) {
  if (auto s = checked_add(total, amount)) {
    total = *s;
  } else {
    overflow = true;
  }
}

void compare(Issues& issues, Location at, std::string_view field, std::string_view code,
             std::int64_t declared, std::int64_t computed, std::string_view what) {
  if (declared == computed) return;
  issues.error(at, field, code,
               fmt::format("{} declares {} {} but the records add up to {}", what, field, declared,
                           computed));
}

}  // namespace

void Totals::add(const Totals& other) {
  entry_addenda += other.entry_addenda;
  routing_sum += other.routing_sum;
  sum_into(debit_minor, other.debit_minor, overflow);
  sum_into(credit_minor, other.credit_minor, overflow);
  overflow = overflow || other.overflow;
}

void check_batch_control(const BatchHeader& header, const Totals& computed,
                         const BatchControl& control, bool adv, Issues& issues) {
  const Location at = control.at;
  const std::string_view what = "batch control";
  if (control.service_class_code != header.service_class_code)
    issues.error(at, "service_class_code", "header_control_mismatch",
                 fmt::format("batch control service_class_code {} differs from the header's {}",
                             control.service_class_code, header.service_class_code));
  if (control.batch_number != header.batch_number)
    issues.error(at, "batch_number", "header_control_mismatch",
                 fmt::format("batch control batch_number {} differs from the header's {}",
                             control.batch_number, header.batch_number));
  if (control.odfi_identification != header.odfi_identification)
    issues.error(at, "odfi_identification", "header_control_mismatch",
                 fmt::format("batch control odfi_identification {} differs from the header's {}",
                             control.odfi_identification, header.odfi_identification));
  if (!adv) {
    const std::string_view in_header = strip(header.company_identification);
    const std::string_view in_control = strip(control.company_identification);
    if (in_control.empty() && !in_header.empty()) {
      issues.lenient(Leniency::kControlCompanyIdBlank, at);
    } else if (in_control != in_header) {
      issues.error(at, "company_identification", "header_control_mismatch",
                   fmt::format("batch control company_identification \"{}\" differs from the "
                               "header's \"{}\"",
                               in_control, in_header));
    } else if (control.company_identification != header.company_identification) {
      issues.lenient(Leniency::kCompanyIdAlignment, at);
    }
  }
  if (computed.overflow)
    issues.error(at, "total_debit", "total_overflow", "the batch's amounts overflow int64");
  compare(issues, at, "entry_addenda_count", "count_mismatch", control.entry_addenda_count,
          computed.entry_addenda, what);
  compare(issues, at, "entry_hash", "entry_hash_mismatch", control.entry_hash, computed.hash(),
          what);
  compare(issues, at, "total_debit", "total_mismatch", control.total_debit_minor,
          computed.debit_minor, what);
  compare(issues, at, "total_credit", "total_mismatch", control.total_credit_minor,
          computed.credit_minor, what);
}

void check_file_control(const Totals& computed, std::int64_t batches, const FileControl& control,
                        Issues& issues) {
  const Location at = control.at;
  const std::string_view what = "file control";
  if (computed.overflow)
    issues.error(at, "total_debit", "total_overflow", "the file's amounts overflow int64");
  const bool totals_agree = control.entry_addenda_count == computed.entry_addenda &&
                            control.entry_hash == computed.hash() &&
                            control.total_debit_minor == computed.debit_minor &&
                            control.total_credit_minor == computed.credit_minor;
  if (control.batch_count != batches && totals_agree && !computed.overflow) {
    // Every entry, addendum and cent is accounted for by the counts and totals, so no batch
    // is missing: the count itself is wrong. Real files do this (the corpus has one).
    issues.warning(at, "batch_count", "batch_count_mismatch",
                   fmt::format("file control declares batch_count {} but the file has {} "
                               "batches; every other control total agrees",
                               control.batch_count, batches));
  } else {
    compare(issues, at, "batch_count", "count_mismatch", control.batch_count, batches, what);
  }
  compare(issues, at, "entry_addenda_count", "count_mismatch", control.entry_addenda_count,
          computed.entry_addenda, what);
  compare(issues, at, "entry_hash", "entry_hash_mismatch", control.entry_hash, computed.hash(),
          what);
  compare(issues, at, "total_debit", "total_mismatch", control.total_debit_minor,
          computed.debit_minor, what);
  compare(issues, at, "total_credit", "total_mismatch", control.total_credit_minor,
          computed.credit_minor, what);
}

void check_block_count(std::int64_t records, const FileControl& control, Issues& issues) {
  const std::int64_t blocks = (records + layout::kBlockingFactor - 1) / layout::kBlockingFactor;
  if (records % layout::kBlockingFactor != 0) issues.lenient(Leniency::kNotBlocked, control.at);
  compare(issues, control.at, "block_count", "count_mismatch", control.block_count, blocks,
          "file control");
}

}  // namespace tally::formats::nacha
