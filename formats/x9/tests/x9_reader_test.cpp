// X9 reader: encodings, framings, what each record yields, and every structural rejection.
#include <catch2/catch.hpp>

#include "formats/x9/return_reasons.h"
#include "formats/x9/tests/x9_builder.h"

using namespace x9_test;
using tally::BusinessDate;
using tally::formats::ParseReport;

namespace {

// Logs every callback as a line of text, so two encodings of one file can be compared.
struct Log : Visitor {
  std::vector<std::string> lines;
  std::vector<CheckDetail> checks;
  std::vector<ReturnDetail> returns;
  std::vector<Addendum> addenda;
  std::vector<ImageViewData> images;
  std::vector<FileHeader> headers;
  void on_file_header(const FileHeader& h) override {
    headers.push_back(h);
    lines.push_back("01 " + h.origin_name + " " + h.creation_date.to_iso());
  }
  void on_cash_letter_header(const CashLetterHeader& h) override {
    lines.push_back("10 " + h.cash_letter_id + " " + h.business_date.to_iso());
  }
  void on_bundle_header(const BundleHeader& h) override {
    lines.push_back("20 " + h.bundle_id + " " + h.sequence_number);
  }
  void on_check(const CheckDetail& c) override {
    checks.push_back(c);
    lines.push_back("25 " + c.payor_routing + " " + c.on_us + " " + std::to_string(c.amount_minor) +
                    " " + c.item_sequence_number);
  }
  void on_return(const ReturnDetail& r) override {
    returns.push_back(r);
    lines.push_back("31 " + r.payor_routing + " " + std::to_string(r.amount_minor) + " " +
                    std::string(1, r.return_reason));
  }
  void on_addendum(const Addendum& a) override {
    Addendum copy = a;
    copy.text = {};
    addenda.push_back(copy);
    lines.push_back(std::to_string(a.record_type) + " " + a.routing + " " + a.name);
  }
  void on_image_view_detail(const ImageViewDetail& d) override {
    lines.push_back("50 " + d.creator_routing + " " + d.view_side);
  }
  void on_image_view_data(const ImageViewData& d) override {
    images.push_back(d);
    lines.push_back("52 " + d.item_sequence_number + " " + std::to_string(d.image_bytes));
  }
  void on_credit(const Credit& c) override {
    lines.push_back("61 " + std::to_string(c.amount_minor));
  }
  void on_bundle_control(const BundleControl& c) override {
    lines.push_back("70 " + std::to_string(c.items) + " " + std::to_string(c.total_minor));
  }
  void on_cash_letter_control(const CashLetterControl& c) override {
    lines.push_back("90 " + std::to_string(c.bundles) + " " + std::to_string(c.total_minor));
  }
  void on_file_control(const FileControl& c) override {
    lines.push_back("99 " + std::to_string(c.records) + " " + std::to_string(c.total_minor));
  }
};

FileSpec mixed_file() {
  FileSpec f;
  ItemSpec check1;
  check1.amount = 12345;
  ItemSpec check2;
  check2.amount = 100;
  check2.images = 2;
  ItemSpec ret;
  ret.type = 31;
  ret.amount = 5000;
  ret.reason = 'A';
  f.letters.push_back(CashLetterSpec{{BundleSpec{{check1, check2}, {}}, BundleSpec{{ret}, {}}}});
  return f;
}

const Encode kAllForms[] = {
    {Encoding::kAscii, Framing::kLengthPrefixed, "\n"},
    {Encoding::kEbcdic, Framing::kLengthPrefixed, "\n"},
    {Encoding::kAscii, Framing::kLines, "\n"},
    {Encoding::kAscii, Framing::kLines, "\r\n"},
    {Encoding::kEbcdic, Framing::kLines, "\x25"},
    {Encoding::kEbcdic, Framing::kLines, "\r\n"},
};

}  // namespace

