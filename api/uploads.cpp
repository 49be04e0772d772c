#include "api/uploads.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <span>

#include <fmt/format.h>

#include "api/command.h"
#include "api/errors.h"
#include "core/clock.h"
#include "core/events/codec.h"
#include "core/events/event_ids.h"
#include "core/sha256.h"
#include "formats/detect/detect.h"
#include "ingest/report_json.h"

namespace tally::api {
namespace {

constexpr std::size_t kMaxNameBytes = 100;

// The inbox never reads a name starting with '.': the file is written there, synced, then
// renamed to its own name, so the watcher never sees half of it.
Status write_into_inbox(const std::string& inbox, const std::string& name, std::string_view bytes) {
  const std::string hidden = inbox + "/." + name + ".part";
  const int fd = ::open(hidden.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return api_error(ApiErrc::storage, fmt::format("cannot write {}: {}", hidden, std::strerror(errno)));
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return api_error(ApiErrc::storage, fmt::format("cannot write {}: {}", hidden, std::strerror(errno)));
    }
    written += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  std::error_code ec;
  if (synced) std::filesystem::rename(hidden, inbox + "/" + name, ec);
  if (!synced || ec) {
    std::filesystem::remove(hidden, ec);
    return api_error(ApiErrc::storage, fmt::format("cannot put {} into the inbox", name));
  }
  return ok_status();
}

bool safe_name(std::string_view name) {
  return !name.empty() && name.size() <= kMaxNameBytes && name.front() != '.' &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                  c == '_' || c == '-';
         });
}

Status record_upload(log::EventLog& log, const events::Actor& actor, const std::string& name, std::string_view bytes) {
  events::Envelope e = events::command_envelope(events::FILE_UPLOADED, actor, "file-upload", "uploads");
  auto* up = e.mutable_file_uploaded();
  up->set_name(name);
  up->set_sha256(to_hex(sha256(bytes)));
  up->set_bytes(static_cast<std::int64_t>(bytes.size()));
  const std::string value = events::encode(e);
  const log::AppendEntry entry{e.partition_key(), value};
  TALLY_TRY_STATUS(log.append(std::span(&entry, 1)));
  return ok_status();
}

// A query flag: absent or "false" is false, "true" is true.
std::optional<bool> query_flag(const RouteParams& p, const std::string& name) {
  const auto it = p.query.find(name);
  if (it == p.query.end() || it->second == "false") return false;
  if (it->second == "true") return true;
  return std::nullopt;
}

// How the uploader asks for the file to be ingested: ?format= forces a format,
// ?override_layout=true / ?override_conflicts=true accept what `tally ingest` would with those
// flags, recorded with the uploader's name. A 400 in `error` when a parameter is wrong.
std::optional<ingest::IngestOptions> upload_options(const Request& req, const RouteParams& p,
                                                    const events::Actor& actor, Response& error) {
  ingest::IngestOptions options;
  options.user = actor.user;
  if (const auto it = p.query.find("format"); it != p.query.end()) {
    options.format = formats::format_from_name(it->second);
    if (!options.format)
      return error = bad_field(req, "format", "format is not one Tally reads (see `tally parse --help`)"), std::nullopt;
  }
  const auto layout = query_flag(p, "override_layout"), conflicts = query_flag(p, "override_conflicts");
  if (!layout) return error = bad_field(req, "override_layout", "override_layout is true or false"), std::nullopt;
  if (!conflicts)
    return error = bad_field(req, "override_conflicts", "override_conflicts is true or false"), std::nullopt;
  options.override_layout = *layout;
  options.override_conflicts = *conflicts;
  return options;
}

}  // namespace

void UploadDesk::expect(const std::string& file_name) {
  std::lock_guard lock(mu_);
  waiting_[file_name];
}

void UploadDesk::finished(const ingest::IngestOutcome& outcome) {
  const std::string name = std::filesystem::path(outcome.file).filename().string();
  std::lock_guard lock(mu_);
  const auto it = waiting_.find(name);
  if (it == waiting_.end()) return;  // a file delivered to the inbox, not uploaded
  it->second = ingest::outcome_to_json(outcome);
  done_.notify_all();
}

std::optional<boost::json::object> UploadDesk::wait(const std::string& file_name, std::chrono::milliseconds wait) {
  std::unique_lock lock(mu_);
  done_.wait_for(lock, wait, [&] { return waiting_[file_name].has_value(); });
  std::optional<boost::json::object> out = std::move(waiting_[file_name]);
  waiting_.erase(file_name);
  return out;
}

void add_upload_routes(Router& router, UploadDesk& desk, Idempotency& idempotency, log::EventLog& log,
                       ingest::InboxWatcher& watcher, UploadSettings settings) {
  router.add(http::verb::post, "/api/v1/files", Permission::ingest_files,
             command(idempotency, [&desk, &log, &watcher, settings](const Request& req, const RouteParams& p,
                                                                  const events::Actor& actor) {
               const auto it = p.query.find("name");
               if (it == p.query.end() || !safe_name(it->second))
                 return bad_field(req, "name", fmt::format("name is the file's name: 1..{} of A-Z a-z 0-9 . _ -, "
                                                           "not starting with '.'", kMaxNameBytes));
               if (req.body().empty()) return bad_field(req, "body", "the body is the file, and it is empty");
               Response bad_option;
               auto options = upload_options(req, p, actor, bad_option);
               if (!options) return bad_option;
               // Its own name in the inbox: the request id keeps two uploads of "lockbox.txt" apart.
               const std::string name = fmt::format("upload-{}-{}", actor.request_id, it->second);
               if (Status recorded = record_upload(log, actor, name, req.body()); !recorded.ok())
                 return error_response(req, recorded.error());
               desk.expect(name);
               watcher.uploaded(name, *options);
               if (Status put = write_into_inbox(settings.inbox_dir, name, req.body()); !put.ok()) {
                 (void)desk.wait(name, std::chrono::milliseconds(0));
                 return error_response(req, put.error());
               }
               auto outcome = desk.wait(name, settings.wait);
               if (!outcome)
                 return json_response(req, http::status::accepted,
                                      boost::json::object{{"file", name}, {"outcome", "pending"},
                                                          {"uploaded_by", actor.user}});
               (*outcome)["uploaded_by"] = actor.user;
               const bool refused = (*outcome)["outcome"] == "refused";
               return json_response(req, refused ? http::status::unprocessable_entity : http::status::ok, *outcome);
             }));
}

}  // namespace tally::api
