#include "ingest/file_context.h"

#include "core/accounts.h"
#include "core/sha256.h"

namespace tally::ingest {

std::string partition_key_for(std::string_view account_id) {
  return account_id.empty() ? std::string(accounts::kSuspense) : accounts::customer(account_id);
}

events::Envelope make_envelope(const EventId& id, events::EventType type,
                               std::string partition_key, BusinessDate business_date,
                               const FileContext& file, std::int64_t record_ordinal) {
  events::Envelope e;
  e.set_id(std::string(id.as_string_view()));
  e.set_type(type);
  e.set_schema_version(events::kSchemaVersion);
  e.set_business_date(business_date.days());
  e.set_recorded_at_us(file.recorded_at_us);
  e.set_partition_key(std::move(partition_key));
  auto* source = e.mutable_source();
  source->set_file_sha256(file.sha256);
  source->set_file_name(file.file_name);
  source->set_record_ordinal(record_ordinal);
  source->set_user(file.user);
  return e;
}

std::string mask_last4(std::string_view account_number) {
  std::string digits;
  for (char c : account_number)
    if (c != ' ' && c != '-') digits.push_back(c);
  return digits.size() <= 4 ? digits : digits.substr(digits.size() - 4);
}

namespace {
// Where an account number sat in the file (or a copy of it), so the kept copy masks it.
void note_account_number(const FileContext& file, std::string_view account_number) {
  AccountSpans* spans = file.account_spans;
  if (spans == nullptr || account_number.empty()) return;
  const auto begin = reinterpret_cast<std::uintptr_t>(file.bytes.data());
  const auto at = reinterpret_cast<std::uintptr_t>(account_number.data());
  if (at >= begin && at + account_number.size() <= begin + file.bytes.size())
    spans->ranges.emplace_back(static_cast<std::size_t>(at - begin), account_number.size());
  else if (spans->copies.size() < AccountSpans::kMaxCopies)
    spans->copies.insert(std::string(account_number));
}
}  // namespace

std::string account_hash(const FileContext& file, std::string_view routing, std::string_view account_number) {
  note_account_number(file, account_number);
  return keyed_account_hash(file.account_hash_key, routing, account_number);
}

std::string keyed_account_hash(std::string_view key, std::string_view routing,
                               std::string_view account_number) {
  std::string digits;
  for (char c : account_number)
    if (c != ' ' && c != '-') digits.push_back(c);
  while (digits.size() > 1 && digits.front() == '0') digits.erase(digits.begin());  // 000123 == 123
  return to_hex(hmac_sha256(key, std::string(routing) + ":" + digits));
}

std::optional<std::string> check_key(const FileContext& file, std::string_view routing,
                                     std::string_view account_number, std::string_view serial) {
  auto key = check_key(file.account_hash_key, routing, account_number, serial);
  if (key) note_account_number(file, account_number);
  return key;
}

std::optional<std::string> check_key(std::string_view hash_key, std::string_view routing,
                                     std::string_view account_number, std::string_view serial) {
  std::string route, number;
  for (char c : routing)
    if (c >= '0' && c <= '9') route.push_back(c);
  for (char c : serial)
    if (c >= '0' && c <= '9' && !(number.empty() && c == '0')) number.push_back(c);
  bool account_digits = false;
  for (char c : account_number) account_digits = account_digits || (c >= '1' && c <= '9');
  if (route.size() != 9 || number.empty() || !account_digits) return std::nullopt;
  return "check:" + keyed_account_hash(hash_key, route, account_number) + ":" + number;
}

void set_amount(events::Amount* out, std::int64_t minor, const Currency& currency) {
  out->set_minor(minor);
  out->set_currency(std::string(currency.code()));
}

}  // namespace tally::ingest