TEST_CASE("an ASCII length-prefixed file yields every record, typed", "[x9]") {
  const std::string bytes = build(mixed_file());
  Log log;
  const ParseReport r = parse(bytes, log);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(r.format == "x9");
  REQUIRE(log.headers.size() == 1);
  CHECK(log.headers[0].standard_level == "35");
  CHECK(log.headers[0].test_file);
  CHECK(log.headers[0].destination_routing == "061000146");
  CHECK(log.headers[0].origin_name == "CITY WATER");
  CHECK(log.headers[0].creation_date == BusinessDate::from_ymd(2026, 11, 20));
  CHECK(log.headers[0].encoding == Encoding::kAscii);
  CHECK(log.headers[0].framing == Framing::kLengthPrefixed);

  REQUIRE(log.checks.size() == 2);
  CHECK(log.checks[0].payor_routing == "122000661");
  CHECK(log.checks[0].on_us == "1211-1234-56789/");
  CHECK(log.checks[0].amount_minor == 12345);
  CHECK(log.checks[0].item_sequence_number == "000000000000001");
  CHECK(log.checks[0].addendum_count == 2);
  CHECK(log.checks[0].micr_valid == "1");
  CHECK(log.checks[0].position.number == 4);
  CHECK(log.checks[0].position.line == 0);

  REQUIRE(log.returns.size() == 1);
  CHECK(log.returns[0].payor_routing == "031300012");
  CHECK(log.returns[0].on_us == "5558881");
  CHECK(log.returns[0].amount_minor == 5000);
  CHECK(log.returns[0].return_reason == 'A');
  CHECK(log.returns[0].return_reason_description == "Not sufficient funds");
  CHECK(log.returns[0].forward_bundle_date == BusinessDate::from_ymd(2026, 11, 18));
  CHECK(log.returns[0].item_sequence_number == "000000000000003");

  REQUIRE(log.addenda.size() == 7);  // 26 28, 26 28, 32 33 35
  CHECK(log.addenda[0].record_type == 26);
  CHECK(log.addenda[0].routing == "026073150");
  CHECK(log.addenda[0].deposit_account == "987654321");
  CHECK(log.addenda[0].name == "CITY WATER");
  CHECK(log.addenda[0].date == BusinessDate::from_ymd(2026, 11, 20));
  CHECK(log.addenda[5].record_type == 33);
  CHECK(log.addenda[5].payor_bank_name == "PAYOR BANK NAME");
  CHECK(log.addenda[5].name == "PAYOR ACCOUNT NAME");
  CHECK(log.addenda[6].record_type == 35);
  CHECK(log.addenda[6].return_reason == "A");

  CHECK(field_int(r.summary, "cash_letters") == 1);
  CHECK(field_int(r.summary, "bundles") == 2);
  CHECK(field_int(r.summary, "items") == 3);
  CHECK(field_int(r.summary, "total_minor") == 17445);
  CHECK(field_int(r.summary, "returns") == 1);
  CHECK(field_int(r.summary, "images") == 4);
  CHECK(field_int(r.summary, "records") == static_cast<std::int64_t>(records(mixed_file()).size()));
  CHECK(field_str(r.summary, "encoding") == "ascii");
  CHECK(field_str(r.summary, "framing") == "length_prefixed");
  for (const char* name : {"cash_letters", "bundles", "items", "total_minor", "records", "images"})
    CHECK(field_int(r.declared, name) == field_int(r.summary, name));
}

TEST_CASE("ASCII and EBCDIC, length-prefixed and line-framed files read the same", "[x9]") {
  Log reference;
  REQUIRE(parse(build(mixed_file()), reference).accepted);
  for (const Encode& how : kAllForms) {
    const std::string bytes = build(mixed_file(), how);
    Log log;
    const ParseReport r = parse(bytes, log);
    INFO("ebcdic=" << (how.encoding == Encoding::kEbcdic)
                   << " lines=" << (how.framing == Framing::kLines) << "\n"
                   << describe(r));
    REQUIRE(r.accepted);
    CHECK(log.lines == reference.lines);
    CHECK(field_str(r.summary, "encoding") ==
          (how.encoding == Encoding::kEbcdic ? "ebcdic" : "ascii"));
    CHECK(field_str(r.summary, "framing") ==
          (how.framing == Framing::kLines ? "lines" : "length_prefixed"));
    if (how.framing == Framing::kLines) CHECK(log.checks.at(0).position.line == 4);
  }
}

