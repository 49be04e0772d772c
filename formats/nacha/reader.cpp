// The reader's state machine: record order 1, (5, 6 [7...]..., 8)*, 9, then 9-filler;
// per-batch and per-file control totals; trace numbers ascending within each batch.
#include "formats/nacha/reader.h"

#include <array>
#include <cstdint>
#include <cstring>
#include <deque>

#include <fmt/format.h>

#include "formats/nacha/decode.h"
#include "formats/nacha/entry_fast.h"
#include "formats/nacha/entry_scan.h"
#include "formats/nacha/layout.h"
#include "formats/nacha/lines.h"
#include "formats/nacha/totals.h"

namespace tally::formats::nacha {
namespace {

using Text = std::array<char, kRecordLength>;

enum class State {
  kStart,    // nothing read yet: expect the file header
  kFile,     // after the file header or a batch control: expect 5 or 9
  kBatch,    // after a batch header: expect an entry
  kEntries,  // after an entry or addenda: expect 6, 7 or 8
  kDone,     // after the file control: only 9-filler may follow
};

bool is_filler(const RawRecord& r) {
  const std::string_view line = rtrim(r.line);
  if (line.empty()) return false;
  for (char c : line)
    if (c != '9') return false;
  return true;
}

// CTX and IAT entries: the addenda that follow are counted (CTX) or required (IAT).
bool counts_addenda(EntryLayout layout) {
  return layout == EntryLayout::kCtx || layout == EntryLayout::kIat;
}

// A field decoded from a wide line's stand-in text (`base`, 94 bytes, lines.h), pointed at
// the characters as received instead. Fields that do not point into `base` are left alone.
void as_received(std::string_view& field, const char* base, const WideLine& wide) {
  const auto b = reinterpret_cast<std::uintptr_t>(base);
  const auto f = reinterpret_cast<std::uintptr_t>(field.data());
  if (f < b || f + field.size() > b + kRecordLength) return;
  const std::size_t from = f - b, to = from + field.size();
  field = wide.line.substr(wide.offset[from], wide.offset[to] - wide.offset[from]);
}

class Reader {
 public:
  // `visitor` null: validation only (check()), no calls to make.
  Reader(std::string_view bytes, Visitor* visitor, ParseReport& report)
      : report_(report),
        issues_(report),
        source_(bytes, issues_),
        visitor_(visitor),
        loop_(entry_loop()) {}

  void run() {
    RawRecord r;
    while (!issues_.full()) {
      if (state_ == State::kBatch || state_ == State::kEntries) run_entries();
      if (!source_.next(r)) break;
      dispatch(r);
    }
    finish();
  }

 private:
  bool delivering() const { return visitor_ != nullptr && !issues_.broken(); }

  void order_error(const RawRecord& r, std::string message) {
    issues_.error(r.at, "record_type", "record_order", std::move(message));
  }

  // Keeps a padded record's text alive until the pending entry is delivered.
  std::string_view keep(const RawRecord& r) {
    if (!r.scratch) return r.text;
    Text& copy = pool_.emplace_back();
    std::memcpy(copy.data(), r.text.data(), kRecordLength);
    return {copy.data(), kRecordLength};
  }

  void dispatch(const RawRecord& r) {
    // One vectorized pass over the record's bytes: printable? digits where an entry needs
    // them? where are the spaces (for trimming)?
    const char type = r.text[0];
    const RecordScan scan = type == layout::kEntryDetail
                                ? scan_entry(r.text.data(), entry_layout_)
                                : scan_record(r.text.data(), kTextRanges, kNoDigits);
    if (!scan.printable) {
      // A control byte in a record framed by its length may be a line break: re-read it as
      // a line (short lines are then padded as usual).
      if (r.framed_by_length) return source_.reframe(r);
      issues_.error(r.at, "", "bad_character",
                    "record holds a control or non-ASCII byte; NACHA records are printable ASCII");
    }
    last_ = r.at;
    if (state_ == State::kStart && type != layout::kFileHeader) {
      order_error(r, "the file must begin with a file header (record type 1)");
      state_ = State::kFile;
    }
    switch (type) {
      case layout::kFileHeader:
        return file_header(r);
      case layout::kBatchHeader:
        return batch_header(r);
      case layout::kEntryDetail:
        return entry(r, scan);
      case layout::kAddenda:
        return addenda(r);
      case layout::kBatchControl:
        return batch_control(r);
      case layout::kFileControl:
        return nine(r);
      default:
        issues_.error(
            r.at, "record_type", "bad_record_type",
            fmt::format("record type \"{}\" is not 1, 5, 6, 7, 8 or 9", shown({&type, 1})));
    }
  }

