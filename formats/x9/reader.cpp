// The X9 file structure (01 [10 [20 items 70]* 90]* 99), item addenda, and the control
// totals. Records come from framing.cpp, fields from decode.cpp.
#include "formats/x9/reader.h"

#include <fmt/format.h>

#include <exception>
#include <optional>

#include "core/money.h"
#include "formats/x9/decode.h"
#include "formats/x9/framing.h"
#include "formats/x9/totals.h"

namespace tally::formats::x9 {
namespace {

class Reader {
 public:
  Reader(std::string_view data, Visitor& visitor, const Limits& limits, ParseReport& report)
      : data_(data), visitor_(visitor), limits_(limits), report_(report) {}

  void run();

 private:
  enum class State { kStart, kFile, kCashLetter, kBundle, kDone };

  void record(const RawRecord& raw);
  bool admit(const RawRecord& raw, std::optional<int> type);
  void dispatch(const RawRecord& raw, int type);
  void file_header(const RawRecord& raw);
  void cash_letter_header(const RawRecord& raw);
  void bundle_header(const RawRecord& raw);
  void item(const RawRecord& raw, int type);
  void addendum(const RawRecord& raw, int type);
  void image(const RawRecord& raw, int type);
  void credit(const RawRecord& raw, int type);
  void cash_letter_summary(const RawRecord& raw, int type);
  void bundle_control(const RawRecord& raw);
  void cash_letter_control(const RawRecord& raw);
  void file_control(const RawRecord& raw);
  void close_item();
  bool expect(const RawRecord& raw, int type, bool allowed, std::string_view where);
  void issues(const RawRecord& raw, FieldIssues& found);
  void fail(const RecordPosition& at, std::string_view field, std::string_view code,
            std::string_view message);
  void finish();

  std::string_view data_;
  Visitor& visitor_;
  const Limits& limits_;
  ParseReport& report_;
  Detected detected_;
  Checker checker_{report_};

