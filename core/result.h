// Result<T>: the value of an operation that can fail in an expected way. Failures are values
// (an Error with a module's std::error_code and a message), never exceptions across modules.
#pragma once

#include <string>
#include <system_error>
#include <utility>
#include <variant>

#include "core/assert.h"

namespace tally {

struct Error {
  std::error_code code;  // a module's own code (core, log, ledger, ...), see each errors.h
  std::string message;   // for people: says what was wrong and where

  std::string describe() const { return message.empty() ? code.message() : message; }
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT: implicit on purpose
  Result(Error error) : v_(std::move(error)) {}        // NOLINT: implicit on purpose

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { TALLY_ASSERT(ok(), "value() of a failed Result"); return std::get<0>(v_); }
  const T& value() const& { TALLY_ASSERT(ok(), "value() of a failed Result"); return std::get<0>(v_); }
  T&& value() && { TALLY_ASSERT(ok(), "value() of a failed Result"); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const { TALLY_ASSERT(!ok(), "error() of a good Result"); return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// Result<void>: success carries nothing.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  bool ok() const { return !failed_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const { TALLY_ASSERT(failed_, "error() of a good Result"); return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

inline Status ok_status() { return {}; }

}  // namespace tally

// Propagates a failure: TALLY_TRY(auto x, expr) binds x to the value or returns the error.
#define TALLY_CONCAT_INNER(a, b) a##b
#define TALLY_CONCAT(a, b) TALLY_CONCAT_INNER(a, b)
#define TALLY_TRY_IMPL(tmp, decl, expr)     \
  auto tmp = (expr);                        \
  if (!tmp.ok()) return tmp.error();        \
  decl = std::move(tmp).value()
#define TALLY_TRY(decl, expr) TALLY_TRY_IMPL(TALLY_CONCAT(tally_try_, __LINE__), decl, expr)
#define TALLY_TRY_STATUS(expr)                        \
  do {                                                \
    auto tally_status_ = (expr);                      \
    if (!tally_status_.ok()) return tally_status_.error(); \
  } while (false)
