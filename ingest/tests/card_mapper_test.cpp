// Card settlement rows to events: sales, refunds, chargebacks and their reversals, and payouts
// that carry their batch's fees.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "core/events/event_ids.h"
#include "ingest/tests/mapper_test_support.h"

using namespace mapper_test;
using formats::Format;

namespace {

const std::string kHeader =
    "processor,batch_id,settlement_date,deposit_date,type,card_brand,last_four,auth_code,"
    "processor_reference,our_reference,gross,fees,net,currency,reason_code,case_id\n";

std::string row(std::string_view type, std::string_view ref, std::string_view our_ref,
                std::string_view gross, std::string_view fees, std::string_view net,
                std::string_view reason = "", std::string_view case_id = "",
                std::string_view batch = "B1") {
  return fmt::format("acme,{},2026-11-20,2026-11-22,{},visa,1111,A1B2C3,{},{},{},{},{},USD,{},{}\n",
                     batch, type, ref, our_ref, gross, fees, net, reason, case_id);
}

// One batch: two sales (one to an unknown account), a partial refund, a chargeback and its
// reversal, a fee, and the payout of the batch's net: 97.50 + 48.75 - 20.00 - 45.00 + 30.00
// - 5.00 = 106.25. Fees 2.50 + 1.25 + 15.00 + 5.00 = 23.75; gross 100 + 50 - 20 - 30 + 30 = 130.
std::string batch_file() {
  return kHeader + row("sale", "T1", "1001-2345", "100.00", "2.50", "97.50") +
         row("sale", "T2", "hello", "50.00", "1.25", "48.75") +
         row("refund", "T1", "1001-2345", "-20.00", "0.00", "-20.00") +
         row("chargeback", "T3", "1001-2345", "-30.00", "15.00", "-45.00", "10.4", "CB-77") +
         row("chargeback_reversal", "T3", "1001-2345", "30.00", "0.00", "30.00", "", "CB-77") +
         row("fee", "F1", "", "0", "5.00", "-5.00") +
         row("payout", "PO-1", "", "106.25", "0", "106.25");
}

}  // namespace

TEST_CASE("card mapper: a sale is a card payment to the customer of our reference", "[ingest][card]") {
  const Mapped m = run(Format::card, batch_file());
  REQUIRE(m.map.accepted);
  const auto sales = of_type(m.events, events::PAYMENT_RECEIVED);
  REQUIRE(sales.size() == 2);
  const auto& p = sales[0]->payment_received();
  CHECK(p.channel() == events::CARD);
  CHECK(p.account_id() == "10012345");
  CHECK(sales[0]->partition_key() == "customer:10012345");
  CHECK(p.amount().minor() == 10000);  // the gross: what the customer paid
  CHECK(p.amount().currency() == "USD");
  CHECK(p.external_reference() == "T1");
  CHECK(p.deposit_reference() == "card:acme:B1");
  CHECK(p.method().method() == events::MethodDetails::CARD);
  CHECK(p.method().card_brand() == "visa");
  CHECK(p.method().card_last4() == "1111");
  CHECK(p.method().auth_code() == "A1B2C3");
  CHECK(sales[0]->id() == id_bytes(events::card_transaction_id("acme", "T1:sale")));
  CHECK(sales[1]->payment_received().account_id().empty());
  CHECK(sales[1]->partition_key() == "suspense");
  CHECK(summary_int(m.map, "payments_posted") == 2);
}

TEST_CASE("card mapper: a refund returns part of its payment, on the payment's partition",
          "[ingest][card]") {
  const auto events = map_accepted(Format::card, batch_file());
  const auto refunds = of_type(events, events::PAYMENT_RETURNED);
  REQUIRE(refunds.size() == 1);
  const auto& r = refunds[0]->payment_returned();
  CHECK(r.original_reference() == "T1");
  CHECK(r.original_channel() == events::CARD);
  CHECK(r.return_code() == "REFUND");
  CHECK(r.amount().minor() == 2000);  // positive: the amount given back
  CHECK(r.account_id() == "10012345");
  CHECK(refunds[0]->partition_key() == of_type(events, events::PAYMENT_RECEIVED)[0]->partition_key());
  // The sale and its refund share the processor reference, never the id.
  CHECK(refunds[0]->id() == id_bytes(events::card_transaction_id("acme", "T1:refund")));
  CHECK(refunds[0]->id() != of_type(events, events::PAYMENT_RECEIVED)[0]->id());
}

