#include "core/accounts.h"

#include <algorithm>
#include <array>
#include <utility>

#include "core/ids.h"

namespace tally::accounts {
namespace {

constexpr char kSeparator = ':';

// The kinds written "<prefix>:<id>".
constexpr std::array<std::pair<std::string_view, AccountKind>, 8> kPrefixed = {{
    {"customer", AccountKind::kCustomer},
    {"clearing", AccountKind::kClearing},
    {"drawer", AccountKind::kDrawer},
    {"bank", AccountKind::kBank},
    {"transit", AccountKind::kTransit},
    {"revenue", AccountKind::kRevenue},
    {"expense", AccountKind::kExpense},
    {"equity", AccountKind::kEquity},
}};

std::string join(std::string_view prefix, std::string_view id) {
  std::string name;
  name.reserve(prefix.size() + 1 + id.size());
  name.append(prefix);
  name.push_back(kSeparator);
  name.append(id);
  return name;
}

bool valid_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxIdBytes && std::none_of(id.begin(), id.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

}  // namespace

std::string customer(std::string_view id) {
  return join("customer", id);
}
std::string clearing(std::string_view channel) {
  return join("clearing", channel);
}
std::string drawer(std::string_view id) {
  return join("drawer", id);
}
std::string bank(std::string_view id) {
  return join("bank", id);
}
std::string transit(std::string_view channel) {
  return join("transit", channel);
}

bool takes_books_entries(std::string_view name) {
  const auto parsed = parse(name);
  if (!parsed) return false;
  switch (parsed->kind) {
    case AccountKind::kBank:
    case AccountKind::kTransit:
    case AccountKind::kClearing:
    case AccountKind::kExpense:
    case AccountKind::kRevenue:
    case AccountKind::kEquity:
    case AccountKind::kAdjustments:
      return true;
    case AccountKind::kCustomer:
    case AccountKind::kDrawer:
    case AccountKind::kSuspense:
      return false;
  }
  return false;
}

std::optional<AccountName> parse(std::string_view name) {
  if (name == kSuspense) return AccountName{AccountKind::kSuspense, {}};
  if (name == kAdjustments) return AccountName{AccountKind::kAdjustments, {}};
  const std::size_t colon = name.find(kSeparator);
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view prefix = name.substr(0, colon);
  const std::string_view id = name.substr(colon + 1);
  if (!valid_id(id)) return std::nullopt;
  for (const auto& [known, kind] : kPrefixed)
    if (prefix == known) return AccountName{kind, std::string(id)};
  return std::nullopt;
}

}  // namespace tally::accounts
