#include "api/customer_detail.h"

#include <cstdlib>
#include <map>

#include <fmt/format.h>

#include "core/accounts.h"
#include "core/events/codec.h"
#include "core/money.h"
#include "ingest/autopay_settlement.h"
#include "ledger/customer_notes.h"
#include "ledger/letter_render.h"

namespace tally::api {

std::string customer_id_of(std::string_view account) {
  return account.starts_with("customer:") ? std::string(account.substr(9)) : std::string(account);
}

namespace {

std::string amount_text(std::int64_t minor, const Currency& currency) { return Money(minor, currency).to_string(); }

boost::json::object source_json(const events::Source& s) {
  boost::json::object out;
  if (!s.file_sha256().empty()) {
    out["file_sha256"] = s.file_sha256();
    out["file_name"] = s.file_name();
    out["record_ordinal"] = s.record_ordinal();
  }
  if (!s.user().empty()) out["user"] = s.user();
  if (!s.request_id().empty()) out["request_id"] = s.request_id();
  return out;
}

// The events at these addresses, decoded; nullopt where the log has none or it does not decode
// (a dead letter never reached the books, so a journal entry's event always decodes).
Result<std::vector<std::optional<events::Envelope>>> events_at(const log::EventLog& log,
                                                               const std::vector<log::LogAddress>& where) {
  TALLY_TRY(auto records, log.read_at(where));
  std::vector<std::optional<events::Envelope>> out(records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    if (!records[i]) continue;
    auto e = events::decode(records[i]->value);
    if (e.ok()) out[i] = std::move(*e);
  }
  return out;
}

boost::json::object autopay_json(const std::optional<ledger::AutopayState>& a) {
  if (!a) return {{"status", "none"}};
  boost::json::object out{{"status", a->enrolled ? "enrolled" : "removed"}};
  if (!a->account_last4.empty()) out["bank_account"] = "****" + a->account_last4;
  if (!a->routing.empty()) out["routing"] = a->routing;
  out["account_type"] = a->savings ? "savings" : "checking";
  out["nsf_returns"] = a->nsf_dates.size();
  return out;
}

boost::json::object notice_json(const ledger::NoticeEntry& n, const events::Envelope* e) {
  boost::json::object out{{"event_id", n.event_id.to_hex()}, {"business_date", n.business_date.to_iso()}};
  if (!e) return out;
  const auto& c = e->notice_of_change();
  out["change_code"] = c.change_code();
  out["corrected_data"] = c.corrected_data();
  out["original_trace"] = c.original_trace();
  if (!c.routing_number().empty()) out["routing"] = c.routing_number();
  if (!c.corrected_account_last4().empty()) out["corrected_account"] = "****" + c.corrected_account_last4();
  // C61..C69 are the bank refusing Tally's own correction: a person must look.
  out["refused"] = c.change_code().size() == 3 && c.change_code()[1] == '6';
  return out;
}

boost::json::object return_json(std::string_view customer, const ledger::NumberedLetter& n) {
  const ledger::ReturnLetter& l = n.letter;
  return {{"business_date", l.date.to_iso()},
          {"type", "PAYMENT_RETURNED"},
          {"return_id", l.return_id.to_hex()},
          {"payment_id", l.payment_id.to_hex()},
          {"amount_minor", l.amount_minor},
          {"amount", amount_text(l.amount_minor, l.currency)},
          {"fee_minor", l.fee_minor},
          {"fee", amount_text(l.fee_minor, l.currency)},
          {"return_code", l.return_code},
          {"reason", ledger::return_reason_words(l.return_code, l.reason, "en")},
          {"letter", letter_path(customer, l.return_id)}};
}

// Sets each entry's source from its event (found[i] for entries[i]).
void set_sources(boost::json::object& body, const std::vector<ledger::HistoryLine>& lines,
                 const std::vector<std::optional<events::Envelope>>& found) {
  auto* entries = body.if_contains("entries");
  if (!entries || !entries->is_array()) return;
  for (std::size_t i = 0; i < lines.size() && i < entries->as_array().size() && i < found.size(); ++i)
    if (found[i]) entries->as_array()[i].as_object()["source"] = source_json(found[i]->source());
}

// The events of `where` from the log; on a log that cannot read by address, none, and
// body["sources"] says why.
std::vector<std::optional<events::Envelope>> read_events(boost::json::object& body, const log::EventLog* log,
                                                         const std::vector<log::LogAddress>& where) {
  std::vector<std::optional<events::Envelope>> found(where.size());
  if (!log) {
    body["sources"] = "this server does not read the log by address";
  } else if (!where.empty()) {
    auto read = events_at(*log, where);
    if (read.ok()) found = std::move(*read);
    else body["sources"] = read.error().message;
  }
  return found;
}

}  // namespace

void add_sources(boost::json::object& body, const log::EventLog* log, const std::vector<ledger::HistoryLine>& lines) {
  std::vector<log::LogAddress> where;
  for (const auto& line : lines) where.push_back({line.partition, line.position});
  set_sources(body, lines, read_events(body, log, where));
}

std::string letter_path(std::string_view customer_id, const EventId& return_id) {
  return fmt::format("/api/v1/accounts/{}/letters/{}", customer_id, return_id.to_hex());
}

Status add_customer_detail(boost::json::object& body, const ledger::Ledger& ledger, const log::EventLog* log,
                           std::string_view account, const std::vector<ledger::HistoryLine>& lines) {
  TALLY_TRY(ledger::CustomerNotes notes, ledger::customer_notes(ledger, account));
  const std::string customer = customer_id_of(account);
  if (!notes.name.empty()) body["name"] = notes.name;
  body["autopay"] = autopay_json(notes.autopay);

  // One read of the log for every line's event and every notice.
  std::vector<log::LogAddress> where;
  for (const auto& line : lines) where.push_back({line.partition, line.position});
  for (const auto& n : notes.notices) where.push_back({n.partition, n.position});
  const std::vector<std::optional<events::Envelope>> found = read_events(body, log, where);
  set_sources(body, lines, found);

  boost::json::array notices;
  for (std::size_t i = 0; i < notes.notices.size(); ++i) {
    const auto& e = found[lines.size() + i];
    notices.push_back(notice_json(notes.notices[i], e ? &*e : nullptr));
  }
  body["notices"] = std::move(notices);

  boost::json::array returns;
  std::map<std::string, std::size_t> by_return;  // return id -> its place in `returns`
  for (const auto& letter : notes.letters) {
    by_return[letter.letter.return_id.to_hex()] = returns.size();
    returns.push_back(return_json(customer, letter));
  }
  // Chargebacks in the lines shown: their letter says so, with the processor's case; one
  // from before chargebacks had letters is listed without.
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (found[i] && found[i]->has_chargeback_received()) {
      const auto& c = found[i]->chargeback_received();
      if (auto it = by_return.find(lines[i].event_id.to_hex()); it != by_return.end()) {
        auto& with_letter = returns[it->second].as_object();
        with_letter["type"] = "CHARGEBACK_RECEIVED";
        with_letter["reason"] = c.processor() + " case " + c.case_id();
        continue;
      }
      returns.push_back({{"business_date", lines[i].business_date.to_iso()},
                         {"type", "CHARGEBACK_RECEIVED"},
                         {"return_id", lines[i].event_id.to_hex()},
                         {"amount_minor", std::abs(lines[i].amount_minor)},
                         {"amount", amount_text(std::abs(lines[i].amount_minor), lines[i].currency)},
                         {"return_code", c.reason_code()},
                         {"reason", c.processor() + " case " + c.case_id()}});
    }
  body["returns"] = std::move(returns);
  return ok_status();
}

Status add_scheduled_autopay(boost::json::object& body, const ingest::FileRegistry& registry, std::string_view account) {
  TALLY_TRY(auto entries, ingest::scheduled_entries(registry, customer_id_of(account)));
  boost::json::array scheduled;
  for (const auto& e : entries)
    scheduled.push_back({{"effective_date", BusinessDate::from_days(e.effective_date).to_iso()},
                         {"kind", ingest::kind_name(e.kind)},
                         {"amount_minor", e.amount_minor},
                         {"trace", e.trace}});
  body["autopay_scheduled"] = std::move(scheduled);
  return ok_status();
}

}  // namespace tally::api