TEST_CASE("card mapper: chargebacks and reversals", "[ingest][card]") {
  const auto events = map_accepted(Format::card, batch_file());
  const auto chargebacks = of_type(events, events::CHARGEBACK_RECEIVED);
  REQUIRE(chargebacks.size() == 1);
  const auto& c = chargebacks[0]->chargeback_received();
  CHECK(c.processor() == "acme");
  CHECK(c.case_id() == "CB-77");
  CHECK(c.processor_reference() == "T3");
  CHECK(c.reason_code() == "10.4");
  CHECK(c.amount().minor() == 3000);  // the chargeback's fee goes with the payout's fees
  CHECK(c.account_id() == "10012345");
  CHECK(c.card_last4() == "1111");
  const auto reversals = of_type(events, events::CHARGEBACK_REVERSED);
  REQUIRE(reversals.size() == 1);
  CHECK(reversals[0]->chargeback_reversed().case_id() == "CB-77");
  CHECK(reversals[0]->chargeback_reversed().amount().minor() == 3000);
  CHECK(reversals[0]->id() != chargebacks[0]->id());
}

TEST_CASE("card mapper: the payout declares the batch's gross, fees and net", "[ingest][card]") {
  const auto events = map_accepted(Format::card, batch_file());
  CHECK(events.size() == 6);  // the fee row has no event of its own
  const auto payouts = of_type(events, events::DEPOSIT_DECLARED);
  REQUIRE(payouts.size() == 1);
  const auto& d = payouts[0]->deposit_declared();
  CHECK(d.kind() == events::DepositDeclared::CARD_PAYOUT);
  CHECK(d.channel() == events::CARD);
  CHECK(d.processor() == "acme");
  CHECK(d.net().minor() == 10625);
  CHECK(d.fees().minor() == 2375);
  CHECK(d.gross().minor() == 13000);  // what clearing:card holds for the batch
  CHECK(d.item_count() == 6);
  CHECK(d.deposit_reference() == "card:acme:B1");
  CHECK(d.deposit_date() == BusinessDate::parse_iso("2026-11-22")->days());
  CHECK(payouts[0]->partition_key() == "deposit:card:acme:B1");
  CHECK(ids_distinct(events));
}

TEST_CASE("card mapper: a payout read before its batch's rows still gets their fees",
          "[ingest][card]") {
  const std::string file = kHeader + row("payout", "PO-1", "", "97.50", "0", "97.50") +
                           row("sale", "T1", "1001", "100.00", "2.50", "97.50");
  const auto events = map_accepted(Format::card, file);
  const auto payouts = of_type(events, events::DEPOSIT_DECLARED);
  REQUIRE(payouts.size() == 1);
  CHECK(payouts[0]->deposit_declared().fees().minor() == 250);
  CHECK(payouts[0]->deposit_declared().gross().minor() == 10000);
}

TEST_CASE("card mapper: ids are stable, rows repeating a key get their own ids", "[ingest][card]") {
  const auto first = map_accepted(Format::card, batch_file());
  const auto second = map_accepted(Format::card, batch_file(), context(std::string(64, 'd')));
  CHECK(same_ids(first, second));

  // Two partial refunds of one payment, in a layout without modification references.
  const std::string file = kHeader + row("sale", "T1", "1001", "100.00", "0", "100.00") +
                           row("refund", "T1", "1001", "-10.00", "0", "-10.00") +
                           row("refund", "T1", "1001", "-10.00", "0", "-10.00");
  const Mapped m = run(Format::card, file);
  REQUIRE(m.events.size() == 3);
  CHECK(ids_distinct(m.events));
  CHECK(m.events[2].id() == id_bytes(events::card_transaction_id("acme", "T1:refund#2")));
  CHECK(has_warning(m.map, "repeated_reference"));
  CHECK(has_warning(m.map, "no_payout"));
}

TEST_CASE("card mapper: Adyen rows are keyed by PSP and modification reference", "[ingest][card]") {
  const std::string header =
      "Company Account,Merchant Account,Psp Reference,Merchant Reference,Payment Method,"
      "Creation Date,Type,Modification Reference,Gross Currency,Gross Debit (GC),"
      "Gross Credit (GC),Net Currency,Net Debit (NC),Net Credit (NC),Commission (NC),"
      "Batch Number\n";
  const std::string file =
      header +
      "CityCOM,CityECOM,8816178952380559,ACCT-1001,visa,2026-11-20 19:58:55,Settled,MOD1,USD,,"
      "100.00,USD,,97.90,2.10,42\n"
      "CityCOM,CityECOM,8816178952380559,ACCT-1001,visa,2026-11-21 10:00:00,Refunded,MOD2,USD,"
      "20.00,,USD,20.00,,,42\n";
  const auto events = map_accepted(Format::card, file);
  REQUIRE(events.size() == 2);
  CHECK(events[0].id() == id_bytes(events::card_transaction_id("adyen", "8816178952380559:MOD1")));
  CHECK(events[1].id() == id_bytes(events::card_transaction_id("adyen", "8816178952380559:MOD2")));
  CHECK(events[0].payment_received().account_id() == "ACCT1001");
  CHECK(events[1].payment_returned().original_reference() == "8816178952380559");
  CHECK(events[1].partition_key() == events[0].partition_key());
}