TEST_CASE("image bytes are skipped by their length and located, never copied", "[x9][image]") {
  for (const Encode& how : kAllForms) {
    const std::string bytes = build(mixed_file(), how);
    Log log;
    REQUIRE(parse(bytes, log).accepted);
    REQUIRE(log.images.size() == 4);
    const ItemSpec item;
    for (const ImageViewData& d : log.images) {
      CHECK(d.image_bytes == item.image.size());
      CHECK(d.signature_bytes == 0);
      CHECK(bytes.substr(d.image_offset, d.image_bytes) == item.image);
      CHECK(d.ece_institution_routing == "026073150");
    }
  }
}

TEST_CASE("every return reason in the X9 table is accepted and described", "[x9][returns]") {
  for (char code : std::string("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")) {
    ItemSpec ret;
    ret.type = 31;
    ret.reason = code;
    Log log;
    const ParseReport r = parse(build(simple({ret})), log);
    INFO("reason " << code << "\n" << describe(r));
    REQUIRE(r.accepted);
    CHECK(log.returns.at(0).return_reason == code);
    CHECK_FALSE(log.returns.at(0).return_reason_description.empty());
  }
  CHECK(find_return_reason('A')->abbreviation == "NSF");
  CHECK(find_return_reason('B')->description == "Uncollected funds hold");
  CHECK(find_return_reason('C')->description == "Stop payment");
  CHECK(find_return_reason('D')->description == "Closed account");
  CHECK(find_return_reason('V')->administrative);
}

TEST_CASE("a return reason outside the table is rejected", "[x9][returns][reject]") {
  for (char code : {' ', 'a', '*'}) {
    ItemSpec ret;
    ret.type = 31;
    ret.reason = code;
    const ParseReport r = check(build(simple({ret})));
    CHECK_FALSE(r.accepted);
    CHECK(has_error(r, "bad_return_reason"));
  }
}

TEST_CASE("files that are not X9 are rejected", "[x9][reject]") {
  CHECK(has_error(check(""), "empty_file"));
  CHECK(has_error(check("hello world, not a cash letter"), "unknown_format"));
  CHECK(has_error(check(std::string("\0\0\0\x50"
                                    "25",
                                    6)),
                  "unknown_format"));
}

TEST_CASE("length-prefix framing errors are rejected", "[x9][framing][reject]") {
  const std::string good = build(mixed_file());
  CHECK(has_error(check(good.substr(0, good.size() - 10)), "truncated_record"));
  CHECK(has_error(check(good + "\x01\x02"), "truncated_record"));
  std::string huge = good;
  huge[84] = '\x7F';  // second record's length prefix: 0x7F000050
  CHECK(has_error(check(huge), "truncated_record"));
  std::string tiny = good;
  tiny[84] = tiny[85] = tiny[86] = '\0';
  tiny[87] = '\x01';
  CHECK(has_error(check(tiny), "bad_record_length"));

  Limits small;
  small.max_record_bytes = 60;
  CHECK(has_error(check(good, small), "record_too_long"));
}

TEST_CASE("image length fields that disagree with the record are rejected", "[x9][image][reject]") {
  auto recs = records(mixed_file());
  const std::size_t at = find(recs, "52");
  SECTION("image length larger than the record (length-prefixed)") {
    set_field(recs[at], 111, 117, num(9999, 7));
    CHECK(has_error(check(encode(recs)), "truncated_record"));
  }
  SECTION("image length smaller than the record (length-prefixed)") {
    set_field(recs[at], 111, 117, num(3, 7));
    CHECK(has_error(check(encode(recs)), "bad_image_length"));
  }
  SECTION("image length not a number") {
    set_field(recs[at], 111, 117, "12x4567");
    CHECK(has_error(check(encode(recs)), "bad_image_length"));
  }
  SECTION("image length over the limit") {
    Limits small;
    small.max_image_bytes = 5;
    CHECK(has_error(check(encode(recs), small), "bad_image_length"));
  }
  SECTION("image length that misses the line end (line-framed)") {
    set_field(recs[at], 111, 117, num(3, 7));
    const Encode lines{Encoding::kAscii, Framing::kLines, "\n"};
    CHECK(has_error(check(encode(recs, lines)), "bad_image_length"));
  }
  SECTION("a 52 cut off inside its fixed fields") {
    const std::string bytes = encode(recs, {Encoding::kAscii, Framing::kLines, "\n"});
    const std::size_t cut = bytes.find("\n52") + 60;
    CHECK(has_error(check(bytes.substr(0, cut)), "truncated_record"));
  }
}

