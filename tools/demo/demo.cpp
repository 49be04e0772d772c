#include "tools/demo/demo.h"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "core/errors.h"
#include "tools/demo/demo_day.h"

namespace tally::demo {
namespace {

// A small deterministic generator (xorshift64*): the same day always gives the same files.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed | 1) {}
  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 2685821657736338717ull;
  }
  std::int64_t between(std::int64_t low, std::int64_t high) {  // inclusive
    return low + static_cast<std::int64_t>(next() % static_cast<std::uint64_t>(high - low + 1));
  }

 private:
  std::uint64_t state_;
};

constexpr int kCustomers = 120;
constexpr const char* kFirst[] = {"ANN", "BO", "CARLOS", "DIANA", "EVAN", "FATIMA", "GREG", "HANA",
                                  "IVAN", "JUDY", "KOFI", "LENA", "MARCO", "NINA", "OMAR", "PRIYA"};
constexpr const char* kLast[] = {"LEE", "CHAN", "GARCIA", "MILLER", "OKAFOR", "NOVAK", "SMITH",
                                 "TANAKA", "ROSSI", "KHAN", "BROWN", "DUBOIS"};
// Real-looking routing numbers with valid ABA check digits.
constexpr const char* kRoutings[] = {"091000019", "021000021", "011000015", "122105278"};

}  // namespace

Day plan_day(BusinessDate date) {
  Random rng(static_cast<std::uint64_t>(date.days()) * 7919u + 17u);
  Day day;
  day.date = date;
  for (int i = 0; i < kCustomers; ++i) {
    Customer c;
    c.account = std::to_string(100001 + i);
    c.name = fmt::format("{} {}", kFirst[rng.next() % std::size(kFirst)], kLast[rng.next() % std::size(kLast)]);
    c.bill_minor = rng.between(2800, 24000);  // $28.00 to $240.00
    c.autopay = i % 4 == 0;
    if (c.autopay) {
      c.routing = kRoutings[rng.next() % std::size(kRoutings)];
      c.bank_account = std::to_string(rng.between(10'000'000, 99'999'999));
    }
    day.customers.push_back(std::move(c));
  }
  for (int i = 1; i < kCustomers && day.checks.size() < 38; i += 3) {  // mailed checks
    const Customer& c = day.customers[static_cast<std::size_t>(i)];
    if (c.autopay) continue;
    const bool partial = rng.next() % 5 == 0;
    // The payer's bank account comes from the customer number, not the generator, so the
    // rest of the day stays as it was.
    day.checks.push_back({c.account, c.name, partial ? c.bill_minor / 2 : c.bill_minor,
                          std::to_string(rng.between(1001, 9999)),
                          kRoutings[static_cast<std::size_t>(i) % std::size(kRoutings)],
                          std::to_string(20'000'000 + i * 7919)});
  }
  day.checks.push_back({"", "R SMITH", 5000, "4417", kRoutings[0], "55500123"});  // no coupon: suspense
  for (int i = 2; i < kCustomers && day.card_sales.size() < 25; i += 4) {
    const Customer& c = day.customers[static_cast<std::size_t>(i)];
    if (c.autopay) continue;
    day.card_sales.push_back({c.account, c.bill_minor, fmt::format("CP{:08}", rng.between(1, 99'999'999)),
                              fmt::format("{:04}", rng.between(0, 9999))});
  }
  day.returned = {1, 4};  // the 2nd and 5th autopay debits come back (R01, R02)
  return day;
}

std::string billing_csv(const Day& day) {
  std::string out = "account,bill_id,bill_date,amount_due,due_date\n";
  const BusinessDate due = day.date.plus_days(21);
  for (const Customer& c : day.customers)
    out += fmt::format("{},B{}-{},{},{}.{:02},{}\n", c.account, day.date.to_iso(), c.account, day.date.to_iso(),
                       c.bill_minor / 100, c.bill_minor % 100, due.to_iso());
  return out;
}

std::string enrollment_csv(const Day& day) {
  std::string out = "account,routing,account_number,account_type,holder_name,action\n";
  for (const Customer& c : day.customers)
    if (c.autopay) out += fmt::format("{},{},{},checking,{},enroll\n", c.account, c.routing, c.bank_account, c.name);
  return out;
}

