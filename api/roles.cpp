#include "api/roles.h"

#include <algorithm>

namespace tally::api {

bool role_allows(Role role, Permission permission) {
  using P = Permission;
  switch (role) {
    case Role::admin:
      return true;
    case Role::read_only:
      return permission == P::read;
    case Role::ingest:  // the daily file run's machine account
      return permission == P::read || permission == P::ingest_files;
    case Role::cashier:
      return permission == P::read || permission == P::counter_operate;
    case Role::billing:
      return permission == P::read || permission == P::ingest_files || permission == P::suspense_apply ||
             permission == P::adjust_request || permission == P::autopay_manage;
    case Role::supervisor:
      return permission == P::read || permission == P::suspense_apply || permission == P::adjust_request ||
             permission == P::adjust_approve || permission == P::discrepancy_work ||
             permission == P::audit_read || permission == P::counter_operate ||
             permission == P::counter_supervise;
    case Role::finance:
      return permission == P::read || permission == P::adjust_approve ||
             permission == P::discrepancy_work || permission == P::reconcile_decide ||
             permission == P::audit_read;
  }
  return false;
}

bool roles_allow(std::span<const Role> roles, Permission permission) {
  return std::any_of(roles.begin(), roles.end(), [&](Role r) { return role_allows(r, permission); });
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::cashier: return "cashier";
    case Role::supervisor: return "supervisor";
    case Role::finance: return "finance";
    case Role::billing: return "billing";
    case Role::admin: return "admin";
    case Role::ingest: return "ingest";
    case Role::read_only: return "read-only";
  }
  return "?";
}

std::optional<Role> parse_role(std::string_view name) {
  for (Role r : kAllRoles)
    if (role_name(r) == name) return r;
  return std::nullopt;
}

std::string_view permission_name(Permission p) {
  switch (p) {
    case Permission::read: return "read";
    case Permission::ingest_files: return "ingest_files";
    case Permission::suspense_apply: return "suspense_apply";
    case Permission::adjust_request: return "adjust_request";
    case Permission::adjust_approve: return "adjust_approve";
    case Permission::discrepancy_work: return "discrepancy_work";
    case Permission::reconcile_decide: return "reconcile_decide";
    case Permission::autopay_manage: return "autopay_manage";
    case Permission::policy_set: return "policy_set";
    case Permission::users_manage: return "users_manage";
    case Permission::audit_read: return "audit_read";
    case Permission::counter_operate: return "counter_operate";
    case Permission::counter_supervise: return "counter_supervise";
  }
  return "?";
}

RoleBits role_bits(std::span<const Role> roles) {
  RoleBits bits = 0;
  for (Role r : roles) bits = static_cast<RoleBits>(bits | (1u << static_cast<unsigned>(r)));
  return bits;
}

bool bits_allow(RoleBits roles, Permission permission) {
  for (Role r : kAllRoles)
    if ((roles & (1u << static_cast<unsigned>(r))) && role_allows(r, permission)) return true;
  return false;
}

std::vector<Role> roles_of(RoleBits roles) {
  std::vector<Role> out;
  for (Role r : kAllRoles)
    if (roles & (1u << static_cast<unsigned>(r))) out.push_back(r);
  return out;
}

}  // namespace tally::api
