// What a Kafka node checks an application from suspense against (ledger/suspense_apply.h) when
// the books it needs are on other nodes. The payment is held on the suspense account's
// partition, and the customer's bills are on the customer's: each is read from this node's
// books when it serves that partition, else asked of the node that does, with a peer token
// for the person applying (account_peers.h): the held payment from its owner's
// GET /api/v1/suspense, the bills from GET /api/v1/accounts/{id}.
//
// The check is the command's; the suspense partition's posting rule checks again when it
// applies the event, so an answer a moment old never applies a payment twice.
#pragma once

#include <string>

#include "api/ownership.h"
#include "ledger/ledger.h"
#include "ledger/suspense_apply.h"

namespace tally::api {

// Errors beside the ledger's: ApiErrc::not_owner when no node serves a partition needed now,
// owner_unreachable when its node does not answer or answers in a way that is not a list.
ledger::SuspenseFacts suspense_facts(const ledger::Ledger& ledger, const Ownership& ownership, std::string user);

}  // namespace tally::api
