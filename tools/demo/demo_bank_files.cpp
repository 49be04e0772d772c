// The demo's bank files: the autopay NACHA file (through the real writer), the ACH return
// file, the lockbox transmission (placed by the standard lockbox layout's own table) and the
// BAI2 statement whose deposits match the other files.
#include <fmt/format.h>

#include <map>

#include "formats/lockbox/layout.h"
#include "formats/nacha/writer.h"
#include "tools/demo/demo_day.h"

namespace tally::demo {
namespace {

constexpr const char* kUtilityRouting = "121042882";  // the utility's bank (ODFI)
constexpr const char* kOdfi = "12104288";
constexpr const char* kCompanyId = "1946000123";
constexpr const char* kLockboxNumber = "0004417";
constexpr const char* kOperatingAccount = "4410098765";

std::string pad94(std::string s) {
  s.resize(94, ' ');
  return s;
}

}  // namespace

Result<std::string> autopay_nacha(const Day& day, std::int64_t& total_minor, std::vector<std::string>& traces) {
  formats::nacha::FileOptions file;
  file.immediate_destination = kUtilityRouting;
  file.immediate_origin = kCompanyId;
  file.immediate_destination_name = "FIRST COMMUNITY BANK";
  file.immediate_origin_name = "CITY OF MILLBROOK WATER";
  file.file_creation_date = day.date;
  file.file_creation_time = "0615";
  TALLY_TRY(auto writer, formats::nacha::Writer::create(file));
  formats::nacha::BatchOptions batch;
  batch.company_name = "MILLBROOK WATER";
  batch.company_identification = kCompanyId;
  batch.company_entry_description = "WATER BILL";
  batch.effective_entry_date = day.date;
  batch.odfi_identification = kOdfi;
  TALLY_TRY_STATUS(writer.begin_batch(batch));
  total_minor = 0;
  for (const Customer& c : day.customers) {
    if (!c.autopay) continue;
    formats::nacha::AutopayDebit debit;
    debit.routing_number = c.routing;
    debit.dfi_account_number = c.bank_account;
    debit.amount_minor = c.bill_minor;
    debit.individual_id_number = c.account;
    debit.individual_name = c.name;
    TALLY_TRY(std::string trace, writer.add_debit(debit));
    traces.push_back(std::move(trace));
    total_minor += c.bill_minor;
  }
  TALLY_TRY_STATUS(writer.end_batch());
  return writer.finish();
}

// Returns of two autopay debits, as the ODFI sends them back: entry code 26 (return of a
// checking debit) with an addenda 99 naming the original trace.
std::string returns_nacha(const Day& day, const std::vector<std::string>& traces) {
  std::vector<const Customer*> autopay;
  for (const Customer& c : day.customers)
    if (c.autopay) autopay.push_back(&c);
  const std::string yymmdd = fmt::format("{:02}{:02}{:02}", day.date.year() % 100, day.date.month(), day.date.day());
  const BusinessDate returned_on = day.date.plus_days(2);
  const std::string eff = fmt::format("{:02}{:02}{:02}", returned_on.year() % 100, returned_on.month(), returned_on.day());
  std::vector<std::string> lines;
  lines.push_back(pad94(fmt::format("101 {}{}{}0900A094101{:<23}{:<23}{:<8}", kUtilityRouting, kCompanyId,
                                    yymmdd, "CITY OF MILLBROOK WATER", "FIRST COMMUNITY BANK", "")));
  lines.push_back(pad94(fmt::format("5200{:<16}{:<20}{}PPD{:<10}{:<6}{}   1{}{:07}", "MILLBROOK WATER", "",
                                    kCompanyId, "WATER BILL", "", eff, kOdfi, 1)));
  const char* codes[] = {"R01", "R02"};
  // Code 26 (return of a checking debit) sits in the debit range of the totals.
  std::int64_t debit = 0, hash = 0, count = 0;
  int sequence = 0;
  for (std::size_t k = 0; k < day.returned.size(); ++k) {
    const Customer& c = *autopay.at(day.returned[k]);
    const std::string trace = fmt::format("{}{:07}", kOdfi, ++sequence);
    // The return comes from the customer's bank back to us: RDFI is our bank, amount credited.
    lines.push_back(pad94(fmt::format("626{}{:<17}{:010}{:<15}{:<22}  1{}", kUtilityRouting, kOperatingAccount,
                                      c.bill_minor, c.account, c.name.substr(0, 22), trace)));
    lines.push_back(pad94(fmt::format("799{}{}      {}{:<44}{}", codes[k % 2], traces.at(day.returned[k]),
                                      c.routing.substr(0, 8), "", trace)));
    debit += c.bill_minor;
    hash += std::stoll(std::string(kUtilityRouting).substr(0, 8));
    count += 2;
  }
  lines.push_back(pad94(fmt::format("8200{:06}{:010}{:012}{:012}{}{:<25}{}{:07}", count, hash % 10'000'000'000,
                                    debit, 0, kCompanyId, "", kOdfi, 1)));
  const std::int64_t records = static_cast<std::int64_t>(lines.size()) + 1;
  const std::int64_t blocks = (records + 9) / 10;
  lines.push_back(pad94(fmt::format("9{:06}{:06}{:08}{:010}{:012}{:012}", 1, blocks, count, hash % 10'000'000'000,
                                    debit, 0)));
  while (lines.size() % 10 != 0) lines.push_back(std::string(94, '9'));
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

namespace {

// One lockbox record laid out by the standard layout's table: numbers zero-filled on the
// left, text space-filled on the right; fields not given are blank or zero as their type
// allows.
std::string lockbox_record(char type, const std::map<formats::lockbox::Field, std::string>& values) {
  using formats::lockbox::FieldType;
  std::string line(1, type);
  for (const auto& spec : formats::lockbox::LockboxLayout::standard_fields()) {
    if (spec.record != type) continue;
    auto it = values.find(spec.field);
    std::string value = it == values.end() ? "" : it->second;
    const bool numeric = spec.type != FieldType::kText;
    if (value.empty() && numeric && !spec.optional) value = "0";
    std::string cell = numeric && !value.empty() ? std::string(spec.length - std::min<std::size_t>(spec.length, value.size()), '0') + value
                                                 : value;
    cell.resize(spec.length, ' ');
    if (line.size() < spec.position - 1u + spec.length) line.resize(spec.position - 1u + spec.length, ' ');
    line.replace(spec.position - 1u, spec.length, cell);
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

}  // namespace

std::string lockbox_file(const Day& day, std::int64_t& total_minor) {
  using F = formats::lockbox::Field;
  const std::string date = fmt::format("{:02}{:02}{:02}", day.date.year() % 100, day.date.month(), day.date.day());
  std::vector<std::string> lines;
  lines.push_back(lockbox_record('1', {{F::kPriorityCode, "00"}, {F::kDestinationId, "MILLBROOK"},
                                       {F::kOriginId, kUtilityRouting}, {F::kProcessingDate, date},
                                       {F::kProcessingTime, "0530"}}));
  lines.push_back(lockbox_record('2', {{F::kDestinationOrigin, kUtilityRouting}, {F::kReferenceCode, kLockboxNumber},
                                       {F::kServiceType, "1"}, {F::kRecordSize, "104"},
                                       {F::kBlockingFactor, "1"}, {F::kFormatCode, "1"}}));
  lines.push_back(lockbox_record('5', {{F::kBatchNumber, "1"}, {F::kLockboxNumber, kLockboxNumber},
                                       {F::kDepositDate, date}, {F::kDestinationOrigin, kUtilityRouting}}));
  constexpr std::size_t kBatchSize = 10;
  total_minor = 0;
  std::int64_t batch_total = 0, batch_items = 0, items = 0;
  int batch = 1;
  auto close_batch = [&] {
    lines.push_back(lockbox_record('7', {{F::kBatchNumber, std::to_string(batch)}, {F::kItemNumber, "0"},
                                         {F::kLockboxNumber, kLockboxNumber}, {F::kDepositDate, date},
                                         {F::kItemCount, std::to_string(batch_items)},
                                         {F::kAmount, std::to_string(batch_total)}}));
    batch_total = batch_items = 0;
    ++batch;
  };
  for (std::size_t i = 0; i < day.checks.size(); ++i) {
    if (i > 0 && i % kBatchSize == 0) close_batch();
    const Check& c = day.checks[i];
    const std::string item = std::to_string(batch_items + 1);
    lines.push_back(lockbox_record('6', {{F::kBatchNumber, std::to_string(batch)}, {F::kItemNumber, item},
                                         {F::kAmount, std::to_string(c.amount_minor)},
                                         {F::kRemitterRouting, c.routing}, {F::kRemitterAccount, c.bank_account},
                                         {F::kCheckNumber, c.check_number}, {F::kCheckDate, ""},
                                         {F::kRemitterName, c.remitter}}));
    if (!c.account.empty())
      lines.push_back(lockbox_record('4', {{F::kBatchNumber, std::to_string(batch)}, {F::kItemNumber, item},
                                           {F::kOverflowType, "6"}, {F::kOverflowSequence, "1"},
                                           {F::kOverflowIndicator, "9"}, {F::kOverflowData, c.account}}));
    batch_total += c.amount_minor;
    total_minor += c.amount_minor;
    ++batch_items;
    ++items;
  }
  close_batch();
  lines.push_back(lockbox_record('8', {{F::kBatchNumber, "0"}, {F::kItemNumber, "0"},
                                       {F::kLockboxNumber, kLockboxNumber}, {F::kDepositDate, date},
                                       {F::kItemCount, std::to_string(items)},
                                       {F::kAmount, std::to_string(total_minor)}}));
  lines.push_back(lockbox_record('9', {{F::kRecordCount, std::to_string(lines.size() + 1)}}));
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

std::string bai2_statement(const Day& day, std::int64_t lockbox_minor, std::int64_t ach_minor,
                           std::int64_t card_minor, std::int64_t returns_minor) {
  const std::string date = fmt::format("{:02}{:02}{:02}", day.date.year() % 100, day.date.month(), day.date.day());
  const std::int64_t opening = 1'250'000'00;
  const std::int64_t closing = opening + lockbox_minor + ach_minor + card_minor - returns_minor;
  struct Detail {
    int code;
    std::int64_t amount;
    std::string bank_ref, customer_ref, text;
  };
  const std::vector<Detail> details = {
      {115, lockbox_minor, "LBX" + date + "01", kLockboxNumber, "LOCKBOX DEPOSIT"},
      {165, ach_minor, "ACH" + date + "01", kCompanyId, "MILLBROOK WATER AUTOPAY SETTLEMENT"},
      {142, card_minor, "CRD" + date + "01", "PAYOUT-" + day.date.to_iso(), "ACME MERCHANT SVCS PAYOUT"},
      {557, returns_minor, "RET" + date + "01", kCompanyId, "ACH RETURN ITEMS"},
  };
  std::vector<std::string> records;
  records.push_back(fmt::format("01,121042882,MILLBROOK,{},0600,1,80,1,2/", date));
  records.push_back(fmt::format("02,MILLBROOK,121042882,1,{},2400,USD,2/", date));
  records.push_back(fmt::format("03,{},USD,010,{},,,015,{},,/", kOperatingAccount, opening, closing));
  std::int64_t account_total = opening + closing;
  for (const Detail& d : details) {
    records.push_back(fmt::format("16,{},{},0,{},{},{}/", d.code, d.amount, d.bank_ref, d.customer_ref, d.text));
    account_total += d.amount;
  }
  const std::size_t account_records = records.size() - 2 + 1;  // 03 through 49
  records.push_back(fmt::format("49,{},{}/", account_total, account_records));
  records.push_back(fmt::format("98,{},1,{}/", account_total, account_records + 2));
  records.push_back(fmt::format("99,{},1,{}/", account_total, records.size() + 1));
  std::string out;
  for (const auto& r : records) out += r + "\n";
  return out;
}

}  // namespace tally::demo
