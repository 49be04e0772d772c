#include "api/accounts.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

#include "api/account_peers.h"
#include "api/customer_detail.h"
#include "api/peer_tokens.h"
#include "core/accounts.h"
#include "core/events/codec.h"
#include "core/money.h"
#include "ledger/search.h"

namespace tally::api {
namespace {
constexpr std::size_t kDefaultHistory = 20, kMaxHistory = 1000;
constexpr std::size_t kDefaultPage = 100, kMaxPage = 1000;
// Journal names of customer accounts begin so (core/accounts.h).
constexpr std::string_view kCustomerPrefix = "customer:";
// A journal account name ("customer:<id>", "clearing:ach") is at most this long.
constexpr std::size_t kMaxAccountIdBytes = 200;

std::string amount_text(std::int64_t minor, const Currency& currency) {
  return Money(minor, currency).to_string();
}

// A whole number 1..max from ?name=, or the fallback when absent; nullopt when malformed.
std::optional<std::size_t> limit_of(const RouteParams& p, const char* name, std::size_t fallback, std::size_t max) {
  const auto it = p.query.find(name);
  if (it == p.query.end()) return fallback;
  std::size_t value = 0;
  const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), value);
  if (ec != std::errc() || end != it->second.data() + it->second.size() || value < 1 || value > max)
    return std::nullopt;
  return value;
}

