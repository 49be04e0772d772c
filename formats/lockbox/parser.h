// Lockbox parser (internal): the record state machine and running totals behind
// lockbox::parse(). One record per line; the state is a handful of counters, so memory does
// not depend on the file's size.
#pragma once

#include <cstdint>
#include <string>

#include "formats/lockbox/item_plan.h"
#include "formats/lockbox/lockbox.h"
#include "formats/lockbox/record_reader.h"

namespace tally::formats::lockbox {

class Parser {
 public:
  // fast_path false: every 6 goes through RecordReader (tests compare the two).
  // best: the most the fast path's hot loop may use (ItemPlan; tests and the fuzzer run each).
  Parser(std::string_view bytes, Visitor& visitor, const LockboxLayout& layout,
         bool fast_path = true, Simd best = Simd::kAvx512);
  ParseReport run();
  // Items the hot loop (run_items) delivered: tests check that it ran.
  std::int64_t hot_loop_items() const { return hot_loop_items_; }

 private:
  enum class State { kExpectHeader, kInFile, kInLockbox, kDone };

  void dispatch(std::string_view line);
  // item_run.cpp: consecutive well-formed 6 records from pos, framed and read by the item
  // plan without a separate line split; returns where it stopped (the first line that is
  // anything else or anything unusual: dispatch() then handles that line in full).
  std::size_t run_items(std::size_t pos);
  friend struct ItemRun;
  void file_header(RecordReader& r);
  void service(RecordReader& r);
  void trailer(RecordReader& r);
  // lockboxes.cpp: lockboxes, batches, items and their totals.
  void lockbox_header(RecordReader& r);
  void item(RecordReader& r, std::string_view line);
  void overflow(RecordReader& r);
  void batch_total(RecordReader& r);
  void lockbox_total(RecordReader& r);
  void close_batch_without_total();
  void close_lockbox_without_total(const char* before);
  bool add_to(std::int64_t& sum, std::int64_t amount, RecordReader& r);
  void compare(RecordReader& r, Field f, const char* code, std::int64_t declared,
               std::int64_t computed, const char* what);
  std::string_view masked(std::string_view text, std::string& buffer, Field f);
  void finish();
  void error(std::string field, std::string code, std::string message);

  std::string_view bytes_;
  Visitor& visitor_;
  const LockboxLayout& layout_;
  ParseReport report_;
  DateCache dates_;
  ItemPlan item_plan_;
  bool fast_path_ = true;
  Item item_;  // reused: building a fresh one per 6 record shows in the profile
  std::string pan_name_, pan_payee_, pan_data_;  // texts with a card number masked (rare)
  State state_ = State::kExpectHeader;
  std::int64_t line_no_ = 0;
  std::int64_t records_ = 0;  // non-blank lines so far, the current one included
  bool reported_after_trailer_ = false;
  std::int64_t hot_loop_items_ = 0;

  // The open lockbox (5 .. 8) and batch (first 6 .. 7).
  std::int64_t lockbox_number_ = 0;
  BusinessDate deposit_date_;
  std::int64_t lockbox_items_ = 0;
  std::int64_t lockbox_amount_ = 0;
  bool batch_open_ = false;
  std::int64_t batch_number_ = 0;
  std::int64_t batch_items_ = 0;
  std::int64_t batch_amount_ = 0;
  std::int64_t last_item_number_ = 0;
  bool item_open_ = false;  // a 6 that 4 records may still follow

  // The file.
  std::int64_t items_ = 0;
  std::int64_t total_minor_ = 0;
  std::int64_t batches_ = 0;
  std::int64_t lockboxes_ = 0;
  std::int64_t declared_items_ = 0;
  std::int64_t declared_total_ = 0;
  std::int64_t declared_batches_ = 0;
};

}  // namespace tally::formats::lockbox
