#include "api/account_peers.h"

#include <algorithm>
#include <cstdint>
#include <set>

#include <spdlog/spdlog.h>

#include <fmt/format.h>

#include "core/currency.h"
#include "core/money.h"

namespace tally::api {
namespace {

std::string_view target_of(const Request& request) { return {request.target().data(), request.target().size()}; }

// The partitions listed under `key`, or nullopt when it is not a list of partition numbers.
std::optional<std::set<std::uint32_t>> partition_set(const boost::json::object& body, std::string_view key) {
  const auto* list = body.if_contains(key);
  if (!list || !list->is_array()) return std::nullopt;
  std::set<std::uint32_t> out;
  for (const auto& v : list->as_array()) {
    if (v.is_uint64()) out.insert(static_cast<std::uint32_t>(v.as_uint64()));
    else if (v.is_int64() && v.as_int64() >= 0) out.insert(static_cast<std::uint32_t>(v.as_int64()));
    else return std::nullopt;
  }
  return out;
}

boost::json::array array_of(const std::set<std::uint32_t>& partitions) {
  boost::json::array out;
  for (const std::uint32_t p : partitions) out.push_back(p);
  return out;
}

// A whole number, however the JSON holds it (our own answers hold counts as unsigned).
std::optional<std::int64_t> int_at(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
    return static_cast<std::int64_t>(v->as_uint64());
  return std::nullopt;
}

// Newest first: by business day, then the line's place in its partition.
bool newer(const boost::json::value& a, const boost::json::value& b) {
  const auto& x = a.as_object();
  const auto& y = b.as_object();
  const auto day = [](const boost::json::object& o) {
    const auto* d = o.if_contains("business_date");
    return d && d->is_string() ? std::string(d->as_string()) : std::string();
  };
  if (day(x) != day(y)) return day(x) > day(y);
  if (int_at(x, "partition") != int_at(y, "partition")) return int_at(x, "partition") < int_at(y, "partition");
  return int_at(x, "sequence") > int_at(y, "sequence");
}

void add_peer_error(boost::json::object& body, const PeerNode& peer, std::string reason) {
  auto& errors = body["peer_errors"];
  if (!errors.is_array()) errors = boost::json::array();
  errors.as_array().push_back(boost::json::object{{"node", peer.node}, {"reason", std::move(reason)}});
}

}  // namespace

std::optional<Response> ask_owner(const Peers& peers, PartitionId partition, const Request& request,
                                  const Caller& caller) {
  const std::map<PartitionId, PeerNode> owners = peers.owners();
  const auto owner = owners.find(partition);
  if (owner == owners.end() || owner->second.url.empty()) return std::nullopt;
  const PeerNode& peer = owner->second;
  auto answer = peers.ask(peer, std::string(target_of(request)), caller.user);
  if (!answer) {
    spdlog::warn("asking {} for partition {}: {}", peer.node, partition.value(), answer.error().message);
    return error_response(request, http::status::service_unavailable, "owner_unreachable",
                          fmt::format("partition {} is served by {}, which did not answer: {}", partition.value(),
                                      peer.node, answer.error().message));
  }
  Response passed{static_cast<http::status>(answer->status), request.version()};
  passed.set(http::field::content_type, answer->content_type.empty() ? "application/json" : answer->content_type);
  passed.set(kAnsweredByHeader, peer.node);
  passed.keep_alive(request.keep_alive());
  passed.body() = std::move(answer->body);
  passed.prepare_payload();
  return passed;
}

bool take_partitions(boost::json::object& body, const boost::json::object& part) {
  auto covered = partition_set(body, "partitions"), missing = partition_set(body, "partitions_missing");
  const auto theirs = partition_set(part, "partitions");
  if (!covered || !missing || !theirs) return false;
  for (const std::uint32_t p : *theirs)
    if (!missing->contains(p)) return false;  // counted already, or not a partition of the topic
  for (const std::uint32_t p : *theirs) {
    missing->erase(p);
    covered->insert(p);
  }
  body["partitions"] = array_of(*covered);
  body["partitions_missing"] = array_of(*missing);
  return true;
}

bool merge_part(boost::json::object& body, const boost::json::object& part, std::size_t history_limit) {
  const auto balance = int_at(body, "balance_minor"), part_balance = int_at(part, "balance_minor");
  const auto postings = int_at(body, "postings"), part_postings = int_at(part, "postings");
  if (!balance || !part_balance || !postings || !part_postings) return false;
  if (!take_partitions(body, part)) return false;
  body["balance_minor"] = *balance + *part_balance;
  body["postings"] = *postings + *part_postings;
  const auto* code = body.if_contains("currency");
  const auto currency = code && code->is_string() ? Currency::from_code(code->as_string()) : std::nullopt;
  body["balance"] = Money(*balance + *part_balance, currency.value_or(Currency::usd())).to_string();

  const auto* mine = body.if_contains("entries");
  const auto* more = part.if_contains("entries");
  if (mine && mine->is_array() && more && more->is_array()) {
    boost::json::array lines = mine->as_array();
    for (const auto& line : more->as_array())
      if (line.is_object()) lines.push_back(line);
    std::stable_sort(lines.begin(), lines.end(), newer);
    if (lines.size() > history_limit) lines.erase(lines.begin() + static_cast<std::ptrdiff_t>(history_limit), lines.end());
    body["entries"] = std::move(lines);
  }
  return true;
}

void gather_from_owners(const Peers& peers, boost::json::object& body, const Request& request, const Caller& caller,
                        const MergePart& merge) {
  const auto missing = partition_set(body, "partitions_missing");
  if (!missing || missing->empty()) return;
  // Each owner once, asked for its whole part.
  std::map<std::string, PeerNode> asked;
  for (const auto& [partition, peer] : peers.owners())
    if (missing->contains(partition.value()) && !peer.url.empty()) asked.emplace(peer.node, peer);
  boost::json::array answered_by;
  for (const auto& [name, peer] : asked) {
    auto answer = peers.ask(peer, std::string(target_of(request)), caller.user);
    if (!answer) {
      add_peer_error(body, peer, answer.error().message);
      continue;
    }
    boost::system::error_code ec;
    const boost::json::value part = boost::json::parse(answer->body, ec);
    if (ec || answer->status != 200 || !part.is_object()) {
      add_peer_error(body, peer, fmt::format("answered {}", answer->status));
      continue;
    }
    if (!merge(body, part.as_object())) {
      add_peer_error(body, peer, "its partitions changed owner while asked; ask again");
      continue;
    }
    answered_by.push_back(boost::json::string(name));
  }
  body["answered_by"] = std::move(answered_by);
}

void gather_parts(const Peers& peers, boost::json::object& body, const Request& request, const Caller& caller,
                  std::size_t history_limit) {
  gather_from_owners(peers, body, request, caller, [history_limit](boost::json::object& b, const boost::json::object& part) {
    return merge_part(b, part, history_limit);
  });
}

}  // namespace tally::api
