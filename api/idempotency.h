// Idempotency: a command runs once per (user, Idempotency-Key). Its answer is kept, with a
// fingerprint of the request (method, target, body); the same key again with the same request
// gets the first answer, with another request a conflict. Keys never expire. The key is also
// part of the command's event id (events::command_id), so even a retry that finds no kept
// answer (the process died between the two) publishes the same event, which the ledger
// applies once.
//
// Threads: any. Requests with the same key are serialised (striped locks), others run beside.
#pragma once

#include <array>
#include <functional>
#include <mutex>
#include <string>

#include "api/access_store.h"
#include "core/result.h"
#include "core/sha256.h"

namespace tally::api {

struct Answer {
  unsigned status = 0;
  std::string content_type;
  std::string body;
};

enum class Replay { ran, replayed, conflict };

class Idempotency {
 public:
  explicit Idempotency(AccessStore& store) : store_(store) {}

  // Runs `command` unless (user, key) has an answer. Keeps answers below 500 (a server-side
  // failure is worth retrying), as `keep` rewrites them: a new user's token is shown once and
  // never stored, so its answer is kept without it.
  Result<std::pair<Replay, Answer>> run(std::string_view user, std::string_view key,
                                        const Sha256Digest& fingerprint,
                                        const std::function<Answer()>& command,
                                        const std::function<std::string(const std::string&)>& keep = {});

 private:
  static constexpr std::size_t kStripes = 64;
  AccessStore& store_;
  std::array<std::mutex, kStripes> stripes_;
};

}  // namespace tally::api
