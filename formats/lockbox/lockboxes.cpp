// Lockboxes (5 .. 8), batches (6 .. 7), items (6), overflow (4) and their totals.
// The totals a 7 or 8 is compared with are the parser's own running sums, so the figures
// carried up are the computed ones: one wrong batch total is one error.
#include <fmt/format.h>

#include "formats/common/pan.h"
#include "formats/lockbox/field_scan.h"
#include "formats/lockbox/parser.h"

namespace tally::formats::lockbox {

// A card number written into a name or remittance line is masked before anyone sees it
// (DESIGN.md): only numbers that can be payment cards (first digit 2-6) count. MICR routing
// and account fields are bank accounts, never scanned.
std::string_view Parser::masked(std::string_view text, std::string& buffer, Field f) {
  constexpr std::size_t kMinPanDigits = 13;
  if (scan::count_digits(text) < kMinPanDigits) return text;
  buffer.assign(text);
  PanOptions options;
  options.require_card_prefix = true;
  if (mask_pans(buffer, nullptr, options) == 0) return text;
  report_.warning(Issue{line_no_, records_, std::string(field_name(f)), "pan_masked",
                        "a card number was masked to its last four digits"});
  return buffer;
}

// A batch that ended (by an 8, a 5 or the end of the file) without its 7.
void Parser::close_batch_without_total() {
  if (!batch_open_) return;
  error("record_type", "missing_record",
        fmt::format("batch {:03d} has no 7 batch total record", batch_number_));
  batch_open_ = false;
  item_open_ = false;
  lockbox_items_ += batch_items_;
  lockbox_amount_ += batch_amount_;  // cannot overflow: both are sums the 6s added checked
}

void Parser::close_lockbox_without_total(const char* before) {
  close_batch_without_total();
  if (state_ != State::kInLockbox) return;
  error("record_type", "missing_record",
        fmt::format("lockbox {} has no 8 total record before {}", lockbox_number_, before));
  state_ = State::kInFile;
}

void Parser::lockbox_header(RecordReader& r) {
  close_lockbox_without_total("the next 5 lockbox header");
  if (state_ != State::kInFile) {
    r.error("record_type", "unexpected_record", "5 lockbox header outside the file");
    return;
  }
  state_ = State::kInLockbox;
  lockbox_items_ = 0;
  lockbox_amount_ = 0;
  LockboxHeader h;
  h.line = line_no_;
  h.lockbox_number = r.number(Field::kLockboxNumber).value_or(0);
  h.deposit_date = r.date(Field::kDepositDate).value_or(BusinessDate{});
  h.batch_number = r.number(Field::kBatchNumber);
  h.reference_code = r.text(Field::kReferenceCode);
  h.destination_origin = r.text(Field::kDestinationOrigin);
  lockbox_number_ = h.lockbox_number;
  deposit_date_ = h.deposit_date;
  if (r.ok()) visitor_.on_lockbox(h);
}

void Parser::item(RecordReader& r, std::string_view line) {
  if (state_ != State::kInLockbox) {
    r.error("record_type", "unexpected_record", "6 detail record outside a lockbox (no 5)");
    return;
  }
  Item& it = item_;
  it.line = line_no_;
  it.record = records_;
  it.lockbox_number = lockbox_number_;
  it.deposit_date = deposit_date_;
  it.currency = layout_.currency();
  ItemPlan::Extra extra;
  if (!fast_path_ || !item_plan_.read(line, bytes_.data() + bytes_.size(), it, dates_, extra)) {
    extra.may_hold_pan = true;
    const bool have_batch = r.number(Field::kBatchNumber, it.batch_number);
    const bool have_number = r.number(Field::kItemNumber, it.item_number);
    const bool have_amount = r.number(Field::kAmount, it.amount_minor);
    it.remitter_routing = r.text(Field::kRemitterRouting);
    it.remitter_account = r.text(Field::kRemitterAccount);
    it.check_number = r.text(Field::kCheckNumber);
    BusinessDate check_date;
    it.check_date.reset();
    if (r.date(Field::kCheckDate, check_date)) it.check_date = check_date;
    it.remitter_name = r.text(Field::kRemitterName);
    it.payee_name = r.text(Field::kPayeeName);
    if (!have_batch || !have_number || !have_amount) {
      item_open_ = false;
      return;  // reported by the reader; nothing to count
    }
  }
  if (extra.may_hold_pan) {
    it.remitter_name = masked(it.remitter_name, pan_name_, Field::kRemitterName);
    it.payee_name = masked(it.payee_name, pan_payee_, Field::kPayeeName);
  }
  if (batch_open_ && it.batch_number != batch_number_) {
    r.error(Field::kBatchNumber, "batch_mismatch",
            fmt::format("item of batch {:03d} inside batch {:03d} (its 7 is missing)",
                        it.batch_number, batch_number_));
    close_batch_without_total();
  }
  if (!batch_open_) {
    batch_open_ = true;
    batch_number_ = it.batch_number;
    batch_items_ = 0;
    batch_amount_ = 0;
    last_item_number_ = -1;
  } else if (it.item_number <= last_item_number_) {
    r.error(Field::kItemNumber, "item_sequence",
            fmt::format("item {:03d} after item {:03d} in batch {:03d}: item numbers must "
                        "increase (they identify the payment)",
                        it.item_number, last_item_number_, batch_number_));
  }
  last_item_number_ = it.item_number;
  item_open_ = true;
  ++batch_items_;
  ++items_;
  add_to(batch_amount_, it.amount_minor, r);
  add_to(total_minor_, it.amount_minor, r);
  if (r.ok()) visitor_.on_item(it);
}

void Parser::overflow(RecordReader& r) {
  if (!item_open_) {
    r.error("record_type", "unexpected_record", "4 overflow record without a 6 before it");
    return;
  }
  Overflow o;
  o.line = line_no_;
  o.record = records_;
  const auto batch = r.number(Field::kBatchNumber);
  const auto number = r.number(Field::kItemNumber);
  o.overflow_type = r.text(Field::kOverflowType);
  o.sequence = r.number(Field::kOverflowSequence);
  o.last = r.text(Field::kOverflowIndicator) == "9";
  o.data = masked(r.text(Field::kOverflowData), pan_data_, Field::kOverflowData);
  if (!batch || !number) return;
  o.batch_number = *batch;
  o.item_number = *number;
  if (*batch != batch_number_ || *number != last_item_number_)
    r.error(Field::kItemNumber, "overflow_mismatch",
            fmt::format("overflow for batch {:03d} item {:03d} follows batch {:03d} item {:03d}",
                        *batch, *number, batch_number_, last_item_number_));
  if (r.ok()) visitor_.on_overflow(o);
}

void Parser::batch_total(RecordReader& r) {
  if (state_ != State::kInLockbox) {
    r.error("record_type", "unexpected_record", "7 batch total outside a lockbox");
    return;
  }
  BatchTotal t;
  t.line = line_no_;
  const auto batch = r.number(Field::kBatchNumber);
  const auto count = r.number(Field::kItemCount);
  const auto amount = r.number(Field::kAmount);
  const auto lockbox = r.number(Field::kLockboxNumber);
  const auto date = r.date(Field::kDepositDate);
  if (!batch_open_) {  // a batch without items: its totals must be zero
    batch_number_ = batch.value_or(0);
    batch_items_ = 0;
    batch_amount_ = 0;
  }
  if (batch && *batch != batch_number_)
    r.error(Field::kBatchNumber, "batch_mismatch",
            fmt::format("7 total of batch {:03d} closes batch {:03d}", *batch, batch_number_));
  if (lockbox && *lockbox != lockbox_number_)
    r.error(Field::kLockboxNumber, "lockbox_mismatch",
            fmt::format("7 total names lockbox {}, the 5 header {}", *lockbox, lockbox_number_));
  if (date && *date != deposit_date_)
    r.error(Field::kDepositDate, "date_mismatch",
            fmt::format("7 deposit date {} differs from the 5 header's {}", date->to_iso(),
                        deposit_date_.to_iso()));
  if (count) {
    t.item_count = *count;
    compare(r, Field::kItemCount, "count_mismatch", *count, batch_items_, "batch item count");
  }
  if (amount) {
    t.amount_minor = *amount;
    compare(r, Field::kAmount, "total_mismatch", *amount, batch_amount_, "batch amount");
  }
  t.batch_number = batch_number_;
  add_to(lockbox_items_, batch_items_, r);
  add_to(lockbox_amount_, batch_amount_, r);
  batch_open_ = false;
  item_open_ = false;
  ++batches_;
  ++declared_batches_;
  if (r.ok()) visitor_.on_batch_total(t);
}

void Parser::lockbox_total(RecordReader& r) {
  close_batch_without_total();
  if (state_ != State::kInLockbox) {
    r.error("record_type", "unexpected_record", "8 lockbox total without a 5 lockbox header");
    return;
  }
  LockboxTotal t;
  t.line = line_no_;
  t.lockbox_number = lockbox_number_;
  const auto count = r.number(Field::kItemCount);
  const auto amount = r.number(Field::kAmount);
  const auto lockbox = r.number(Field::kLockboxNumber);
  const auto date = r.date(Field::kDepositDate);
  if (lockbox && *lockbox != lockbox_number_)
    r.error(Field::kLockboxNumber, "lockbox_mismatch",
            fmt::format("8 total names lockbox {}, the 5 header {}", *lockbox, lockbox_number_));
  if (date && *date != deposit_date_)
    r.error(Field::kDepositDate, "date_mismatch",
            fmt::format("8 deposit date {} differs from the 5 header's {}", date->to_iso(),
                        deposit_date_.to_iso()));
  if (count) {
    t.item_count = *count;
    compare(r, Field::kItemCount, "count_mismatch", *count, lockbox_items_, "lockbox item count");
    add_to(declared_items_, *count, r);
  }
  if (amount) {
    t.amount_minor = *amount;
    compare(r, Field::kAmount, "total_mismatch", *amount, lockbox_amount_, "lockbox amount");
    add_to(declared_total_, *amount, r);
  }
  ++lockboxes_;
  state_ = State::kInFile;
  if (r.ok()) visitor_.on_lockbox_total(t);
}

}  // namespace tally::formats::lockbox