  void file_header(const RawRecord& r) {
    if (state_ != State::kStart) return order_error(r, "only the first record is a file header");
    state_ = State::kFile;
    std::memcpy(file_header_text_.data(), r.text.data(), kRecordLength);
    const std::string_view text(file_header_text_.data(), kRecordLength);
    const bool ok = decode_file_header(text, r.at, issues_, file_header_);
    if (r.wide != nullptr) {
      for (std::string_view* f :
           {&file_header_.immediate_destination_name, &file_header_.immediate_origin_name,
            &file_header_.reference_code})
        as_received(*f, text.data(), *r.wide);
    }
    if (ok && delivering()) visitor_->on_file_header(file_header_);
  }

  void batch_header(const RawRecord& r) {
    if (state_ == State::kDone) return order_error(r, "batch header after the file control");
    if (state_ == State::kBatch || state_ == State::kEntries) {
      flush_entry();
      order_error(r, fmt::format("batch header before the control record of batch {}",
                                 batch_.batch_number));
    }
    state_ = State::kBatch;
    ++batches_;
    batch_errors_before_ = issues_.error_count();
    batch_totals_ = {};
    have_last_trace_ = false;
    std::memcpy(batch_text_.data(), r.text.data(), kRecordLength);
    clear_layout_fields(entry_);  // entries of this batch set only their layout's fields
    entry_layout_ = EntryLayout::kStandard;
    batch_ok_ = decode_batch_header({batch_text_.data(), kRecordLength}, r.at, issues_, batch_,
                                    entry_layout_);
    addenda_checked_ = counts_addenda(entry_layout_);
    if (r.wide != nullptr) {
      for (std::string_view* f : {&batch_.company_name, &batch_.company_discretionary_data,
                                  &batch_.company_entry_description})
        as_received(*f, batch_text_.data(), *r.wide);
    }
    const bool adv = entry_layout_ == EntryLayout::kAdv;
    any_adv_ = any_adv_ || adv;
    all_adv_ = all_adv_ && adv;
    if (batch_ok_ && delivering()) visitor_->on_batch_header(batch_);
  }

  void entry(const RawRecord& r, const RecordScan& scan) {
    if (state_ != State::kBatch && state_ != State::kEntries)
      return order_error(r, "entry detail record outside a batch");
    flush_entry();
    state_ = State::kEntries;
    entry_pending_ = true;
    const std::string_view text = keep(r);
    entry_ok_ = decode_entry_fast(text, r.at, entry_layout_, scan, entry_) ||
                decode_entry(text, r.at, entry_layout_, scan, issues_, entry_);
    if (r.wide != nullptr) {
      for (std::string_view* f :
           {&entry_.dfi_account_number, &entry_.individual_id_number, &entry_.individual_name,
            &entry_.check_serial_number, &entry_.terminal_city, &entry_.terminal_state,
            &entry_.discretionary_data})
        as_received(*f, text.data(), *r.wide);
    }
    if (!entry_ok_) return batch_totals_.add_addenda(1);  // counted; totals are moot now
    check_entry_in_batch(r.at);
    batch_totals_.add_entry(static_cast<std::int64_t>(eight_digits(entry_.rdfi_routing.data())),
                            entry_.code.credit, entry_.amount_minor);
  }

  // The hot loop: consecutive entry records, each exactly 94 bytes and a line ending, every
  // byte in range, decoding cleanly. It stops, without consuming it, at the first record that
  // is anything else; dispatch() then handles that one in full, so the loop changes nothing
  // but speed (with it off, kOff, tests get the same results). The same code is compiled
  // twice, for any x86-64 CPU and with AVX2, and picked per CPU at run time.
  void run_entries() {
    switch (loop_) {
      case EntryLoop::kOff:
        return;
      case EntryLoop::kBaseline:
        return run_entries_baseline();
      case EntryLoop::kAvx2:
#if defined(__x86_64__)
        return run_entries_avx2();
#else
        return run_entries_baseline();  // never chosen: no AVX2 here
#endif
    }
  }

  // flatten: everything the loop calls is inlined (but the noinline error reports), so that
  // in run_entries_avx2 it is all compiled for AVX2, the scanner's target functions included.
  // noinline: inlined into run(), the loop measured slower.
  [[gnu::flatten, gnu::noinline]] void run_entries_baseline() {
    run_entries_with<BaselineEntryScanner>();
  }
#if defined(__x86_64__)
  [[gnu::target("avx2"), gnu::flatten]] void run_entries_avx2() {
    run_entries_with<Avx2EntryScanner>();
  }
#endif

