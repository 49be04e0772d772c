// Posting rules: what each event does to the books. Pure decisions: a rule reads the
// ledger's state through a RuleContext and returns an Outcome; the Ledger writes it.
//
//   Plan     the event is accepted: its postings (summing to zero), memo, state changes,
//            index entries, and at most one return letter / autopay removal / policy.
//   Refusal  the event breaks a rule (negative amount, unknown currency, missing account,
//            a return for nothing, ...): nothing is applied; its code and detail
//            (ledger/refusal.h) are recorded as an INVALID_EVENT discrepancy.
//   Park     a return or chargeback whose payment has not arrived: kept until a payment
//            with that id or reference (WaitKind) is applied in the same partition.
//
// Related events (a payment, its return, chargeback, void or application from suspense)
// must share the payment's partition key: each partition's books are computed from that
// partition alone, so lookups never cross partitions.
//
// Accounts (DESIGN.md, "Ledger"; names built by core/accounts.h): customer:<id>,
// clearing:<channel>, drawer:<id>, bank:<id> (bank:default when a deposit names none;
// bank:vault is the office safe that drawer floats come from), transit:<channel>, suspense,
// revenue:billed, revenue:nsf-fees, expense:card-fees, expense:cash-over-short,
// expense:bank-fees, equity:opening-balances, adjustments.
//
// A declared deposit waits in transit:<channel>; only a confirmed reconciliation match
// (RECONCILE_MATCHED) moves it to bank:<id>, and a matched return-item or chargeback debit
// moves bank:<id> back to clearing:<channel>. So after a reconciled day bank:<id> equals the
// bank's own ledger balance.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/events/channels.h"
#include "core/events/codec.h"
#include "core/ids.h"
#include "core/result.h"
#include "ledger/command_records.h"
#include "ledger/policy.h"
#include "ledger/records.h"
#include "ledger/refusal.h"

namespace tally::ledger {

using tally::kMaxIdBytes;  // customer, drawer, bank ids in events (core/ids.h)

// The ledger's state as a rule sees it: everything applied before this event, in this
// event's partition, including earlier events of the same batch. Errors are storage
// failures (the batch is abandoned), never refusals.
class RuleContext {
 public:
  virtual ~RuleContext() = default;
  virtual PartitionId partition() const = 0;
  // A payment applied in this partition and where its money is now; nullopt if none.
  virtual Result<std::optional<PaymentState>> payment(const EventId& id) = 0;
  // Payments applied with this external reference, in the order they were applied.
  virtual Result<std::vector<EventId>> payments_by_reference(std::string_view reference) = 0;
  virtual Result<std::optional<ChargebackState>> chargeback(const EventId& id) = 0;
  virtual Result<std::vector<EventId>> chargebacks_by_case(std::string_view processor_case) = 0;
  virtual Result<std::optional<DrawerSession>> drawer_session(std::string_view session) = 0;
  virtual Result<AutopayState> autopay(std::string_view account) = 0;
  // An adjustment request applied in this partition (pending or approved); nullopt if none.
  virtual Result<std::optional<AdjustmentRequestState>> adjustment_request(const EventId& id) = 0;
  virtual const Policy& policy_at(BusinessDate date) = 0;
};

// What an event changes in the state later events read, typed: the ledger alone keys and
// encodes it (keys.h, records.h).
struct PaymentChange {
  EventId payment;
  PaymentState state;
};
struct ChargebackChange {
  EventId chargeback;
  ChargebackState state;
};
struct DrawerSessionChange {
  std::string session;
  DrawerSession state;
};
struct AutopayChange {
  std::string account;
  AutopayState state;
};
// An adjustment request kept (pending) or approved: keyed by its id; a pending one is listed
// under 'J' too (keys.h), and leaves that list when approved.
struct AdjustmentRequestChange {
  AdjustmentRequestState state;
};
// What a payment held in suspense said of itself (who paid, references, remittance).
struct SuspenseDetailChange {
  EventId payment;
  SuspenseDetail detail;
};
using StateChange = std::variant<PaymentChange, ChargebackChange, DrawerSessionChange, AutopayChange,
                                 AdjustmentRequestChange, SuspenseDetailChange>;

// An entry of the reference index: how a return finds its payment, and a reversal its
// chargeback, when the event names no id.
struct ReferenceEntry {
  // notice_of_change: the reference is the customer's account, so a person sees its notices.
  enum class Kind { payment, chargeback_case, notice_of_change } kind;
  std::string reference;
  EventId event;
};

struct PayerName {
  std::string account;  // "customer:<id>"
  std::string name;
};

struct Plan {
  std::vector<Posting> postings;
  std::string memo;
  std::vector<StateChange> state_changes;
  std::vector<ReferenceEntry> refs;
  std::optional<Policy> policy;
  std::optional<ReturnLetter> letter;
  std::optional<AutopayRemoval> removal;
  // The name a customer's payment came with: the account is found by it (search.h).
  std::optional<PayerName> payer_name;
  // Set for payments: parked events waiting for this id or reference are applied next.
  bool is_payment = false;
  std::string payment_reference;
};

struct Park {
  WaitKind wait_kind = WaitKind::kPaymentId;
  std::string wait_key;  // the payment's 16-byte event id, or its external reference
};

using Outcome = std::variant<Plan, Refusal, Park>;

// Decides what a decoded, validated envelope does. Deterministic: the same state and event
// give the same outcome.
Result<Outcome> plan_event(const events::Envelope& event, RuleContext& context);

using events::channel_name;  // the channel's name in clearing:<channel> (core/events/channels.h)

}  // namespace tally::ledger
