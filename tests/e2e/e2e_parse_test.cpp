// `tally parse --json` end to end: one file of each format gives exactly one JSON object with
// file, format, sha256, accepted, summary, declared, errors and warnings; exit 0 accepted,
// 1 refused, 2 usage error (missing file, unknown --format). Parse changes nothing.
#include <catch2/catch.hpp>

#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;

namespace {

// Runs `tally parse --json path` and checks the shape of its one JSON object.
boost::json::object parse_json(const std::string& path, const std::string& content, int expected_exit) {
  const Run r = run_tally({"parse", "--json", path});
  INFO("exit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err);
  REQUIRE(r.exit_code == expected_exit);
  // Exactly one object, on one line.
  CHECK(std::count(r.out.begin(), r.out.end(), '\n') == 1);
  const auto o = json_object(r.out);
  for (const char* key : {"file", "format", "sha256", "accepted", "summary", "declared", "errors", "warnings"})
    CHECK(o.contains(key));
  CHECK(o.size() == 8);
  CHECK(str_of(o.at("file")) == path);
  CHECK(str_of(o.at("sha256")) == sha256_hex(content));
  CHECK(o.at("accepted").as_bool() == (expected_exit == 0));
  CHECK(o.at("summary").is_object());
  CHECK(o.at("declared").is_object());
  CHECK(o.at("errors").is_array());
  CHECK(o.at("warnings").is_array());
  CHECK(o.at("errors").as_array().empty() == (expected_exit == 0));
  return o;
}

std::int64_t field(const boost::json::object& o, const char* part, const char* name) {
  const auto& fields = o.at(part).as_object();
  INFO(part << "." << name << " in " << boost::json::serialize(fields));
  REQUIRE(fields.contains(name));
  return int_of(fields.at(name));
}

}  // namespace

TEST_CASE("parse --json: one object per file of each format, with its summary", "[e2e][parse]") {
  Workspace w;
  const DayFiles f = make_day();
  const auto checks = static_cast<std::int64_t>(f.day.checks.size());
  const auto autopay = static_cast<std::int64_t>(f.autopay_customers().size());
  std::int64_t billed = 0;
  for (const auto& c : f.day.customers) billed += c.bill_minor;

  SECTION("nacha") {
    const auto o = parse_json(w.write("d.ach", f.autopay_ach), f.autopay_ach, 0);
    CHECK(str_of(o.at("format")) == "nacha");
    CHECK(field(o, "summary", "entry_addenda") == autopay);
    CHECK(field(o, "summary", "debit_total_minor") == f.ach_total_minor);
    CHECK(field(o, "declared", "debit_total_minor") == f.ach_total_minor);
  }
  SECTION("lockbox") {
    const auto o = parse_json(w.write("l.txt", f.lockbox), f.lockbox, 0);
    CHECK(str_of(o.at("format")) == "lockbox");
    CHECK(field(o, "summary", "items") == checks);
    CHECK(field(o, "summary", "total_minor") == f.lockbox_total_minor);
    CHECK(field(o, "declared", "total_minor") == f.lockbox_total_minor);
  }
  SECTION("card") {
    const auto o = parse_json(w.write("c.csv", f.card), f.card, 0);
    CHECK(str_of(o.at("format")) == "card");
    CHECK(field(o, "summary", "net_minor") == f.card_payout_minor);
    CHECK(field(o, "declared", "payouts_minor") == f.card_payout_minor);
  }
  SECTION("bai2") {
    const auto o = parse_json(w.write("s.bai", f.bai2), f.bai2, 0);
    CHECK(str_of(o.at("format")) == "bai2");
    CHECK(field(o, "summary", "transactions") == 4);
    CHECK(field(o, "summary", "file_total_minor") == field(o, "declared", "file_total_minor"));
  }
  SECTION("camt") {
    const std::string doc = camt_statement({{1000, true, true, "A"}, {250, false, true, "B"}});
    const auto o = parse_json(w.write("s.xml", doc), doc, 0);
    // The name --format and `tally ingest` use; the message type beside it.
    CHECK(str_of(o.at("format")) == "camt");
    CHECK(str_of(o.at("summary").at("message")) == "camt.053");
    CHECK(field(o, "summary", "entries") == 2);
    CHECK(field(o, "summary", "credit_total_minor") == 1000);
    CHECK(field(o, "summary", "debit_total_minor") == 250);
  }
  SECTION("x9") {
    const std::string x9 = x9_returns({5000, 7000});
    const auto o = parse_json(w.write("r.x9", x9), x9, 0);
    CHECK(str_of(o.at("format")) == "x9");
    CHECK(field(o, "summary", "returns") == 2);
    CHECK(field(o, "summary", "total_minor") == 12000);
    CHECK(field(o, "declared", "total_minor") == 12000);
  }
  SECTION("billing") {
    const auto o = parse_json(w.write("b.csv", f.billing), f.billing, 0);
    CHECK(str_of(o.at("format")) == "billing_csv");
    CHECK(field(o, "summary", "bills") == static_cast<std::int64_t>(f.day.customers.size()));
    CHECK(field(o, "summary", "total_due_minor") == billed);
  }
  SECTION("autopay enrollment") {
    const auto o = parse_json(w.write("e.csv", f.enrollments), f.enrollments, 0);
    CHECK(str_of(o.at("format")) == "autopay_csv");
    CHECK(field(o, "summary", "enrollments") == autopay);
  }
  SECTION("a refused file: exit 1, accepted false, located errors") {
    const std::size_t control = line_starting(f.lockbox, "8");
    // The lockbox total's (8) amount is at positions 25-34 (formats/lockbox/README.md).
    REQUIRE(std::stoll(line_at(f.lockbox, control).substr(24, 10)) == f.lockbox_total_minor);
    const std::string bad = replace_at(f.lockbox, control, 25, "0000000001");
    const auto o = parse_json(w.write("bad.txt", bad), bad, 1);
    const auto& e = o.at("errors").as_array().at(0).as_object();
    CHECK(int_of(e.at("line")) == static_cast<std::int64_t>(control));
    CHECK(str_of(e.at("code")) == "total_mismatch");
  }
  SECTION("an unknown format: exit 1, unknown_format") {
    const std::string text = "nothing to see here\n";
    const auto o = parse_json(w.write("x.txt", text), text, 1);
    CHECK(str_of(o.at("format")) == "unknown");
    CHECK(str_of(o.at("errors").as_array().at(0).at("code")) == "unknown_format");
  }
  // Parse moves nothing and writes nothing.
  CHECK(list_dir(w.in_dir()).size() == 1);
  CHECK_FALSE(exists(w.data_dir()));
}

TEST_CASE("parse: a missing file and an unknown --format are usage errors (exit 2)", "[e2e][parse]") {
  Workspace w;
  const Run missing = run_tally({"parse", "--json", w.in_dir() + "/no-such-file.ach"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.out.empty());
  CHECK_FALSE(missing.err.empty());
  const DayFiles f = make_day();
  const Run bad_format = run_tally({"parse", "--json", "--format", "mt940", w.write("d.ach", f.autopay_ach)});
  CHECK(bad_format.exit_code == 2);
  CHECK(bad_format.out.empty());
  CHECK(bad_format.err.find("mt940") != std::string::npos);
  // A forced format that is wrong for the content is a refusal, not a usage error.
  const Run forced = run_tally({"parse", "--json", "--format", "bai2", w.write("d2.ach", f.autopay_ach)});
  CHECK(forced.exit_code == 1);
  CHECK_FALSE(json_object(forced.out).at("accepted").as_bool());
}