  template <class Scanner>
  [[gnu::always_inline]] void run_entries_with() {
    RecordSource::Cursor c;
    if (!source_.cursor(c)) return;
    const EntryLayout entry_layout = entry_layout_;
    // ADV entries have their own layout, and IAT entries always carry addenda (flush_entry()
    // checks them): both always take the checked path.
    if (entry_layout != EntryLayout::kAdv && entry_layout != EntryLayout::kIat) {
      const bool ctx = entry_layout == EntryLayout::kCtx;
      Visitor* sink = nullptr;
      // The pending entry is plain: decoded by this loop, declaring no addenda, not CTX. Once
      // the next record proves to be another clean entry, all flush_entry() would do with it
      // is deliver it (no addenda read or expected, no CTX count to check, its text in place),
      // so the loop does just that. `sink`: where to, as delivering() said after the last
      // flush_entry() (only errors change it, and the loop stops at the first).
      bool plain_pending = false;
      while (c.framed() && c.next[0] == layout::kEntryDetail) {
        __builtin_prefetch(c.next + 16 * c.stride);  // keep the memory stream ahead of us
        const char* t = c.next;
        if (!Scanner::scan(t)) break;
        bool stop = false;
        if (plain_pending) {
          entry_pending_ = false;
          if (sink != nullptr) sink->on_entry(entry_);
        } else {
          flush_entry();  // may report errors: deliveries stop, the report may be full
          sink = delivering() ? visitor_ : nullptr;
          stop = issues_.full();
        }
        const Location at{c.line + 1, c.record + 1};
        // After the visitor's call, so that no vector register has to live across it.
        const EntryNumbers numbers = Scanner::numbers(t);
        if (!decode_entry_fields({t, kRecordLength}, at, entry_layout, numbers, entry_)) break;
        state_ = State::kEntries;
        entry_pending_ = true;
        entry_ok_ = true;
        const bool reported = check_entry_in_batch(at);
        batch_totals_.add_entry(static_cast<std::int64_t>(numbers.routing), entry_.code.credit,
                                numbers.amount_minor);
        c.line = at.line;
        c.record = at.record;
        c.next += c.stride;
        plain_pending = entry_.addenda_record_indicator == 0 && !ctx;
        // An error stops deliveries (and may fill the report): the general path goes on.
        if (reported || stop) break;
      }
    }
    last_ = {c.line, c.record};
    source_.advance(c);
  }

  // The entry's batch-level rules; true when it reported an error.
  bool check_entry_in_batch(Location at) {
    bool reported = false;
    const int scc = batch_.service_class_code;
    if ((scc == 220 && !entry_.code.credit) || (scc == 225 && entry_.code.credit)) [[unlikely]] {
      report_service_class(at);
      reported = true;
    }
    const TraceKey trace = trace_key(entry_.trace_number.data());
    if (have_last_trace_ && trace <= last_trace_) [[unlikely]] {
      report_trace_order(at);
      reported = true;
    }
    last_trace_ = trace;
    have_last_trace_ = true;
    return reported;
  }

  // Error reports are kept out of line: the hot loop stays small.
  [[gnu::cold, gnu::noinline]] void report_service_class(Location at) {
    issues_.error(at, "transaction_code", "service_class_mismatch",
                  fmt::format("{} entry (transaction_code {}) in a batch of service class {}",
                              entry_.code.credit ? "credit" : "debit", entry_.transaction_code,
                              batch_.service_class_code));
  }

  [[gnu::cold, gnu::noinline]] void report_trace_order(Location at) {
    issues_.error(at, "trace_number", "trace_not_ascending",
                  fmt::format("trace_number {} does not follow the previous entry's in ascending "
                              "order",
                              entry_.trace_number));
  }

  void addenda(const RawRecord& r) {
    if (state_ != State::kEntries)
      return order_error(r, "addenda record without an entry detail record before it");
    batch_totals_.add_addenda(1);
    if (++addenda_seen_ > kMaxAddendaPerEntry) {  // bounds memory: excess is counted, not kept
      if (addenda_seen_ == kMaxAddendaPerEntry + 1)
        issues_.error(r.at, "addenda_type_code", "too_many_addenda",
                      fmt::format("an entry may carry at most {} addenda", kMaxAddendaPerEntry));
      return;
    }
    if (entry_ok_ && entry_.addenda_record_indicator == 0 && addenda_seen_ == 1)
      issues_.error(r.at, "addenda_record_indicator", "unexpected_addenda",
                    "addenda record follows an entry whose addenda_record_indicator is 0");
    const std::string_view text = keep(r);
    if (decode_addenda(text, r.at, issues_, entry_) && r.wide != nullptr)
      addenda_as_received(text, *r.wide);
  }