bool clean_text(std::string_view s, std::size_t max) {
  return s.size() <= max &&
         std::none_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

boost::json::object found_json(const ledger::FoundPayment& f) {
  return {{"event_id", f.event_id.to_hex()},
          {"partition", f.partition.value()},
          {"sequence", f.sequence.value()},
          {"business_date", f.business_date.to_iso()},
          {"account", f.account},
          {"amount_minor", f.amount_minor},
          {"amount", amount_text(f.amount_minor, f.currency)},
          {"currency", std::string(f.currency.code())},
          {"memo", f.memo}};
}

// On a node that serves only some partitions: which ones a list covers.
void add_partitions(boost::json::object& body, const OwnedView& owned);

// Whether a list on this node names `account`: on Kafka a customer is listed by the node that
// serves its own partition only (the suspense account's partition may hold a part of it).
bool listed_here(const Ownership& ownership, const std::optional<OwnedView>& owned, const std::string& account) {
  return !owned || !account.starts_with(kCustomerPrefix) || !not_owned_reason(ownership, *owned, account);
}

// An account as a list shows it. On Kafka a customer whose part on the suspense account's
// partition this node does not serve says so: its own answer (GET /api/v1/accounts/{id}) adds it.
boost::json::object listed_json(const ledger::AccountBalance& b, const Ownership& ownership,
                                const std::optional<OwnedView>& owned) {
  boost::json::object row = balance_json(b);
  if (owned && b.account.starts_with(kCustomerPrefix)) {
    const OwnedView kept = customer_view(ownership, *owned, b.account);
    if (!kept.missing.empty()) {
      boost::json::array missing;
      for (const PartitionId p : kept.missing) missing.push_back(p.value());
      row["partitions_missing"] = std::move(missing);
    }
  }
  return row;
}

// GET /api/v1/accounts?prefix=&after=&limit=: accounts in name order, a page at a time; on a
// Kafka node, from the partitions it serves (a spanning account's part, no stale copy).
Response account_list(const ledger::Ledger& ledger, const Ownership& ownership, const Request& req,
                      const RouteParams& p) {
  const auto limit = limit_of(p, "limit", kDefaultPage, kMaxPage);
  if (!limit)
    return error_response(req, http::status::bad_request, "bad_limit", fmt::format("limit must be a whole number 1..{}", kMaxPage));
  const std::string prefix = query_or(p, "prefix", ""), after = query_or(p, "after", "");
  if (!clean_text(prefix, kMaxAccountIdBytes) || !clean_text(after, kMaxAccountIdBytes))
    return error_response(req, http::status::bad_request, "bad_query",
                          fmt::format("prefix and after are at most {} bytes without control characters", kMaxAccountIdBytes));
  const std::optional<OwnedView> owned = owned_view(ownership);
  auto page = ledger::account_page(ledger, prefix, after, *limit,
                                   owned ? std::optional(owned->owned) : std::nullopt);
  if (!page) return error_response(req, page.error());
  boost::json::array out;
  for (const auto& b : page->accounts)
    if (listed_here(ownership, owned, b.account)) out.push_back(listed_json(b, ownership, owned));
  boost::json::object body{{"accounts", out}};
  if (page->next_after) body["next_after"] = *page->next_after;
  if (owned) add_partitions(body, *owned);
  return json_response(req, http::status::ok, body);
}

// Customer accounts found by a name their payments came with, each with its balance; on a
// Kafka node, those of the partitions it serves.
Response search_by_name(const ledger::Ledger& ledger, const Ownership& ownership, const Request& req,
                        std::string_view name, std::size_t limit) {
  auto found = ledger::accounts_by_name(ledger, name, limit);
  if (!found) return error_response(req, found.error());
  const std::optional<OwnedView> owned = owned_view(ownership);
  boost::json::array out;
  for (const auto& f : *found) {
    if (!listed_here(ownership, owned, f.account)) continue;
    auto balance = ledger.balance(f.account, {.as_of = std::nullopt,
                                              .partitions = owned ? owned->owned : std::vector<PartitionId>{}});
    if (!balance) return error_response(req, balance.error());
    boost::json::object a = listed_json(*balance, ownership, owned);
    a["name"] = f.name;
    out.push_back(std::move(a));
  }
  boost::json::object body{{"accounts", out}};
  if (owned) add_partitions(body, *owned);
  return json_response(req, http::status::ok, body);
}

// GET /api/v1/search?customer=Q | ?name=N | ?reference=R: customer accounts whose number starts
// with Q, or whose payments came with a name matching N, or the payments that came with
// reference R.
Response search(const ledger::Ledger& ledger, const Ownership& ownership, const Request& req, const RouteParams& p) {
  const std::string customer = query_or(p, "customer", ""), reference = query_or(p, "reference", ""),
                    name = query_or(p, "name", "");
  if (!customer.empty() + !reference.empty() + !name.empty() != 1)
    return error_response(req, http::status::bad_request, "bad_query",
                          "search by one of customer=..., name=... or reference=...");
  if (!clean_text(customer, kMaxAccountIdBytes) || !clean_text(reference, kMaxAccountIdBytes) ||
      !clean_text(name, kMaxAccountIdBytes))
    return error_response(req, http::status::bad_request, "bad_query",
                          fmt::format("the text is at most {} bytes without control characters", kMaxAccountIdBytes));
  const auto limit = limit_of(p, "limit", kDefaultPage, kMaxPage);
  if (!limit)
    return error_response(req, http::status::bad_request, "bad_limit", fmt::format("limit must be a whole number 1..{}", kMaxPage));
  if (!name.empty()) return search_by_name(ledger, ownership, req, name, *limit);
  const std::optional<OwnedView> owned = owned_view(ownership);
  if (!customer.empty()) {
    auto page = ledger::account_page(ledger, std::string(kCustomerPrefix) + customer, "", *limit,
                                     owned ? std::optional(owned->owned) : std::nullopt);
    if (!page) return error_response(req, page.error());
    boost::json::array out;
    for (const auto& b : page->accounts)
      if (listed_here(ownership, owned, b.account)) out.push_back(listed_json(b, ownership, owned));
    boost::json::object body{{"accounts", out}};
    if (owned) add_partitions(body, *owned);
    return json_response(req, http::status::ok, body);
  }
  auto found = ledger::payments_by_reference(ledger, reference, *limit);
  if (!found) return error_response(req, found.error());
  boost::json::array out;
  for (const auto& f : *found)
    if (!owned || std::binary_search(owned->owned.begin(), owned->owned.end(), f.partition))
      out.push_back(found_json(f));
  return json_response(req, http::status::ok, boost::json::object{{"payments", out}});
}

// An account that spans partitions, read on a node that owns only some: which ones the
// figures cover, and which they are missing (summed, they are the whole on every node).
void add_partitions(boost::json::object& body, const OwnedView& owned) {
  boost::json::array covered, missing;
  for (const PartitionId p : owned.owned) covered.push_back(p.value());
  for (const PartitionId p : owned.missing) missing.push_back(p.value());
  body["partitions"] = std::move(covered);
  body["partitions_missing"] = std::move(missing);
}

// The balance and newest lines from one snapshot of the books; on a node that owns only some
// partitions, from those (two reads: the lines may be a batch newer than the balance).
Result<ledger::AccountView> read_view(const ledger::Ledger& ledger, const std::string& account,
                                      std::size_t limit, const std::optional<OwnedView>& owned) {
  if (!owned) return ledger.account_view(account, limit);
  ledger::AccountView view;
  TALLY_TRY(view.balance, ledger.balance(account, {.as_of = std::nullopt, .partitions = owned->owned}));
  TALLY_TRY(view.history, ledger.history(account, limit, owned->owned));
  return view;
}

// The part of `account` this node's books hold on `partitions`, as a node asked by a peer
// answers it: balance, postings, the newest lines (none as of a date) and the partitions.
Result<boost::json::object> local_part(const ledger::Ledger& ledger, const std::string& account,
                                       const std::vector<PartitionId>& partitions,
                                       std::optional<BusinessDate> as_of, std::size_t limit) {
  TALLY_TRY(const ledger::AccountBalance balance, ledger.balance(account, {.as_of = as_of, .partitions = partitions}));
  boost::json::object part = balance_json(balance);
  boost::json::array lines, covered;
  if (!as_of) {
    TALLY_TRY(const auto history, ledger.history(account, limit, partitions));
    for (const auto& line : history) lines.push_back(history_json(line));
  }
  for (const PartitionId p : partitions) covered.push_back(p.value());
  part["entries"] = std::move(lines);
  part["partitions"] = std::move(covered);
  return part;
}

// A gathered answer that covers every partition it needs and has no posting: an account that
// never existed, as on one node.
bool never_posted_anywhere(const boost::json::object& body) {
  const auto* missing = body.if_contains("partitions_missing");
  const auto* postings = body.if_contains("postings");
  return missing && missing->is_array() && missing->as_array().empty() && postings && postings->is_number() &&
         postings->to_number<std::int64_t>() == 0;
}

// A customer's answer passed on from the node serving its own partition, which answers only
// from the partitions it serves: the part it lacks (the suspense account's partition) is added
// from this node's books when it serves that partition, else asked of the node that does.
Response complete_customer(Response passed, const ledger::Ledger& ledger, const std::string& account,
                           const OwnedView& here, const Ownership& ownership, const Request& req,
                           const RouteParams& p, std::size_t limit) {
  if (passed.result() != http::status::ok) return passed;
  boost::system::error_code ec;
  boost::json::value parsed = boost::json::parse(passed.body(), ec);
  if (ec || !parsed.is_object()) return passed;
  boost::json::object& body = parsed.as_object();
  const auto* missing = body.if_contains("partitions_missing");
  if (!missing || !missing->is_array() || missing->as_array().empty()) return passed;
  std::optional<BusinessDate> as_of;
  if (const auto it = p.query.find("as_of"); it != p.query.end()) {
    as_of = BusinessDate::parse_iso(it->second);
    if (!as_of) return passed;
  }
  std::vector<PartitionId> mine;
  for (const PartitionId partition : here.owned)
    for (const auto& m : missing->as_array())
      if (m.is_number() && m.to_number<std::int64_t>() == partition.value()) mine.push_back(partition);
  if (!mine.empty()) {
    auto part = local_part(ledger, account, mine, as_of, limit);
    if (!part) return error_response(req, part.error());
    if (!merge_part(body, *part, limit)) return passed;
  }
  gather_parts(ownership.peers, body, req, p.caller, limit);
  if (never_posted_anywhere(body))
    return error_response(req, http::status::not_found, "no_such_account", never_posted(account));
  passed.body() = boost::json::serialize(body);
  passed.prepare_payload();
  return passed;
}

// GET /api/v1/accounts/{id}[?limit=N][&as_of=YYYY-MM-DD]: the balance and newest lines of one
// snapshot; as of a date, the balance of the postings on or before it (no lines: the journal's
// lines are not kept by date).
Response account_detail(const ledger::Ledger& ledger, const log::EventLog* log,
                        const ingest::FileRegistry* registry, const Ownership& ownership,
                        const Request& req, const RouteParams& p) {
  const auto limit = limit_of(p, "limit", kDefaultHistory, kMaxHistory);
  if (!limit)
    return error_response(req, http::status::bad_request, "bad_limit",
                          fmt::format("limit must be a whole number 1..{}", kMaxHistory));
  const std::string& id = p.path.at("id");
  if (id.empty() || !clean_text(id, kMaxAccountIdBytes))
    return error_response(req, http::status::bad_request, "bad_id",
                          fmt::format("an account id is 1..{} bytes without control characters",
                                      kMaxAccountIdBytes));
  const std::string account = journal_account(id);
  // A customer is answered by the node serving its own partition, with the part the suspense
  // account's partition may hold (customer_view) added as a spanning account's parts are. Any
  // other account may span partitions: summed over the owned ones, naming the rest.
  // A request a peer passed on is answered from this node's partitions, never passed on again:
  // only the node the person asked gathers.
  const bool ask_peers = ownership.peers.enabled() && !is_peer(p.caller);
  const bool customer = account.starts_with(kCustomerPrefix);
  std::optional<OwnedView> owned = owned_view(ownership);
  if (owned && customer) {
    OwnedView kept = customer_view(ownership, *owned, account);
    if (auto why = not_owned_reason(ownership, *owned, account)) {
      if (ask_peers)
        if (auto passed = ask_owner(ownership.peers, partition_of(ownership, account), req, p.caller))
          return complete_customer(std::move(*passed), ledger, account, kept, ownership, req, p,
                                   limit_of(p, "limit", kDefaultHistory, kMaxHistory).value_or(kDefaultHistory));
      if (!is_peer(p.caller) || kept.owned.empty())
        return error_response(req, http::status::misdirected_request, "not_owner", *why);
    }
    owned = std::move(kept);
  }
  // A spanning account none of whose postings are on this node's partitions is a partial
  // zero, not an account that never existed; so is a peer's part of a customer. A customer
  // this node holds whole and that has no posting never existed.
  const auto never = [&](const ledger::AccountBalance& b) {
    return b.postings == 0 && (!owned || (customer && owned->missing.empty() && !is_peer(p.caller)));
  };
  // Gathered from the other owners: a spanning account no partition has posted to is one
  // that never existed, as on one node.
  const auto gathered = [&](boost::json::object& body, std::size_t history_limit) -> std::optional<Response> {
    if (!ask_peers) return std::nullopt;
    gather_parts(ownership.peers, body, req, p.caller, history_limit);
    if (never_posted_anywhere(body))
      return error_response(req, http::status::not_found, "no_such_account", never_posted(account));
    return std::nullopt;
  };
  if (const auto as_of_text = p.query.find("as_of"); as_of_text != p.query.end()) {
    ledger::BalanceQuery query;
    query.as_of = BusinessDate::parse_iso(as_of_text->second);
    if (!query.as_of) return error_response(req, http::status::bad_request, "bad_date", "as_of must be YYYY-MM-DD");
    if (owned) query.partitions = owned->owned;
    auto balance = ledger.balance(account, query);
    if (!balance) return error_response(req, balance.error());
    if (never(*balance)) return error_response(req, http::status::not_found, "no_such_account", never_posted(account));
    boost::json::object body = balance_json(*balance);
    body["as_of"] = query.as_of->to_iso();
    if (owned) {
      add_partitions(body, *owned);
      if (auto none = gathered(body, 0)) return std::move(*none);
    }
    return json_response(req, http::status::ok, body);
  }
  auto view = read_view(ledger, account, *limit, owned);
  if (!view) return error_response(req, view.error());
  if (never(view->balance)) return error_response(req, http::status::not_found, "no_such_account", never_posted(account));
  boost::json::object body = balance_json(view->balance);
  boost::json::array lines;
  for (const auto& line : view->history) lines.push_back(history_json(line));
  body["entries"] = std::move(lines);
  if (customer) {
    if (auto added = add_customer_detail(body, ledger, log, account, view->history); !added.ok())
      return error_response(req, added.error());
    if (registry)
      if (auto added = add_scheduled_autopay(body, *registry, account); !added.ok())
        return error_response(req, added.error());
    if (owned) {
      add_partitions(body, *owned);
      if (auto none = gathered(body, *limit)) return std::move(*none);
    }
  } else {
    add_sources(body, log, view->history);
    if (owned) {
      add_partitions(body, *owned);
      if (auto none = gathered(body, *limit)) return std::move(*none);
    }
  }
  return json_response(req, http::status::ok, body);
}

}  // namespace

std::string never_posted(std::string_view account) {
  return fmt::format("{} has never had a posting", account);
}

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
          {"currency", std::string(line.currency.code())},
          {"balance_after_minor", line.balance_after_minor},
          {"event_id", line.event_id.to_hex()},
          {"event_type", events::type_name(static_cast<events::EventType>(line.event_type))},
          {"memo", line.memo}};
}

void add_account_routes(Router& router, const ledger::Ledger& ledger, const log::EventLog* log,
                        std::optional<Permission> permission, const ingest::FileRegistry* registry,
                        Ownership ownership) {
  router.add(http::verb::get, "/api/v1/accounts", permission,
             [&ledger, ownership](const Request& req, const RouteParams& p) {
               return account_list(ledger, ownership, req, p);
             });
  router.add(http::verb::get, "/api/v1/search", permission,
             [&ledger, ownership](const Request& req, const RouteParams& p) {
               return search(ledger, ownership, req, p);
             });
  router.add(http::verb::get, "/api/v1/accounts/{id}", permission,
             [&ledger, log, registry, ownership = std::move(ownership)](const Request& req, const RouteParams& p) {
               return account_detail(ledger, log, registry, ownership, req, p);
             });
}

}  // namespace tally::api
