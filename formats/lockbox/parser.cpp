#include "formats/lockbox/parser.h"

#include <fmt/format.h>

#include <new>

#include "formats/common/text.h"

namespace tally::formats::lockbox {

Parser::Parser(std::string_view bytes, Visitor& visitor, const LockboxLayout& layout,
               bool fast_path, Simd best)
    : bytes_(bytes),
      visitor_(visitor),
      layout_(layout),
      item_plan_(layout, best),
      fast_path_(fast_path) {
  report_.format = "lockbox";
}

void Parser::error(std::string field, std::string code, std::string message) {
  report_.error(Issue{line_no_, records_, std::move(field), std::move(code), std::move(message)});
}

bool Parser::add_to(std::int64_t& sum, std::int64_t amount, RecordReader& r) {
  std::int64_t total = 0;
  if (__builtin_add_overflow(sum, amount, &total)) [[unlikely]] {
    r.error(Field::kAmount, "amount_overflow", "a running total overflows 64-bit minor units");
    return false;
  }
  sum = total;
  return true;
}

void Parser::compare(RecordReader& r, Field f, const char* code, std::int64_t declared,
                     std::int64_t computed, const char* what) {
  if (declared == computed) return;
  r.error(
      f, code,
      fmt::format("{}: the record declares {}, the file computes to {}", what, declared, computed));
}

namespace {

// The line at pos (pos < bytes.size()), split exactly as LineSplitter splits it (LF, CRLF or
// a lone CR ends it); returns how many bytes it takes with its terminator.
std::size_t split_at(std::string_view bytes, std::size_t pos, std::string_view& line) {
  LineSplitter one(bytes.substr(pos));
  one.next(line);
  const std::size_t end = pos + line.size();
  if (end == bytes.size()) return line.size();
  const bool crlf = bytes[end] == '\r' && end + 1 < bytes.size() && bytes[end + 1] == '\n';
  return line.size() + (crlf ? 2 : 1);
}

}  // namespace

ParseReport Parser::run() {
  const std::size_t size = bytes_.size();
  std::size_t pos = 0;
  while (pos < size) {
    // Inside a lockbox most lines are 6 records: the hot loop takes the well-formed ones and
    // stops, without taking it, at the first line it is unsure of.
    if (fast_path_ && state_ == State::kInLockbox) {
      pos = run_items(pos);
      if (pos >= size) break;
    }
    std::string_view line;
    pos += split_at(bytes_, pos, line);
    ++line_no_;
    if (all_spaces(line)) continue;  // blank lines are not records
    ++records_;
    dispatch(line);
  }
  finish();
  return std::move(report_);
}

void Parser::dispatch(std::string_view line) {
  if (state_ == State::kDone) {
    if (!reported_after_trailer_)
      error("record_type", "unexpected_record", "records after the 9 trailer");
    reported_after_trailer_ = true;
    return;
  }
  if (line.size() > layout_.max_record_length()) {
    error("record_type", "line_too_long",
          fmt::format("{} characters; layout '{}' records are at most {}", line.size(),
                      layout_.name(), layout_.max_record_length()));
    return;
  }
  const char type = line[0];
  if (state_ == State::kExpectHeader && type != '1') {
    error("record_type", "missing_record", "the file does not begin with a 1 header record");
    state_ = State::kInFile;
  }
  RecordReader r(layout_, line, bytes_.data() + bytes_.size(), line_no_, records_, report_, dates_);
  switch (type) {
    case '1':
      file_header(r);
      return;
    case '2':
      service(r);
      return;
    case '5':
      lockbox_header(r);
      return;
    case '6':
      item(r, line);
      return;
    case '4':
      overflow(r);
      return;
    case '7':
      batch_total(r);
      return;
    case '8':
      lockbox_total(r);
      return;
    case '9':
      trailer(r);
      return;
    default:
      error("record_type", "unknown_record_code",
            fmt::format("record type '{}' is not a lockbox record (1, 2, 4-9)",
                        type >= ' ' && type <= '~' ? std::string(1, type) : std::string("?")));
  }
}

void Parser::file_header(RecordReader& r) {
  if (state_ != State::kExpectHeader) {
    r.error("record_type", "unexpected_record", "a second 1 header record");
    return;
  }
  state_ = State::kInFile;
  FileHeader h;
  h.line = line_no_;
  h.priority_code = r.number(Field::kPriorityCode);
  h.destination_id = r.text(Field::kDestinationId);
  h.origin_id = r.text(Field::kOriginId);
  h.processing_date = r.date(Field::kProcessingDate);
  h.processing_time_minutes = r.time_minutes(Field::kProcessingTime);
  if (r.ok()) visitor_.on_file_header(h);
}

void Parser::service(RecordReader& r) {
  if (state_ != State::kInFile || lockboxes_ > 0) {
    r.error("record_type", "unexpected_record", "a 2 service record belongs after the 1 header");
    return;
  }
  ServiceRecord s;
  s.line = line_no_;
  s.destination_origin = r.text(Field::kDestinationOrigin);
  s.reference_code = r.text(Field::kReferenceCode);
  s.service_type = r.number(Field::kServiceType);
  s.record_size = r.number(Field::kRecordSize);
  s.blocking_factor = r.number(Field::kBlockingFactor);
  s.format_code = r.number(Field::kFormatCode);
  if (r.ok()) visitor_.on_service(s);
}

void Parser::trailer(RecordReader& r) {
  close_lockbox_without_total("the 9 trailer");
  state_ = State::kDone;
  Trailer t;
  t.line = line_no_;
  const auto count = r.number(Field::kRecordCount);
  if (count) {
    t.record_count = *count;
    report_.declared.set("records", *count);
    compare(r, Field::kRecordCount, "count_mismatch", *count, records_, "file record count");
  }
  report_.declared.set("items", declared_items_);
  report_.declared.set("batches", declared_batches_);
  report_.declared.set("total_minor", declared_total_);
  if (r.ok()) visitor_.on_trailer(t);
}

void Parser::finish() {
  if (records_ == 0) {
    report_.error(Issue{0, 0, "", "missing_record", "no lockbox records in the file"});
  } else if (state_ != State::kDone) {
    close_lockbox_without_total("the end of the file");
    report_.error(
        Issue{0, 0, "record_type", "missing_record", "the file ends without a 9 trailer record"});
  }
  report_.summary.set("items", items_);
  report_.summary.set("batches", batches_);
  report_.summary.set("total_minor", total_minor_);
  report_.summary.set("records", records_);
  report_.summary.set("lockboxes", lockboxes_);
  report_.accepted = report_.errors.empty();
}

ParseReport parse(std::string_view bytes, Visitor& visitor, const LockboxLayout& layout) {
  try {
    Parser parser(bytes, visitor, layout);
    return parser.run();
  } catch (const std::bad_alloc&) {  // the only exception of our own making
    ParseReport r;
    r.format = "lockbox";
    r.errors.push_back(Issue{0, 0, "", "out_of_memory", "out of memory while parsing"});
    return r;
  }
}

ParseReport check(std::string_view bytes, const LockboxLayout& layout) {
  Visitor ignore;
  return parse(bytes, ignore, layout);
}

}  // namespace tally::formats::lockbox