std::string card_csv(const Day& day, std::int64_t& payout_minor) {
  std::string out =
      "processor,merchant,batch_id,settlement_date,deposit_date,type,card_brand,last_four,auth_code,"
      "processor_reference,our_reference,gross,fees,net,currency,reason_code,case_id\n";
  const std::string date = day.date.to_iso(), batch = "B" + day.date.to_iso();
  auto money = [](std::int64_t m) {
    return fmt::format("{}{}.{:02}", m < 0 ? "-" : "", std::abs(m) / 100, std::abs(m) % 100);
  };
  std::int64_t net_total = 0;
  int n = 0;
  for (const CardSale& s : day.card_sales) {
    const std::int64_t fee = 30 + s.amount_minor * 29 / 1000;  // 2.9% + 30c
    out += fmt::format("acme,MID-CITYWATER,{},{},{},sale,visa,{},A{:05},{},{},{},{},{},USD,,\n", batch, date,
                       date, s.last4, ++n, s.reference, s.account, money(s.amount_minor), money(fee),
                       money(s.amount_minor - fee));
    net_total += s.amount_minor - fee;
  }
  // A refund of part of the first sale, and a chargeback on the second.
  const CardSale& first = day.card_sales.at(0);
  out += fmt::format("acme,MID-CITYWATER,{},{},{},refund,visa,{},,{},{},-10.00,0.00,-10.00,USD,,\n", batch,
                     date, date, first.last4, first.reference, first.account);
  net_total -= 1000;
  const CardSale& second = day.card_sales.at(1);
  out += fmt::format("acme,MID-CITYWATER,{},{},{},chargeback,visa,{},,{},{},{},15.00,{},USD,10.4,CB-{}\n", batch,
                     date, date, second.last4, second.reference, second.account, money(-second.amount_minor),
                     money(-second.amount_minor - 1500), second.reference);
  net_total += -second.amount_minor - 1500;
  out += fmt::format("acme,MID-CITYWATER,{},{},{},fee,,,,,,0.00,25.00,-25.00,USD,,\n", batch, date, date);
  net_total -= 2500;
  out += fmt::format("acme,MID-CITYWATER,{},{},{},payout,,,,PAYOUT-{},,{},0.00,{},USD,,\n", batch, date,
                     day.date.plus_days(1).to_iso(), day.date.to_iso(), money(net_total), money(net_total));
  payout_minor = net_total;
  return out;
}

std::int64_t returns_total(const Day& day) {
  std::int64_t total = 0;
  std::vector<const Customer*> autopay;
  for (const Customer& c : day.customers)
    if (c.autopay) autopay.push_back(&c);
  for (std::size_t i : day.returned) total += autopay.at(i)->bill_minor;
  return total;
}

std::string demo_sample_account() { return "100002"; }

Result<std::vector<DemoFile>> make_demo_day(BusinessDate date) {
  const Day day = plan_day(date);
  const std::string d = date.to_iso();
  std::vector<DemoFile> files;
  files.push_back({"01-billing-" + d + ".csv", billing_csv(day)});
  files.push_back({"02-autopay-enrollments-" + d + ".csv", enrollment_csv(day)});
  std::int64_t ach_total = 0, lockbox_total = 0, card_payout = 0;
  std::vector<std::string> traces;
  TALLY_TRY(std::string autopay, autopay_nacha(day, ach_total, traces));
  files.push_back({"03-autopay-debits-" + d + ".ach", std::move(autopay)});
  files.push_back({"04-lockbox-" + d + ".txt", lockbox_file(day, lockbox_total)});
  files.push_back({"05-card-settlement-" + d + ".csv", card_csv(day, card_payout)});
  files.push_back({"06-ach-returns-" + d + ".ach", returns_nacha(day, traces)});
  files.push_back({"07-statement-" + d + ".bai", bai2_statement(day, lockbox_total, ach_total, card_payout,
                                                             returns_total(day))});
  return files;
}

Result<int> write_demo_day(const std::string& dir, BusinessDate day) {
  TALLY_TRY(std::vector<DemoFile> files, make_demo_day(day));
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  int written = 0;
  for (const DemoFile& f : files) {
    const std::string final_path = dir + "/" + f.name, part = final_path + ".part";
    std::ofstream out(part, std::ios::binary | std::ios::trunc);
    out << f.content;
    out.close();
    if (!out) return core_error(CoreErrc::invalid_argument, "cannot write " + part);
    std::filesystem::rename(part, final_path, ec);
    if (ec) return core_error(CoreErrc::invalid_argument, "cannot rename " + part + ": " + ec.message());
    ++written;
  }
  return written;
}

}  // namespace tally::demo