TEST_CASE("card mapper: check and map agree on a refused file", "[ingest][card]") {
  const std::string mismatch = kHeader + row("sale", "T1", "1001", "100.00", "2.50", "97.50") +
                               row("payout", "PO-1", "", "99.00", "0", "99.00");
  const Mapped m = run(Format::card, mismatch);
  CHECK_FALSE(m.check.accepted);
  CHECK_FALSE(m.map.accepted);  // intake maps only what check accepted
  const Mapped garbage = run(Format::card, "not,a,card,file\n1,2,3,4\n");
  CHECK_FALSE(garbage.map.accepted);
  CHECK(garbage.events.empty());
}

TEST_CASE("card mapper: rows that are not card payments are not posted and are counted",
          "[ingest][card]") {
  // A sale, a balance transfer out and a reserve release, and the payout of all three:
  // 97.50 - 40.00 + 10.00 = 67.50.
  const std::string file = kHeader + row("sale", "T1", "1001-2345", "100.00", "2.50", "97.50") +
                           row("balance_transfer", "", "1001-2345", "", "", "-40.00") +
                           row("reserve", "RSV-1", "", "", "", "10.00") +
                           row("payout", "PO-1", "", "67.50", "0", "67.50");
  const Mapped m = run(Format::card, file);
  REQUIRE(m.map.accepted);
  CHECK(of_type(m.events, events::PAYMENT_RECEIVED).size() == 1);
  CHECK(of_type(m.events, events::PAYMENT_RETURNED).empty());
  CHECK(of_type(m.events, events::DEPOSIT_DECLARED).size() == 1);
  CHECK(m.events.size() == 2);
  CHECK(summary_int(m.map, "payments_posted") == 1);
  CHECK(summary_int(m.map, "other_rows_not_posted") == 2);
  CHECK(summary_int(m.map, "other_rows") == 2);
  CHECK(summary_int(m.map, "other_minor") == -3000);
  bool warned = false;
  for (const auto& w : m.map.warnings) warned = warned || w.code == "other_rows_not_posted";
  CHECK(warned);
}

TEST_CASE("card mapper: rows of another merchant account are not posted and are summed per account",
          "[ingest][card]") {
  // A company-wide report: the utility's batch (a sale and its payout) and a parking office's
  // (a sale, a refund and their payout). Only the utility's rows are its money.
  const std::string header =
      "processor,merchant,batch_id,settlement_date,type,processor_reference,our_reference,gross,fees,net,currency\n";
  const std::string file = header +
                           "acme,CityWater,B1,2026-11-20,sale,T1,1001-2345,100.00,2.50,97.50,USD\n"
                           "acme,CityWater,B1,2026-11-20,payout,PO-1,,97.50,0,97.50,USD\n"
                           "acme,CityParking,B2,2026-11-20,sale,P1,,40.00,1.00,39.00,USD\n"
                           "acme,CityParking,B2,2026-11-20,refund,P1,,-10.00,0,-10.00,USD\n"
                           "acme,CityParking,B2,2026-11-20,payout,PO-2,,29.00,0,29.00,USD\n";
  FileContext ours = context();
  ours.card_merchant_accounts = {"citywater"};  // the configured name, in another case
  const Mapped m = run(Format::card, file, ours);
  REQUIRE(m.map.accepted);
  REQUIRE(of_type(m.events, events::PAYMENT_RECEIVED).size() == 1);
  CHECK(of_type(m.events, events::PAYMENT_RECEIVED)[0]->payment_received().external_reference() == "T1");
  CHECK(of_type(m.events, events::PAYMENT_RETURNED).empty());
  REQUIRE(of_type(m.events, events::DEPOSIT_DECLARED).size() == 1);
  CHECK(of_type(m.events, events::DEPOSIT_DECLARED)[0]->deposit_declared().net().minor() == 9750);
  CHECK(summary_int(m.map, "other_merchant_rows_not_posted") == 3);
  bool named = false;
  for (const auto& w : m.map.warnings)
    named = named || (w.code == "other_merchant_not_posted" && w.message.find("CityParking") != std::string::npos &&
                      w.message.find("3 row(s)") != std::string::npos && w.message.find("2900") != std::string::npos);
  CHECK(named);

  // Without the setting every row is the utility's, as before.
  const Mapped all = run(Format::card, file);
  REQUIRE(all.map.accepted);
  CHECK(of_type(all.events, events::PAYMENT_RECEIVED).size() == 2);
  CHECK(of_type(all.events, events::DEPOSIT_DECLARED).size() == 2);
  CHECK(summary_int(all.map, "other_merchant_rows_not_posted") == 0);
}
