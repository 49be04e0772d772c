#include "ledger/command_support.h"

#include <algorithm>

#include <fmt/format.h>

#include "core/clock.h"
#include "ledger/errors.h"

namespace tally::ledger::detail {

Status check_command_actor(const events::Actor& actor) {
  if (Status checked = events::check_actor(actor); !checked)
    return ledger_error(LedgerErrc::invalid_argument, checked.error().message);
  return ok_status();
}

Status check_text(std::string_view value, std::string_view field, std::size_t max_bytes,
                  bool required) {
  if (required && value.empty())
    return ledger_error(LedgerErrc::invalid_argument, fmt::format("{}: required", field));
  if (value.size() > max_bytes)
    return ledger_error(LedgerErrc::invalid_argument,
                        fmt::format("{}: longer than {} bytes", field, max_bytes));
  const auto control = [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; };
  if (std::any_of(value.begin(), value.end(), control))
    return ledger_error(LedgerErrc::invalid_argument,
                        fmt::format("{}: contains a control character", field));
  return ok_status();
}

Result<std::vector<log::Appended>> append_events(log::EventLog& log,
                                                 std::span<const events::Envelope> events) {
  std::vector<std::string> values;
  values.reserve(events.size());
  for (const events::Envelope& e : events) values.push_back(events::encode(e));
  std::vector<log::AppendEntry> entries;
  entries.reserve(events.size());
  for (std::size_t i = 0; i < events.size(); ++i)
    entries.push_back(log::AppendEntry{events[i].partition_key(), values[i]});
  TALLY_TRY(std::vector<log::Appended> appended, log.append(entries));
  if (appended.size() != events.size())
    return ledger_error(LedgerErrc::log, fmt::format("the log acknowledged {} entries for {}",
                                                     appended.size(), events.size()));
  return appended;
}

Result<log::Appended> append_event(log::EventLog& log, const events::Envelope& event) {
  TALLY_TRY(std::vector<log::Appended> appended, append_events(log, std::span(&event, 1)));
  return appended.front();
}

}  // namespace tally::ledger::detail