TEST_CASE("a line longer than the record limit is rejected", "[x9][framing][reject]") {
  auto recs = records(mixed_file());
  recs[1].text += std::string(20000, ' ');
  CHECK(
      has_error(check(encode(recs, {Encoding::kAscii, Framing::kLines, "\n"})), "record_too_long"));
}

TEST_CASE("trailing fill is accepted, trailing data is not", "[x9][framing]") {
  const std::string prefixed = build(mixed_file());
  CHECK(check(prefixed + std::string(100, '\0')).accepted);
  const std::string lines = build(mixed_file(), {Encoding::kAscii, Framing::kLines, "\n"});
  CHECK(check(lines + "\n\n   \n").accepted);
  const std::string ebcdic = build(mixed_file(), {Encoding::kEbcdic, Framing::kLengthPrefixed});
  CHECK(check(ebcdic + std::string(50, '\x40')).accepted);

  const ParseReport extra = check(lines + "25 after the end\n");
  CHECK_FALSE(extra.accepted);
  CHECK(has_error(extra, "unexpected_record"));
}

TEST_CASE("records out of order are rejected", "[x9][structure][reject]") {
  const auto base = records(mixed_file());
  auto rejects = [](std::vector<Rec> recs, const std::string& code) {
    const ParseReport r = check(encode(recs));
    INFO(describe(r));
    CHECK_FALSE(r.accepted);
    CHECK(has_error(r, code));
  };
  SECTION("a check outside a bundle") {
    auto recs = base;
    recs.insert(recs.begin() + 2, recs[find(recs, "25")]);
    rejects(recs, "unexpected_record");
  }
  SECTION("image data without an image view detail") {
    auto recs = base;
    recs.erase(recs.begin() + static_cast<long>(find(recs, "50")));
    rejects(recs, "unexpected_record");
  }
  SECTION("an addendum after the item's images") {
    auto recs = base;
    const std::size_t image = find(recs, "52");
    recs.insert(recs.begin() + static_cast<long>(image) + 1, recs[find(recs, "26")]);
    rejects(recs, "unexpected_record");
  }
  SECTION("a check addendum after a return") {
    auto recs = base;
    recs.insert(recs.begin() + static_cast<long>(find(recs, "31")) + 1, recs[find(recs, "26")]);
    rejects(recs, "unexpected_record");
  }
  SECTION("a second file header") {
    auto recs = base;
    recs.insert(recs.begin() + 1, recs[0]);
    rejects(recs, "unexpected_record");
  }
  SECTION("a file that does not start with 01") {
    auto recs = base;
    recs.erase(recs.begin());
    rejects(recs, "unknown_format");  // detection needs the file header's type bytes
  }
  SECTION("a cash letter header inside a cash letter") {
    auto recs = base;
    recs.insert(recs.begin() + 2, recs[1]);
    rejects(recs, "unexpected_record");
  }
  SECTION("a bundle without its control") {
    auto recs = base;
    recs.erase(recs.begin() + static_cast<long>(find(recs, "70")));
    rejects(recs, "unexpected_record");
  }
  SECTION("no file control") {
    auto recs = base;
    recs.pop_back();
    rejects(recs, "missing_record");
  }
  SECTION("no cash letter control") {
    auto recs = base;
    recs.erase(recs.end() - 2);
    rejects(recs, "unexpected_record");
  }
  SECTION("an unknown record type") {
    auto recs = base;
    recs.insert(recs.begin() + 3, Rec{"77" + std::string(78, ' '), ""});
    rejects(recs, "unknown_record_type");
  }
  SECTION("a record type that is not two digits") {
    auto recs = base;
    recs.insert(recs.begin() + 3, Rec{"X7" + std::string(78, ' '), ""});
    rejects(recs, "bad_record_type");
  }
}

