// No whole card number and no whole bank account number is kept, reported or printed: files of
// every kind carry card numbers in every form in their text fields and whole bank account
// numbers in their account fields, some files are accepted and some refused; then every key
// and value of every RocksDB column family of the data folder (read through RocksDB, so
// decompressed), every other file in it, every kept file (opened with `tally files show`) and
// everything every command printed is searched: none of those digit strings appears.
#include <catch2/catch.hpp>

#include <rocksdb/db.h>

#include <filesystem>
#include <memory>
#include <vector>

#include "tests/e2e/e2e_fixtures.h"
#include "tests/e2e/e2e_support.h"

using namespace e2e;
namespace fs = std::filesystem;

namespace {

// Card numbers as payers type them, and the digits they are made of.
const std::vector<std::string> kCards = {"4111111111111111", "4111 1111 1111 1111",
                                         "4111-1111-1111-1111", "4111.1111.1111.1111",
                                         "378282246310005"};
const std::vector<std::string> kCardDigits = {"4111111111111111", "378282246310005"};

struct Finding {
  std::string where, secret;
};

void search(const std::string& where, std::string_view text, const std::vector<std::string>& secrets,
            std::vector<Finding>& found) {
  for (const std::string& s : secrets)
    if (text.find(s) != std::string_view::npos) found.push_back({where, s});
}

// Every key and value of every column family of every RocksDB database under `dir`.
std::size_t search_databases(const std::string& dir, const std::vector<std::string>& secrets,
                             std::vector<Finding>& found) {
  std::size_t pairs = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.path().filename() != "CURRENT") continue;
    const std::string db_dir = entry.path().parent_path().string();
    std::vector<std::string> names;
    REQUIRE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), db_dir, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> families;
    for (const std::string& n : names) families.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    const rocksdb::Status s = rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), db_dir, families, &handles, &raw);
    INFO(db_dir << ": " << s.ToString());
    REQUIRE(s.ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    for (std::size_t i = 0; i < handles.size(); ++i) {
      rocksdb::ReadOptions read;
      read.total_order_seek = true;
      std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(read, handles[i]));
      for (it->SeekToFirst(); it->Valid(); it->Next(), ++pairs) {
        const std::string where = db_dir + " [" + names[i] + "]";
        search(where + " key", it->key().ToStringView(), secrets, found);
        search(where + " value", it->value().ToStringView(), secrets, found);
      }
      REQUIRE(it->status().ok());
    }
    for (auto* h : handles) db->DestroyColumnFamilyHandle(h);
  }
  return pairs;
}

}  // namespace

