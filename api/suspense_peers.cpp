#include "api/suspense_peers.h"

#include <algorithm>

#include <boost/json.hpp>
#include <fmt/format.h>

#include "api/errors.h"
#include "core/accounts.h"
#include "core/events/codec.h"
#include "ledger/suspense.h"

namespace tally::api {
namespace {

// How many of the customer's newest lines are read for a bill, as ledger::billed_customer.
constexpr std::size_t kBillLines = ledger::kKnownCustomerLines;
constexpr std::size_t kMaxHeld = 10'000;  // the suspense list's largest page

bool serves(const Ownership& ownership, PartitionId partition) {
  const auto view = owned_view(ownership);
  return !view || std::binary_search(view->owned.begin(), view->owned.end(), partition);
}

// The owner's answer to GET `target`, parsed: a 200 with a JSON object, or nullopt for a 404.
Result<std::optional<boost::json::object>> ask(const Ownership& ownership, PartitionId partition,
                                               const std::string& target, const std::string& user) {
  const auto owners = ownership.peers.enabled() ? ownership.peers.owners() : std::map<PartitionId, PeerNode>{};
  const auto owner = owners.find(partition);
  if (owner == owners.end() || owner->second.url.empty())
    return api_error(ApiErrc::not_owner,
                     fmt::format("partition {} is served by no node that can be asked now; try again", partition.value()));
  const PeerNode& peer = owner->second;
  auto answer = ownership.peers.ask(peer, target, user);
  if (!answer)
    return api_error(ApiErrc::owner_unreachable, fmt::format("partition {} is served by {}, which did not answer: {}",
                                                            partition.value(), peer.node, answer.error().message));
  if (answer->status == 404) return std::optional<boost::json::object>();
  boost::system::error_code ec;
  boost::json::value body = boost::json::parse(answer->body, ec);
  if (ec || answer->status != 200 || !body.is_object())
    return api_error(ApiErrc::owner_unreachable,
                     fmt::format("partition {} is served by {}, which answered {}", partition.value(), peer.node,
                                 answer->status));
  return std::optional<boost::json::object>(std::move(body.as_object()));
}

std::string text_at(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

// A payment as the owner's suspense list shows it (api/suspense_routes.cpp), or nullopt when
// the entry is not one.
std::optional<ledger::SuspenseItem> held_item(const boost::json::object& o) {
  const auto id = EventId::from_hex(text_at(o, "event_id"));
  const auto* amount = o.if_contains("amount_minor");
  const auto currency = Currency::from_code(text_at(o, "currency"));
  if (!id || !amount || !amount->is_int64() || !currency) return std::nullopt;
  ledger::SuspenseItem item;
  item.payment_id = *id;
  item.amount_minor = amount->as_int64();
  item.currency = *currency;
  if (const auto* p = o.if_contains("partition"); p && p->is_int64() && p->as_int64() >= 0)
    item.partition = PartitionId(static_cast<std::uint32_t>(p->as_int64()));
  item.clearing = text_at(o, "clearing");
  item.channel = text_at(o, "channel");
  if (auto date = BusinessDate::parse_iso(text_at(o, "business_date"))) item.business_date = *date;
  item.payer_name = text_at(o, "payer_name");
  item.external_reference = text_at(o, "reference");
  item.check_number = text_at(o, "check_number");
  item.remittance = text_at(o, "remittance");
  item.deposit_reference = text_at(o, "deposit_reference");
  return item;
}

}  // namespace

ledger::SuspenseFacts suspense_facts(const ledger::Ledger& ledger, const Ownership& ownership, std::string user) {
  ledger::SuspenseFacts facts;
  facts.held = [&ledger, ownership, user](const EventId& payment_id) -> Result<std::optional<ledger::SuspenseItem>> {
    const PartitionId partition = partition_of(ownership, std::string(accounts::kSuspense));
    if (serves(ownership, partition)) return ledger::find_in_suspense(ledger, payment_id);
    TALLY_TRY(auto list, ask(ownership, partition, fmt::format("/api/v1/suspense?limit={}", kMaxHeld), user));
    const auto* payments = list ? list->if_contains("payments") : nullptr;
    if (!payments || !payments->is_array())
      return api_error(ApiErrc::owner_unreachable, "the suspense account's node answered without a list of payments");
    const std::string wanted = payment_id.to_hex();
    for (const auto& p : payments->as_array())
      if (p.is_object() && text_at(p.as_object(), "event_id") == wanted) return held_item(p.as_object());
    return std::optional<ledger::SuspenseItem>();
  };
  facts.billed = [&ledger, ownership, user](std::string_view customer_id) -> Result<bool> {
    const std::string account = accounts::customer(customer_id);
    const PartitionId partition = partition_of(ownership, account);
    if (serves(ownership, partition)) return ledger::billed_customer(ledger, customer_id);
    // An identified account is letters and digits only (core/account_reference.h): a path as it is.
    const std::string target = fmt::format("/api/v1/accounts/{}?limit={}", customer_id, kBillLines);
    TALLY_TRY(auto answer, ask(ownership, partition, target, user));
    if (!answer) return false;  // never posted to: never billed
    const auto* entries = answer->if_contains("entries");
    if (!entries || !entries->is_array()) return false;
    if (entries->as_array().size() >= kBillLines) return true;
    const std::string bill(events::type_name(events::BILL_ISSUED));
    return std::any_of(entries->as_array().begin(), entries->as_array().end(), [&](const boost::json::value& line) {
      return line.is_object() && text_at(line.as_object(), "event_type") == bill;
    });
  };
  return facts;
}

}  // namespace tally::api