TEST_CASE("optional records are read past where they belong", "[x9][structure]") {
  auto recs = records(mixed_file());
  // 54 after a 52, 68 user record in a bundle, 85 routing summary before the 90.
  recs.insert(recs.begin() + static_cast<long>(find(recs, "52")) + 1,
              Rec{"54" + std::string(78, ' '), ""});
  recs.insert(recs.begin() + static_cast<long>(find(recs, "70")),
              Rec{"68" + std::string(78, ' '), ""});
  recs.insert(recs.begin() + static_cast<long>(find(recs, "90")),
              Rec{"85" + std::string(78, ' '), ""});
  set_field(recs.back(), 9, 16, num(static_cast<std::int64_t>(recs.size()), 8));
  const ParseReport r = check(encode(recs));
  INFO(describe(r));
  CHECK(r.accepted);
}

TEST_CASE("bad fields are rejected with the field named", "[x9][fields][reject]") {
  const auto base = records(mixed_file());
  auto first_error = [](const std::vector<Rec>& recs) {
    const ParseReport r = check(encode(recs));
    REQUIRE_FALSE(r.errors.empty());
    return r.errors[0];
  };
  SECTION("an amount with blanks") {
    auto recs = base;
    set_field(recs[find(recs, "25")], 48, 57, "   1234567");
    const auto e = first_error(recs);
    CHECK(e.code == "bad_amount");
    CHECK(e.field == "item_amount");
    CHECK(e.record == 4);
  }
  SECTION("a negative-looking return amount") {
    auto recs = base;
    set_field(recs[find(recs, "31")], 32, 41, "-000005000");
    CHECK(first_error(recs).code == "bad_amount");
  }
  SECTION("an impossible date") {
    auto recs = base;
    set_field(recs[find(recs, "20")], 23, 30, "20261131");
    const auto e = first_error(recs);
    CHECK(e.code == "bad_date");
    CHECK(e.field == "bundle_business_date");
  }
  SECTION("a control count that is not a number") {
    auto recs = base;
    set_field(recs[find(recs, "70")], 3, 6, "00x2");
    CHECK(first_error(recs).code == "bad_number");
  }
  SECTION("a short record missing its amount") {
    auto recs = base;
    recs[find(recs, "25")].text.resize(40);
    CHECK(first_error(recs).code == "bad_amount");
  }
}

TEST_CASE("addendum counts that disagree with the addenda are rejected", "[x9][reject]") {
  auto recs = records(mixed_file());
  SECTION("check declares more") {
    set_field(recs[find(recs, "25")], 77, 78, "03");
    CHECK(has_error(check(encode(recs)), "addendum_count_mismatch"));
  }
  SECTION("return declares fewer") {
    set_field(recs[find(recs, "31")], 43, 44, "01");
    CHECK(has_error(check(encode(recs)), "addendum_count_mismatch"));
  }
}

TEST_CASE("visitor calls happen before a later error rejects the file", "[x9][stream]") {
  auto recs = records(mixed_file());
  recs.pop_back();  // no 99: known only at the end
  Log log;
  const ParseReport r = parse(encode(recs), log);
  CHECK_FALSE(r.accepted);
  CHECK(log.checks.size() == 2);
  CHECK(log.returns.size() == 1);
}

TEST_CASE("a large file streams: 30,000 items, totals exact", "[x9][stream]") {
  FileSpec f;
  CashLetterSpec letter;
  for (int b = 0; b < 100; ++b) {
    BundleSpec bundle;
    for (int i = 0; i < 300; ++i) {
      ItemSpec item;
      item.amount = 100 + i;
      item.addenda = false;
      bundle.items.push_back(item);
    }
    letter.bundles.push_back(bundle);
  }
  f.letters.push_back(letter);
  struct Counter : Visitor {
    std::int64_t n = 0;
    void on_check(const CheckDetail&) override { ++n; }
  } counter;
  const ParseReport r = parse(build(f), counter);
  INFO(describe(r));
  REQUIRE(r.accepted);
  CHECK(counter.n == 30000);
  CHECK(field_int(r.summary, "total_minor") == 100 * (300 * 100 + 299 * 300 / 2));
}
