// Control totals: what a batch or file adds up to, computed from its entries, and the
// comparison with what its control record declares. Every money sum is overflow-checked;
// any total that does not add up is an error, so the file is rejected.
#pragma once

#include <cstdint>

#include "formats/nacha/issues.h"
#include "formats/nacha/records.h"

namespace tally::formats::nacha {

struct Totals {
  static constexpr std::int64_t kHashModulus = 10'000'000'000;  // entry hash keeps 10 digits

  std::int64_t entry_addenda = 0;
  // Sum of the 8-digit RDFI routing numbers, reduced to 10 digits only when read: at most
  // kMaxInputBytes / 94 entries of at most 99,999,999 each stays far below int64's range.
  std::int64_t routing_sum = 0;
  std::int64_t debit_minor = 0;
  std::int64_t credit_minor = 0;
  bool overflow = false;  // a money sum left int64: the file cannot be right

  // The entry hash: the routing sum's rightmost 10 digits.
  std::int64_t hash() const { return routing_sum % kHashModulus; }

  void add_entry(std::int64_t rdfi_routing, bool credit, std::int64_t amount_minor) {
    ++entry_addenda;
    routing_sum += rdfi_routing;
    // Overflow-checked like core's checked_add, inline because it runs once per entry.
    std::int64_t& total = credit ? credit_minor : debit_minor;
    overflow |= __builtin_add_overflow(total, amount_minor, &total);
  }
  void add_addenda(std::int64_t count) { entry_addenda += count; }
  void add(const Totals& other);
};

// Header/control agreement and totals of one batch. `adv`: ADV batches have no company id.
void check_batch_control(const BatchHeader& header, const Totals& computed,
                         const BatchControl& control, bool adv, Issues& issues);

// File control against the file's computed totals, batch count and block count.
void check_file_control(const Totals& computed, std::int64_t batches, const FileControl& control,
                        Issues& issues);
void check_block_count(std::int64_t records, const FileControl& control, Issues& issues);

}  // namespace tally::formats::nacha