TEST_CASE("no whole card or bank account number is kept, reported or printed", "[e2e][secrets]") {
  Workspace w;
  const DayFiles f = make_day();
  demo::Day day = f.day;
  std::vector<std::string> secrets = kCards;
  // Card numbers in the names of autopay customers (enrollment holder names, NACHA names).
  std::size_t k = 0;
  for (demo::Customer& c : day.customers) {
    if (!c.autopay) continue;
    if (k < kCards.size()) c.name = kCards[k++];
    secrets.push_back(c.bank_account);
  }
  // Card numbers as lockbox remitters; the payers' bank accounts on their checks.
  for (std::size_t i = 0; i < day.checks.size(); ++i) {
    day.checks[i].remitter = kCards[i % kCards.size()];
    secrets.push_back(day.checks[i].bank_account);
  }
  for (const std::string& d : kCardDigits) secrets.push_back(d);

  std::int64_t total = 0, payout = 0;
  std::vector<std::string> traces;
  std::vector<std::pair<std::string, std::string>> files = {
      {"bills.csv", demo::billing_csv(day)},
      {"enrollments.csv", demo::enrollment_csv(day)},
      {"debits.ach", *demo::autopay_nacha(day, total, traces)},
      {"lockbox.txt", demo::lockbox_file(day, total)},
      {"card.csv", demo::card_csv(day, payout)},
      // A card number as a bill's account (refused), in a statement's bank reference.
      {"bills-bad.csv", "account,bill_id,bill_date,amount_due,due_date\n4111111111111111,X-1,2026-11-20,"
                        "10.00,2026-12-11\n"},
      {"statement.xml", camt_statement({{1000, true, true, "REF-4111 1111 1111 1111"},
                                        {2000, false, true, "R-2"}})}};
  // Refused files whose errors would quote what they could not read: a card number as a date,
  // a payer's account number with a letter in it.
  files.emplace_back("bills-date.csv", "account,bill_id,bill_date,amount_due,due_date\n100001,X-2,"
                                       "4111.1111.1111.1111,10.00,2026-12-11\n");
  demo::Day bad_account = day;
  bad_account.checks.resize(1);
  bad_account.checks[0].bank_account = "55512345X9";
  // Not a valid account number, so the refused file's kept copy shows it as it arrived (what a
  // person must correct); but no message, report or printed line quotes it whole.
  const std::vector<std::string> quoted_only = {"55512345X9"};
  files.emplace_back("lockbox-account.txt", demo::lockbox_file(bad_account, total));
  demo::Day bad_lockbox = day;
  bad_lockbox.checks.resize(1);
  bad_lockbox.checks[0].account = "4111-1111-1111-1111";
  bad_lockbox.checks[0].check_number = "9999";
  files.emplace_back("lockbox-bad.txt", demo::lockbox_file(bad_lockbox, total));

  std::string printed;
  std::vector<std::string> paths, shas;
  for (const auto& [name, content] : files) {
    paths.push_back(w.write(name, content));
    shas.push_back(sha256_hex(content));
  }
  {
    std::vector<std::string> args{"ingest", "--json"};
    args.insert(args.end(), paths.begin(), paths.end());
    const Run r = w.tally(args);
    printed += r.out + r.err;
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    // The bills file whose account is a card number is refused, and so are the two whose
    // errors quote a field; the lockbox check whose account reference is a card number is
    // taken, the card masked by the reader and the payment in suspense.
    const auto run = json_object(r.out);
    CHECK(int_of(run.at("refused")) == 3);
    for (const auto& file : run.at("files").as_array()) {
      if (!str_of(file.at("file")).ends_with("bills-bad.csv")) continue;
      CHECK(str_of(file.at("errors").as_array().at(0).at("code")) == "card_number_in_identifier");
    }
  }
  {  // The same files again, as people read the output: duplicates and refusals in text.
    std::vector<std::string> args{"ingest"};
    for (const auto& [name, content] : files) args.push_back(w.write("again-" + name, content));
    const Run r = w.tally(args);
    printed += r.out + r.err;
  }
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"discrepancies", "list", "--json"}, {"discrepancies", "list"}, {"ledger", "accounts", "--json", "--limit", "1000"},
           {"ledger", "verify", "--json"}, {"suspense", "list"}}) {
    const Run r = w.tally(args);
    printed += r.out + r.err;
  }
  std::vector<Finding> found;
  search("printed", printed, secrets, found);
  search("printed", printed, quoted_only, found);

  // Every kept file, opened; every other file of the data folder as it is on disk.
  std::size_t kept = 0;
  for (const std::string& sha : shas) {
    const Run r = w.tally({"files", "show", sha, "--user", "auditor"});
    REQUIRE(r.exit_code == 0);
    ++kept;
    search("kept file " + sha.substr(0, 8), r.out, secrets, found);
  }
  std::size_t files_read = 0, bytes_read = 0;
  for (const auto& entry : fs::recursive_directory_iterator(w.data_dir())) {
    if (!entry.is_regular_file() || entry.path().parent_path().filename() == "keys") continue;
    const std::string bytes = read_file(entry.path().string());
    ++files_read;
    bytes_read += bytes.size();
    search(entry.path().string(), bytes, secrets, found);
    if (!entry.path().string().ends_with(".sealed")) search(entry.path().string(), bytes, quoted_only, found);
  }
  const std::size_t pairs = search_databases(w.data_dir(), secrets, found);
  std::fprintf(stderr, "secrets search: %zu key/value pairs, %zu kept files, %zu files (%zu bytes), "
                       "%zu bytes printed; %zu secret strings\n",
               pairs, kept, files_read, bytes_read, printed.size(), secrets.size());
  for (const Finding& finding : found) UNSCOPED_INFO(finding.where << ": " << finding.secret);
  CHECK(found.empty());
  CHECK(pairs > 1000);  // the search read the books, not an empty folder
}
