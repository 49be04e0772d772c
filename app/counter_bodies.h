// The JSON bodies of the counter's routes (api/counter_body.h), built from `tally counter`'s
// options. Only the options' shape is checked here (NUMBER:AMOUNT, CENTSxPIECES); the counter
// checks what the values mean, with the server or without it.
#pragma once

#include <boost/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tally::app {

struct CounterCliOptions {
  std::string drawer, session, to_session, request_id, by, idempotency_key;
  std::string float_count, declared, cash_count;                // open, close
  std::string account, amount, cash, payer, language;           // pay
  std::vector<std::string> checks, money_orders, cards, items;  // pay, close
  std::string reason, date, from, to, format;
  std::int32_t receipt = 0;
  bool supervisor = false, void_paper = false, json = false;
};

// A body, or nullopt with `usage` saying which option is malformed. The message never quotes
// the option's value: it may hold a card number typed in the wrong place.
using CounterBodyOf = std::optional<boost::json::object> (*)(const CounterCliOptions&,
                                                             std::string& usage);

std::optional<boost::json::object> open_body(const CounterCliOptions& o, std::string& usage);
std::optional<boost::json::object> pay_body(const CounterCliOptions& o, std::string& usage);
std::optional<boost::json::object> count_body(const CounterCliOptions& o, std::string& usage);
std::optional<boost::json::object> reason_body(const CounterCliOptions& o, std::string& usage);
std::optional<boost::json::object> paid_in_body(const CounterCliOptions& o, std::string& usage);
std::optional<boost::json::object> paid_out_body(const CounterCliOptions& o, std::string& usage);
std::optional<boost::json::object> transfer_body(const CounterCliOptions& o, std::string& usage);
std::optional<boost::json::object> empty_body(const CounterCliOptions& o, std::string& usage);

}  // namespace tally::app
