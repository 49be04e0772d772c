#include "ingest/autopay_mandates.h"

#include <algorithm>
#include <span>

#include <fmt/format.h>

#include "core/account_reference.h"
#include "core/accounts.h"
#include "core/clock.h"
#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/printable.h"
#include "formats/nacha/fields.h"
#include "ingest/card_scrubber.h"
#include "ingest/errors.h"
#include "ingest/file_context.h"

namespace tally::ingest {
namespace {

Error bad(std::string message) {
  return ingest_error(IngestErrc::bad_input, std::move(message));
}

Status check_who(const events::Actor& actor) {
  if (Status checked = events::check_actor(actor); !checked) return bad(checked.error().message);
  return ok_status();
}

Status check_text(std::string_view value, std::string_view field, std::size_t max_bytes) {
  if (value.empty()) return bad(fmt::format("{}: required", field));
  if (value.size() > max_bytes) return bad(fmt::format("{}: longer than {} bytes", field, max_bytes));
  const auto control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; };
  if (std::any_of(value.begin(), value.end(), control))
    return bad(fmt::format("{}: contains a control character", field));
  return ok_status();
}

Result<std::string> customer(std::string_view account) {
  const auto id = identify_account(account);
  if (!id)
    return bad(fmt::format("account: '{}' is not a customer account number",
                           printable(account.substr(0, 64))));
  return *id;
}

// Never echoes the number: a message may reach a log or a screen.
Status check_bank_account(const AutopayEnrolment& r) {
  if (!formats::nacha::routing_number_valid(r.routing_number))
    return bad("routing_number: not 9 digits with a valid ABA check digit");
  const bool digits = std::all_of(r.account_number.begin(), r.account_number.end(),
                                  [](char c) { return c >= '0' && c <= '9'; });
  if (!digits || r.account_number.size() < kMinBankAccountDigits ||
      r.account_number.size() > kMaxBankAccountDigits)
    return bad(fmt::format("account_number: must be {} to {} digits", kMinBankAccountDigits,
                           kMaxBankAccountDigits));
  if (r.account_type != "checking" && r.account_type != "savings")
    return bad("account_type: checking or savings");
  return check_text(r.holder_name, "holder_name", kMaxHolderNameBytes);
}

// Through the card scrubber like every event a file makes: a card number a person typed
// into a name is masked, never logged.
Result<log::Appended> append(log::EventLog& log, events::Envelope& e) {
  std::string value = events::encode(e);
  const ScrubOutcome scrubbed = scrub_card_numbers(e, value);
  if (!scrubbed.refused_field.empty())
    return bad(fmt::format("{}: holds a card number", scrubbed.refused_field));
  const log::AppendEntry entry{e.partition_key(), value};
  TALLY_TRY(std::vector<log::Appended> appended, log.append(std::span(&entry, 1)));
  if (appended.size() != 1)
    return ingest_error(IngestErrc::publish,
                        fmt::format("the log acknowledged {} entries for one", appended.size()));
  return appended.front();
}

// Scoped by user: two people's keys never name the same event; neither part holds a control
// character (check_actor), so the newline keeps them apart.
EventId command_event_id(std::string_view scope, const events::Actor& actor) {
  return events::command_id(std::string(scope) + ":" + actor.user + "\n" + events::command_key(actor));
}

}  // namespace

Result<MandateOutcome> enrol_autopay(log::EventLog& log, const IngestKeys& keys,
                                     const AutopayEnrolment& request) {
  TALLY_TRY_STATUS(check_who(request.actor));
  TALLY_TRY(std::string account_id, customer(request.account));
  TALLY_TRY_STATUS(check_bank_account(request));
  if (keys.sealing.size() != 32 || keys.account_hash.empty())
    return ingest_error(IngestErrc::io, "the sealing and account hash keys are not loaded");
  FileContext hashing;  // account_hash() reads only the key of a context
  hashing.account_hash_key = keys.account_hash;
  const EventId id = command_event_id("autopay-enrol", request.actor);
  events::Envelope e =
      events::command_envelope(id, events::AUTOPAY_ENROLLED, partition_key_for(account_id), request.business_date,
                               request.actor);
  auto* a = e.mutable_autopay_enrolled();
  a->set_account_id(account_id);
  a->set_routing_number(request.routing_number);
  a->set_account_last4(mask_last4(request.account_number));
  a->set_account_hash(account_hash(hashing, request.routing_number, request.account_number));
  a->set_account_number_sealed(
      seal_deterministic(keys.sealing, id.as_string_view(), request.account_number));
  a->set_account_type(request.account_type);
  a->set_holder_name(request.holder_name);
  TALLY_TRY(log::Appended appended, append(log, e));
  return MandateOutcome{id, std::move(account_id), a->account_last4(), appended};
}

Result<MandateOutcome> remove_autopay(log::EventLog& log, const AutopayRemovalRequest& request) {
  TALLY_TRY_STATUS(check_who(request.actor));
  TALLY_TRY(std::string account_id, customer(request.account));
  TALLY_TRY_STATUS(check_text(request.reason, "reason", kMaxRemovalReasonBytes));
  const EventId id = command_event_id("autopay-remove", request.actor);
  events::Envelope e =
      events::command_envelope(id, events::AUTOPAY_REMOVED, partition_key_for(account_id), request.business_date,
                               request.actor);
  auto* r = e.mutable_autopay_removed();
  r->set_account_id(account_id);
  r->set_reason(request.reason);
  TALLY_TRY(log::Appended appended, append(log, e));
  return MandateOutcome{id, std::move(account_id), "", appended};
}

}  // namespace tally::ingest