  // The text fields of the addenda just decoded from a wide line, as received.
  void addenda_as_received(std::string_view text, const WideLine& wide) {
    if (!entry_.addenda05.empty())
      as_received(entry_.addenda05.back().payment_related_information, text.data(), wide);
    if (!entry_.addenda99.empty())
      as_received(entry_.addenda99.back().addenda_information, text.data(), wide);
    if (!entry_.other_addenda.empty())
      as_received(entry_.other_addenda.back().text, text.data(), wide);
  }

  // Delivers the pending entry, once its addenda are all read.
  [[gnu::always_inline]] void flush_entry() {
    if (!entry_pending_) return;
    if (entry_ok_ && addenda_seen_ == 0 && entry_.addenda_record_indicator == 0 &&
        !addenda_checked_ && pool_.empty()) [[likely]] {
      entry_pending_ = false;
      if (delivering()) visitor_->on_entry(entry_);  // the common case: nothing to check
      return;
    }
    flush_entry_checked();
  }

  [[gnu::noinline]] void flush_entry_checked() {
    entry_pending_ = false;
    if (entry_ok_) {
      const std::int64_t count = entry_.addenda_count();
      if (entry_.addenda_record_indicator == 1 && addenda_seen_ == 0)
        issues_.error(entry_.at, "addenda_record_indicator", "missing_addenda",
                      "addenda_record_indicator is 1 but no addenda record follows the entry");
      if (entry_layout_ == EntryLayout::kCtx && entry_.number_of_addenda_records &&
          *entry_.number_of_addenda_records != count)
        issues_.error(entry_.at, "number_of_addenda_records", "count_mismatch",
                      fmt::format("entry declares {} addenda records but {} follow",
                                  *entry_.number_of_addenda_records, count));
      if (entry_layout_ == EntryLayout::kIat) check_iat_addenda(count);
      if (delivering()) visitor_->on_entry(entry_);
    }
    if (addenda_seen_ > 0) {
      entry_.addenda05.clear();
      entry_.addenda98.clear();
      entry_.addenda99.clear();
      entry_.other_addenda.clear();
      addenda_seen_ = 0;
    }
    if (!pool_.empty()) pool_.clear();
  }

  // An IAT entry carries the seven mandatory addenda 10-16 (who sends, who receives, through
  // which banks), each once, then up to two 17 (payment information) and five 18 (foreign
  // correspondent banks); its number_of_addenda_records counts them all, though some senders
  // count only the seven. None of this moves money (the batch and file controls count every
  // addendum, and the amounts are the entries'), so a departure is a warning that names it,
  // never a refusal.
  void check_iat_addenda(std::int64_t count) {
    std::array<int, 19> seen{};
    bool other = false;
    for (const OtherAddenda& a : entry_.other_addenda) {
      if (a.addenda_type_code >= 10 && a.addenda_type_code <= 18)
        ++seen[static_cast<std::size_t>(a.addenda_type_code)];
      else
        other = true;
    }
    bool mandatory = true;
    for (std::size_t type = 10; type <= 16; ++type) mandatory = mandatory && seen[type] == 1;
    if (!mandatory || seen[17] > 2 || seen[18] > 5 || other)
      issues_.lenient(Leniency::kIatAddenda, entry_.at);
    const std::int64_t declared = entry_.number_of_addenda_records.value_or(count);
    if (declared != count && declared != 7) issues_.lenient(Leniency::kIatAddendaCount, entry_.at);
  }

  void batch_control(const RawRecord& r) {
    if (state_ != State::kBatch && state_ != State::kEntries)
      return order_error(r, "batch control record without a batch header before it");
    flush_entry();
    if (state_ == State::kBatch)
      issues_.error(r.at, "record_type", "empty_batch", "batch has no entry detail records");
    state_ = State::kFile;
    const bool adv = entry_layout_ == EntryLayout::kAdv;
    BatchControl control;
    const bool clean = batch_ok_ && issues_.error_count() == batch_errors_before_;
    const bool ok = decode_batch_control(r.text, r.at, adv, issues_, control);
    // A batch whose records failed to decode has meaningless totals: its errors stand alone.
    if (ok && clean) check_batch_control(batch_, batch_totals_, control, adv, issues_);
    file_totals_.add(batch_totals_);
    if (ok && delivering()) visitor_->on_batch_control(control);
  }

