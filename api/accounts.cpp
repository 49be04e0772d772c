#include "api/accounts.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "core/accounts.h"
#include "core/events/codec.h"
#include "core/money.h"

namespace tally::api {
namespace {
constexpr std::size_t kDefaultHistory = 20, kMaxHistory = 1000;
// A journal account name ("customer:<id>", "clearing:ach") is at most this long.
constexpr std::size_t kMaxAccountIdBytes = 200;

std::string amount_text(std::int64_t minor, const Currency& currency) {
  return Money(minor, currency).to_string();
}
}  // namespace

std::string journal_account(std::string_view id) {
  if (accounts::parse(id)) return std::string(id);
  return accounts::customer(id);
}

boost::json::object balance_json(const ledger::AccountBalance& b) {
  const Currency currency = b.currency.value_or(Currency::usd());
  return {{"account", b.account},
          {"currency", std::string(currency.code())},
          {"balance_minor", b.balance_minor},
          {"balance", amount_text(b.balance_minor, currency)},
          {"postings", b.postings}};
}

boost::json::object history_json(const ledger::HistoryLine& line) {
  return {{"partition", line.partition.value()},
          {"sequence", line.seq.value()},
          {"business_date", line.business_date.to_iso()},
          {"amount_minor", line.amount_minor},
          {"amount", amount_text(line.amount_minor, line.currency)},
          {"balance_after_minor", line.balance_after_minor},
          {"event_id", line.event_id.to_hex()},
          {"event_type", events::type_name(static_cast<events::EventType>(line.event_type))},
          {"memo", line.memo}};
}

void add_account_routes(Router& router, const ledger::Ledger& ledger) {
  router.add(http::verb::get, "/api/v1/accounts/{id}", Permission::read, [&ledger](const Request& req, const RouteParams& p) {
    std::size_t limit = kDefaultHistory;
    if (auto it = p.query.find("limit"); it != p.query.end()) {
      const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), limit);
      if (ec != std::errc() || end != it->second.data() + it->second.size() || limit < 1 ||
          limit > kMaxHistory)
        return error_response(req, http::status::bad_request, "bad_limit",
                              fmt::format("limit must be a whole number 1..{}", kMaxHistory));
    }
    const std::string& id = p.path.at("id");
    if (id.empty() || id.size() > kMaxAccountIdBytes ||
        std::any_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
      return error_response(req, http::status::bad_request, "bad_id",
                            fmt::format("an account id is 1..{} bytes without control characters",
                                        kMaxAccountIdBytes));
    const std::string account = journal_account(id);
    auto view = ledger.account_view(account, limit);  // balance and lines of one snapshot
    if (!view) return error_response(req, view.error());
    if (view->balance.postings == 0)
      return error_response(req, http::status::not_found, "no_such_account",
                            "no journal entries for " + account);
    boost::json::object body = balance_json(view->balance);
    boost::json::array lines;
    for (const auto& line : view->history) lines.push_back(history_json(line));
    body["entries"] = std::move(lines);
    return json_response(req, http::status::ok, body);
  });
}

}  // namespace tally::api
