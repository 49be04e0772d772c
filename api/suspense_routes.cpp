#include <charconv>

#include <fmt/format.h>

#include "api/account_peers.h"
#include "api/books_commands.h"
#include "api/peer_tokens.h"
#include "api/suspense_peers.h"
#include "core/accounts.h"
#include "api/command.h"
#include "core/money.h"
#include "ledger/suspense.h"
#include "ledger/suspense_apply.h"

namespace tally::api {
namespace {

constexpr std::size_t kDefaultLimit = 100, kMaxLimit = 10'000;
constexpr std::size_t kMaxAccountBytes = 100;

}  // namespace

boost::json::object suspense_json(const ledger::SuspenseItem& i) {
  return {{"event_id", i.payment_id.to_hex()},
          {"partition", i.partition.value()},
          {"business_date", i.business_date.days() == 0 ? std::string() : i.business_date.to_iso()},
          {"amount_minor", i.amount_minor},
          {"amount", Money(i.amount_minor, i.currency).to_string()},
          {"currency", std::string(i.currency.code())},
          {"channel", i.channel},
          {"clearing", i.clearing},
          {"payer_name", i.payer_name},
          {"reference", i.external_reference},
          {"check_number", i.check_number},
          {"remittance", i.remittance},
          {"deposit_reference", i.deposit_reference}};
}

boost::json::object applied_json(const ledger::SuspenseApplied& applied, std::string_view by) {
  boost::json::object body = suspense_json(applied.payment);
  body["applied_to"] = applied.account_id;
  body["application_event_id"] = applied.event_id.to_hex();
  body["by"] = by;
  return body;
}

void add_suspense_routes(Router& router, const BooksServices& s) {
  // Payments held in suspense are kept on the suspense account's partition: on Kafka its owner
  // answers (asked by another node, as for a customer's account).
  router.add(http::verb::get, "/api/v1/suspense", Permission::read,
             [&ledger = s.ledger, ownership = s.ownership](const Request& req, const RouteParams& p) {
    if (const auto owned = owned_view(ownership)) {
      const std::string held(accounts::kSuspense);
      if (auto why = not_owned_reason(ownership, *owned, held)) {
        if (ownership.peers.enabled() && !is_peer(p.caller))
          if (auto passed = ask_owner(ownership.peers, partition_of(ownership, held), req, p.caller))
            return std::move(*passed);
        return error_response(req, http::status::misdirected_request, "not_owner", *why);
      }
    }
    std::size_t limit = kDefaultLimit;
    if (auto it = p.query.find("limit"); it != p.query.end()) {
      const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), limit);
      if (ec != std::errc() || end != it->second.data() + it->second.size() || limit == 0 || limit > kMaxLimit)
        return error_response(req, http::status::bad_request, "bad_limit", fmt::format("limit must be 1..{}", kMaxLimit));
    }
    auto items = ledger::suspense_payments(ledger, limit);
    if (!items) return error_response(req, items.error());
    boost::json::array out;
    for (const auto& i : *items) out.push_back(suspense_json(i));
    return json_response(req, http::status::ok, boost::json::object{{"payments", out}});
  });
  // On Kafka the payment is checked on the suspense partition's books and the customer's bills
  // on the customer's, whichever nodes serve them (suspense_peers.h).
  router.add(http::verb::post, "/api/v1/suspense/{payment_id}/apply", Permission::suspense_apply,
             command(s.idempotency, [&log = s.log, &ledger = s.ledger, ownership = s.ownership](
                                        const Request& req, const RouteParams& p, const events::Actor& actor) {
               const auto id = EventId::from_hex(p.path.at("payment_id"));
               if (!id) return bad_field(req, "payment_id", "a payment id is 32 hex digits (GET /api/v1/suspense)");
               Fields f(req);
               ledger::SuspenseApplyRequest request;
               request.payment_id = *id;
               request.account = f.text("account", kMaxAccountBytes, true).value_or("");
               request.confirm_new_account = f.flag("confirm_new_account");
               request.actor = actor;
               if (f.failed()) return f.error(req);
               const ledger::SuspenseFacts facts =
                   ownership.whole() ? ledger::books_facts(ledger) : suspense_facts(ledger, ownership, actor.user);
               auto applied = ledger::apply_from_suspense(log, facts, request);
               if (!applied) return error_response(req, applied.error());
               return json_response(req, http::status::ok, applied_json(*applied, actor.user));
             }));
}

}  // namespace tally::api