  void nine(const RawRecord& r) {
    if (is_filler(r)) {
      if (state_ != State::kDone) order_error(r, "9-filler record before the file control record");
      return;
    }
    if (state_ == State::kDone) return order_error(r, "a second file control record");
    if (state_ == State::kBatch || state_ == State::kEntries) {
      flush_entry();
      order_error(r, fmt::format("file control before the control record of batch {}",
                                 batch_.batch_number));
    }
    state_ = State::kDone;
    if (any_adv_ && !all_adv_)
      issues_.error(r.at, "standard_entry_class", "adv_mixed",
                    "ADV batches cannot share a file with other batches");
    const bool adv = any_adv_ && all_adv_;
    have_file_control_ = decode_file_control(r.text, r.at, adv, issues_, file_control_);
    if (have_file_control_ && delivering()) visitor_->on_file_control(file_control_);
  }

  void finish() {
    flush_entry();
    if (state_ == State::kStart) {
      if (!issues_.broken())
        issues_.error({0, 0}, "", "empty_file", "no NACHA records in the file");
    } else if (state_ != State::kDone && !issues_.full()) {
      issues_.error(last_, "record_type", "missing_file_control",
                    state_ == State::kFile
                        ? "the file ends without a file control record"
                        : "the file ends inside a batch: batch control and file control missing");
    }
    const std::int64_t records = source_.records();
    const std::int64_t blocks = (records + layout::kBlockingFactor - 1) / layout::kBlockingFactor;
    if (have_file_control_) {
      if (!issues_.broken()) check_file_control(file_totals_, batches_, file_control_, issues_);
      check_block_count(records, file_control_, issues_);
      set_fields(report_.declared, file_control_.batch_count, file_control_.entry_addenda_count,
                 file_control_.total_debit_minor, file_control_.total_credit_minor,
                 file_control_.entry_hash, file_control_.block_count);
    }
    set_fields(report_.summary, batches_, file_totals_.entry_addenda, file_totals_.debit_minor,
               file_totals_.credit_minor, file_totals_.hash(), blocks);
    issues_.flush_leniencies();
    report_.accepted = !issues_.failed();
  }

  static void set_fields(Fields& f, std::int64_t batches, std::int64_t entry_addenda,
                         std::int64_t debit, std::int64_t credit, std::int64_t hash,
                         std::int64_t blocks) {
    f.set("batches", batches);
    f.set("entry_addenda", entry_addenda);
    f.set("debit_total_minor", debit);
    f.set("credit_total_minor", credit);
    f.set("entry_hash", hash);
    f.set("block_count", blocks);
  }

  ParseReport& report_;
  Issues issues_;
  RecordSource source_;
  Visitor* visitor_;
  EntryLoop loop_;  // which version of run_entries()
  State state_ = State::kStart;
  Location last_;

  Text file_header_text_{};
  FileHeader file_header_;
  Text batch_text_{};
  BatchHeader batch_;
  EntryLayout entry_layout_ = EntryLayout::kStandard;
  bool addenda_checked_ = false;  // counts_addenda(entry_layout_), for flush_entry()
  bool batch_ok_ = false;
  std::size_t batch_errors_before_ = 0;
  bool any_adv_ = false;
  bool all_adv_ = true;

  EntryDetail entry_;
  bool entry_pending_ = false;
  bool entry_ok_ = false;
  std::size_t addenda_seen_ = 0;
  std::deque<Text> pool_;  // padded entry/addenda text of the pending entry
  TraceKey last_trace_;
  bool have_last_trace_ = false;

  std::int64_t batches_ = 0;
  Totals batch_totals_;
  Totals file_totals_;
  FileControl file_control_;
  bool have_file_control_ = false;
};

}  // namespace

ParseReport parse(std::string_view bytes, Visitor& visitor) {
  ParseReport report;
  report.format = "nacha";
  if (bytes.size() > kMaxInputBytes) {
    report.error(Issue{
        0, 0, "", "file_too_large",
        fmt::format("file of {} bytes exceeds the {}-byte limit", bytes.size(), kMaxInputBytes)});
    return report;
  }
  Reader(bytes, &visitor, report).run();
  return report;
}

ParseReport check(std::string_view bytes) {
  // As parse() with a visitor that ignores everything, minus the calls that would do nothing.
  ParseReport report;
  report.format = "nacha";
  if (bytes.size() > kMaxInputBytes) {
    Visitor ignore_all;
    return parse(bytes, ignore_all);
  }
  Reader(bytes, nullptr, report).run();
  return report;
}

}  // namespace tally::formats::nacha
