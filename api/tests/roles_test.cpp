// The README's table of roles is the code's: each row is a permission, each column a role.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "api/roles.h"

using namespace tally::api;

namespace {

std::vector<std::string> cells(const std::string& row) {
  std::vector<std::string> out;
  std::stringstream in(row);
  std::string cell;
  std::getline(in, cell, '|');  // before the first bar
  while (std::getline(in, cell, '|')) {
    const auto first = cell.find_first_not_of(' ');
    const auto last = cell.find_last_not_of(' ');
    out.push_back(first == std::string::npos ? std::string() : cell.substr(first, last - first + 1));
  }
  return out;
}

}  // namespace

TEST_CASE("the README's role table says what role_allows says", "[api][roles]") {
  const char* source = std::getenv("TALLY_SOURCE_DIR");
  REQUIRE(source != nullptr);
  std::ifstream readme(std::string(source) + "/README.md");
  REQUIRE(readme.good());
  std::map<std::string, std::vector<std::string>> rows;
  std::vector<std::string> header;
  for (std::string line; std::getline(readme, line);) {
    if (line.starts_with("| may ")) header = cells(line);
    for (Permission p : kAllPermissions)
      if (line.starts_with("| `" + std::string(permission_name(p)) + "`")) rows[std::string(permission_name(p))] = cells(line);
  }
  REQUIRE(header.size() >= 8);
  for (std::size_t i = 0; i < 7; ++i) CHECK(header[i + 1] == role_name(kAllRoles[i]));
  for (Permission p : kAllPermissions) {
    INFO(permission_name(p));
    REQUIRE(rows.count(std::string(permission_name(p))) == 1);
    const auto& row = rows.at(std::string(permission_name(p)));
    REQUIRE(row.size() >= 8);
    for (std::size_t i = 0; i < 7; ++i) {
      INFO(role_name(kAllRoles[i]));
      CHECK((row[i + 1] == "yes") == role_allows(kAllRoles[i], p));
      CHECK((row[i + 1] == "yes" || row[i + 1].empty()));
    }
  }
}

TEST_CASE("roles: names round-trip and admin may do everything", "[api][roles]") {
  for (Role r : kAllRoles) CHECK(parse_role(role_name(r)) == r);
  CHECK_FALSE(parse_role("root").has_value());
  for (Permission p : kAllPermissions) CHECK(role_allows(Role::admin, p));
  CHECK(roles_of(role_bits(std::array{Role::finance, Role::cashier})) == std::vector<Role>{Role::cashier, Role::finance});
}
