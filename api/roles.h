// Roles and what each may do. Every route names the one permission it needs (router.h); the
// table in role_allows() is the only place that says which role holds it, and the README's
// table is checked against it by a test.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace tally::api {

enum class Role : std::uint8_t { cashier, supervisor, finance, billing, admin, ingest, read_only };

enum class Permission : std::uint8_t {
  read,              // accounts, history, search, suspense, files, discrepancies, drawers, reports
  ingest_files,      // upload a bank or processor file
  suspense_apply,    // put a payment held in suspense on a customer's account
  adjust_request,    // ask for an adjustment to a customer's balance
  adjust_approve,    // approve someone else's adjustment (moves the money)
  discrepancy_work,  // acknowledge, resolve, reopen
  reconcile_decide,  // run the reconciler, confirm or reject its proposals
  autopay_manage,    // enrol and remove autopay, originate debits
  policy_set,        // fees and thresholds
  users_manage,      // add, disable, rotate users
  audit_read,        // who did what
  counter_operate,   // one's own drawer: open, take payments, ask for a void, paid-in/out,
                     // change-fund transfers, count and close
  counter_supervise, // approve a void, sign off a close, close another's or a stale drawer
};

inline constexpr Role kAllRoles[] = {Role::cashier, Role::supervisor, Role::finance, Role::billing,
                                     Role::admin,   Role::ingest,     Role::read_only};
inline constexpr Permission kAllPermissions[] = {
    Permission::read,          Permission::ingest_files,     Permission::suspense_apply,
    Permission::adjust_request, Permission::adjust_approve,  Permission::discrepancy_work,
    Permission::reconcile_decide, Permission::autopay_manage, Permission::policy_set,
    Permission::users_manage,  Permission::audit_read,       Permission::counter_operate,
    Permission::counter_supervise};

bool role_allows(Role role, Permission permission);
bool roles_allow(std::span<const Role> roles, Permission permission);

std::string_view role_name(Role role);            // "read-only"
std::optional<Role> parse_role(std::string_view name);
std::string_view permission_name(Permission p);   // "suspense_apply"

// A set of roles as bits, for the per-request check without allocation.
using RoleBits = std::uint8_t;
RoleBits role_bits(std::span<const Role> roles);
bool bits_allow(RoleBits roles, Permission permission);
std::vector<Role> roles_of(RoleBits roles);

}  // namespace tally::api