  State state_ = State::kStart;
  int previous_type_ = 0;
  // The open item (25 or 31) and its addenda.
  int item_type_ = 0;
  bool credit_open_ = false;  // a 61/62 may carry images too
  RecordPosition item_position_;
  int addenda_declared_ = 0, addenda_seen_ = 0;
  bool item_images_ = false;
  FieldIssues scratch_issues_;
};

void Reader::fail(const RecordPosition& at, std::string_view field, std::string_view code,
                  std::string_view message) {
  report_.error(located(at, field, code, message));
}

void Reader::issues(const RawRecord& raw, FieldIssues& found) {
  for (FieldIssue& i : found) fail(raw.position, i.field, i.code, i.message);
  found.clear();
}

bool Reader::expect(const RawRecord& raw, int type, bool allowed, std::string_view where) {
  if (!allowed)
    fail(raw.position, "record_type", "unexpected_record",
         fmt::format("record type {:02} is not allowed {}", type, where));
  return allowed;
}

void Reader::close_item() {
  if (item_type_ != 0 && addenda_seen_ != addenda_declared_)
    fail(item_position_, "addendum_count", "addendum_count_mismatch",
         fmt::format("item record {:02} declares {} addenda; {} follow", item_type_,
                     addenda_declared_, addenda_seen_));
  item_type_ = 0;
  credit_open_ = false;
  item_images_ = false;
  addenda_declared_ = addenda_seen_ = 0;
}

void Reader::file_header(const RawRecord& raw) {
  if (!expect(raw, 1, state_ == State::kStart, "after the first record")) return;
  FileHeader header;
  header.position = raw.position;
  header.encoding = detected_.encoding;
  header.framing = detected_.framing;
  decode(raw.text, header, scratch_issues_);
  const bool ok = scratch_issues_.empty();
  issues(raw, scratch_issues_);
  if (ok) visitor_.on_file_header(header);
  state_ = State::kFile;
}

void Reader::cash_letter_header(const RawRecord& raw) {
  if (!expect(raw, 10, state_ == State::kFile, "inside an open cash letter")) return;
  CashLetterHeader header;
  header.position = raw.position;
  decode(raw.text, header, scratch_issues_);
  const bool ok = scratch_issues_.empty();
  issues(raw, scratch_issues_);
  checker_.open_cash_letter();
  if (ok) visitor_.on_cash_letter_header(header);
  state_ = State::kCashLetter;
}

void Reader::bundle_header(const RawRecord& raw) {
  if (!expect(raw, 20, state_ == State::kCashLetter,
              state_ == State::kBundle ? "inside an open bundle" : "outside a cash letter"))
    return;
  close_item();
  BundleHeader header;
  header.position = raw.position;
  decode(raw.text, header, scratch_issues_);
  const bool ok = scratch_issues_.empty();
  issues(raw, scratch_issues_);
  checker_.open_bundle();
  if (ok) visitor_.on_bundle_header(header);
  state_ = State::kBundle;
}

void Reader::item(const RawRecord& raw, int type) {
  if (!expect(raw, type, state_ == State::kBundle, "outside a bundle (20 ... 70)")) return;
  close_item();
  item_type_ = type;
  item_position_ = raw.position;
  if (type == 25) {
    CheckDetail check;
    check.position = raw.position;
    decode(raw.text, check, scratch_issues_);
    addenda_declared_ = check.addendum_count;
    const bool ok = scratch_issues_.empty();
    issues(raw, scratch_issues_);
    checker_.add_item(raw.position, check.amount_minor, false, check.micr_valid == "1");
    if (ok) visitor_.on_check(check);
  } else {
    ReturnDetail ret;
    ret.position = raw.position;
    decode(raw.text, ret, scratch_issues_);
    addenda_declared_ = ret.addendum_count;
    const bool ok = scratch_issues_.empty();
    issues(raw, scratch_issues_);
    checker_.add_item(raw.position, ret.amount_minor, true, false);
    if (ok) visitor_.on_return(ret);
  }
}

void Reader::addendum(const RawRecord& raw, int type) {
  const int owner = type <= 28 ? 25 : 31;
  if (!expect(raw, type, item_type_ == owner && !item_images_,
              owner == 25 ? "except after a check detail (25) and before its images"
                          : "except after a return (31) and before its images"))
    return;
  ++addenda_seen_;
  Addendum a;
  a.position = raw.position;
  decode(raw.text, type, a, scratch_issues_);
  const bool ok = scratch_issues_.empty();
  issues(raw, scratch_issues_);
  if (ok) visitor_.on_addendum(a);
}

void Reader::image(const RawRecord& raw, int type) {
  if (type == 50) {
    if (!expect(raw, type, item_type_ != 0 || credit_open_, "outside an item")) return;
    item_images_ = true;
    checker_.add_image();
    ImageViewDetail detail;
    detail.position = raw.position;
    decode(raw.text, detail, scratch_issues_);
    const bool ok = scratch_issues_.empty();
    issues(raw, scratch_issues_);
    if (ok) visitor_.on_image_view_detail(detail);
  } else if (type == 52) {
    if (!expect(raw, type, previous_type_ == 50, "except right after an image view detail (50)"))
      return;
    ImageViewData view;
    view.position = raw.position;
    view.signature_bytes = raw.signature_bytes;
    view.image_bytes = raw.image_bytes;
    view.image_offset = raw.image_offset;
    decode(raw.text, view, scratch_issues_);
    const bool ok = scratch_issues_.empty();
    issues(raw, scratch_issues_);
    if (ok) visitor_.on_image_view_data(view);
  } else {  // 54 image view analysis: read past
    expect(raw, type, previous_type_ == 52 || previous_type_ == 50,
           "except after image view data (52)");
  }
}

void Reader::credit(const RawRecord& raw, int type) {
  if (!expect(raw, type, state_ == State::kCashLetter || state_ == State::kBundle,
              "outside a cash letter"))
    return;
  close_item();
  credit_open_ = true;
  Credit c;
  c.position = raw.position;
  decode(raw.text, type, c, scratch_issues_);
  const bool ok = scratch_issues_.empty();
  issues(raw, scratch_issues_);
  checker_.add_credit(raw.position, c.amount_minor);
  if (ok) visitor_.on_credit(c);
}

void Reader::bundle_control(const RawRecord& raw) {
  if (!expect(raw, 70, state_ == State::kBundle, "outside a bundle")) return;
  close_item();
  BundleControl control;
  control.position = raw.position;
  decode(raw.text, control, scratch_issues_);
  const bool ok = scratch_issues_.empty();
  issues(raw, scratch_issues_);
  if (ok) checker_.close_bundle(control);
  if (ok) visitor_.on_bundle_control(control);
  state_ = State::kCashLetter;
}

void Reader::cash_letter_control(const RawRecord& raw) {
  if (!expect(
          raw, 90, state_ == State::kCashLetter,
          state_ == State::kBundle ? "before the bundle's control (70)" : "outside a cash letter"))
    return;
  close_item();
  CashLetterControl control;
  control.position = raw.position;
  decode(raw.text, control, scratch_issues_);
  const bool ok = scratch_issues_.empty();
  issues(raw, scratch_issues_);
  if (ok) checker_.close_cash_letter(control);
  if (ok) visitor_.on_cash_letter_control(control);
  state_ = State::kFile;
}

void Reader::file_control(const RawRecord& raw) {
  if (!expect(raw, 99, state_ == State::kFile,
              state_ == State::kStart ? "before the file header (01)"
                                      : "before the cash letter's control (90)"))
    return;
  FileControl control;
  control.position = raw.position;
  decode(raw.text, control, scratch_issues_);
  const bool ok = scratch_issues_.empty();
  issues(raw, scratch_issues_);
  if (ok) checker_.close_file(control);
  if (ok) visitor_.on_file_control(control);
  state_ = State::kDone;
}

// Whether a record is read at all. A file that does not start with its header is read on
// (as if it had one) so that one run reports everything else that is wrong with it.
bool Reader::admit(const RawRecord& raw, std::optional<int> type) {
  if (!type) {
    fail(raw.position, "record_type", "bad_record_type",
         fmt::format("record type '{}' is not two digits", raw.text.substr(0, 2)));
    return false;
  }
  if (state_ == State::kDone) {
    fail(raw.position, "record_type", "unexpected_record",
         fmt::format("record type {:02} after the file control (99)", *type));
    return false;
  }
  if (state_ == State::kStart && *type != 1) {
    fail(raw.position, "record_type", "unexpected_record",
         fmt::format("the file starts with record type {:02}, not the file header (01)", *type));
    state_ = State::kFile;
  }
  return true;
}

// Account / non-hit totals, box and routing summaries come after a cash letter's bundles;
// nothing in them is read.
void Reader::cash_letter_summary(const RawRecord& raw, int type) {
  if (expect(raw, type, state_ == State::kCashLetter, "outside a cash letter (after its bundles)"))
    close_item();
}

// Each reader checks the record's place in the structure before it decodes it.
void Reader::dispatch(const RawRecord& raw, int type) {
  switch (type) {
    case 1:
      return file_header(raw);
    case 10:
      return cash_letter_header(raw);
    case 20:
      return bundle_header(raw);
    case 25:
    case 31:
      return item(raw, type);
    case 26:
    case 27:
    case 28:
    case 32:
    case 33:
    case 34:
    case 35:
      return addendum(raw, type);
    case 50:
    case 52:
    case 54:
      return image(raw, type);
    case 61:
    case 62:
      return credit(raw, type);
    case 70:
      return bundle_control(raw);
    case 90:
      return cash_letter_control(raw);
    case 99:
      return file_control(raw);
    case 68:  // user record: anywhere inside the file
      expect(raw, 68, state_ != State::kStart, "before the file header");
      return;
    case 40:
    case 41:
    case 75:
    case 85:
      return cash_letter_summary(raw, type);
    default:
      fail(raw.position, "record_type", "unknown_record_type",
           fmt::format("record type {:02} is not an X9.37 / X9.100-187 record", type));
  }
}

void Reader::record(const RawRecord& raw) {
  checker_.add_record();
  const auto type = record_type(raw.text);
  if (state_ == State::kBundle && type != 70) checker_.add_bundle_record();
  if (!admit(raw, type)) return;
  dispatch(raw, *type);
  previous_type_ = *type;
}

void Reader::finish() {
  const RecordPosition end{0, 0, data_.size()};
  switch (state_) {
    case State::kStart:
      fail(end, "", "missing_record", "the file has no records");
      break;
    case State::kFile:
      fail(end, "", "missing_record", "the file ends without a file control (99)");
      break;
    case State::kCashLetter:
      fail(end, "", "missing_record", "the file ends inside a cash letter (no 90, no 99)");
      break;
    case State::kBundle:
      fail(end, "", "missing_record", "the file ends inside a bundle (no 70, 90 or 99)");
      break;
    case State::kDone:
      break;
  }
  checker_.summarize(detected_);
}

void Reader::run() {
  if (data_.size() > limits_.max_file_bytes) {
    report_.error(Issue{0, 0, "", "file_too_large",
                        fmt::format("the file is {} bytes; the limit is {}", data_.size(),
                                    limits_.max_file_bytes)});
    return;
  }
  if (data_.empty()) {
    report_.error(Issue{0, 0, "", "empty_file", "the file is empty"});
    return;
  }
  const auto detected = detect(data_);
  if (!detected) {
    report_.error(Issue{1, 1, "record_type", "unknown_format",
                        "the first record is not a file header: neither \"01\" (ASCII) nor "
                        "0xF0 0xF1 (EBCDIC) at the start or after a 4-byte length"});
    return;
  }
  detected_ = *detected;
  RecordCursor cursor(data_, detected_, limits_);
  RawRecord raw;
  FramingError error;
  for (;;) {
    const auto step = cursor.next(raw, error);
    if (step == RecordCursor::Step::kEnd) break;
    if (step == RecordCursor::Step::kError) {
      fail(cursor.position(), "record_length", error.code, error.message);
      return;
    }
    record(raw);
  }
  finish();
}

class NoopVisitor final : public Visitor {};

}  // namespace

ParseReport parse(std::string_view bytes, Visitor& visitor, const Limits& limits) {
  ParseReport report;
  report.format = "x9";
  try {
    Reader reader(bytes, visitor, limits, report);
    reader.run();
  } catch (const std::exception& e) {
    report.error(Issue{0, 0, "", "internal", fmt::format("reader failed: {}", e.what())});
  } catch (...) {
    report.error(Issue{0, 0, "", "internal", "reader failed"});
  }
  report.accepted = report.errors.empty();
  return report;
}

ParseReport check(std::string_view bytes, const Limits& limits) {
  NoopVisitor visitor;
  return parse(bytes, visitor, limits);
}

}  // namespace tally::formats::x9
