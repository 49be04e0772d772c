#include "api/discrepancy_commands.h"

#include "api/command.h"
#include "core/money.h"

namespace tally::api {
namespace {

constexpr std::size_t kMaxNoteBytes = 1000;
constexpr std::size_t kMaxAccountBytes = 200;

// The resolution a body asks for; a 400 in `error` when a field is wrong.
std::optional<reconcile::Resolution> resolution_of(const Request& req, const Currency& currency, Response& error) {
  Fields f(req);
  reconcile::Resolution r;
  r.reason_code = f.text("reason", 40, true).value_or("");
  r.note = f.text("note", kMaxNoteBytes, false).value_or("");
  const auto amount = f.amount_minor("amount", currency, false);
  const auto debit = f.text("debit", kMaxAccountBytes, amount.has_value());
  const auto credit = f.text("credit", kMaxAccountBytes, amount.has_value());
  const auto approver = f.text("approver", kMaxIdBytes, amount.has_value());
  if (f.failed()) return error = f.error(req), std::nullopt;
  if (!reconcile::known_reason_code(r.reason_code))
    return error = bad_field(req, "reason", "reason is matched, written_off, bank_fee, bank_error, timing, duplicate or other"),
           std::nullopt;
  if (amount) {
    if (*amount <= 0) return error = bad_field(req, "amount", "amount must be above zero"), std::nullopt;
    events::BooksEntryPosted entry;
    entry.set_debit_account(*debit);
    entry.set_credit_account(*credit);
    entry.mutable_amount()->set_minor(*amount);
    entry.mutable_amount()->set_currency(std::string(currency.code()));
    entry.set_reason(r.note.empty() ? "resolution of a discrepancy" : r.note);
    entry.set_approver(*approver);
    r.entry = std::move(entry);
  }
  return r;
}

}  // namespace

std::string_view step_name(node::Step step) {
  switch (step) {
    case node::Step::acknowledge: return "acknowledge";
    case node::Step::resolve: return "resolve";
    case node::Step::reopen: return "reopen";
  }
  return "step";
}

boost::json::object step_json(std::string_view id, node::Step step, std::string_view by,
                              const reconcile::Resolution& resolution) {
  boost::json::object out{{"id", id}, {"step", step_name(step)}, {"by", by}};
  if (const auto& e = resolution.entry) {
    const Currency currency = Currency::from_code(e->amount().currency()).value_or(Currency::usd());
    out["entry"] = {{"amount", Money(e->amount().minor(), currency).to_string()},
                    {"currency", currency.code()},
                    {"debit", e->debit_account()},
                    {"credit", e->credit_account()},
                    {"approver", e->approver()}};
  }
  return out;
}

void add_discrepancy_commands(Router& router, const ledger::Ledger& ledger, reconcile::Reconciler& reconciler,
                              Idempotency& idempotency, Currency currency) {
  for (const node::Step step : {node::Step::acknowledge, node::Step::resolve, node::Step::reopen}) {
    router.add(http::verb::post, "/api/v1/discrepancies/{id}/" + std::string(step_name(step)), Permission::discrepancy_work,
               command(idempotency, [&ledger, &reconciler, currency, step](
                                        const Request& req, const RouteParams& p, const events::Actor& actor) {
                 reconcile::Resolution resolution;
                 if (step == node::Step::resolve) {
                   Response error;
                   auto asked = resolution_of(req, currency, error);
                   if (!asked) return error;
                   resolution = std::move(*asked);
                 } else {
                   Fields f(req);
                   resolution.note = f.text(step == node::Step::reopen ? "why" : "note", kMaxNoteBytes,
                                            step == node::Step::reopen).value_or("");
                   if (f.failed()) return f.error(req);
                 }
                 const std::string& id = p.path.at("id");
                 const Status done = node::step_discrepancy(ledger, reconciler, step, id, actor, resolution);
                 if (!done.ok()) return error_response(req, done.error());
                 return json_response(req, http::status::ok, step_json(id, step, actor.user, resolution));
               }));
  }
}

}  // namespace tally::api
