#include "api/files_routes.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/printable.h"
#include "ingest/kept_files.h"

namespace tally::api {
namespace {

constexpr std::size_t kDefaultLimit = 100, kMaxLimit = 10'000;
constexpr std::size_t kSha256Hex = 64, kShortSha = 8;
constexpr std::uintmax_t kMaxReportBytes = 64u << 20;

boost::json::object record_json(const ingest::FileRecord& r) {
  return {{"sha256", r.sha256},     {"name", r.name},         {"format", r.format},
          {"outcome", r.outcome},   {"first_at_us", r.first_at_us}, {"events", r.events},
          {"by", r.by},             {"override_used", r.override_used}};
}

// The report beside a kept file ("<sha8>-<name><suffix>"), parsed; null when there is none.
boost::json::value report_beside(const std::string& dir, const std::string& sha256, std::string_view suffix) {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(sha256.substr(0, kShortSha) + "-") || !name.ends_with(suffix)) continue;
    if (entry.file_size(ec) > kMaxReportBytes) continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    boost::system::error_code parse_error;
    boost::json::value v = boost::json::parse(text.str(), parse_error);
    if (!parse_error) return v;
  }
  return nullptr;
}

bool lower_hex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

Response file_content(const Config& config, const Request& req, const RouteParams& p) {
  const std::string& sha = p.path.at("sha256");
  if (sha.size() != kSha256Hex || !lower_hex(sha))
    return error_response(req, http::status::bad_request, "bad_sha256", "a file is named by its SHA-256: 64 lower-case hex digits");
  auto kept = ingest::find_received_file(config, sha);
  if (!kept) return error_response(req, kept.error());
  spdlog::info("files: {} read kept file {} (sha256 {}, request {})", printable(p.caller.user), kept->path, sha,
               p.caller.request_id);
  Response response(http::status::ok, req.version());
  response.set(http::field::content_type, "application/octet-stream");
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(req.keep_alive());
  response.body() = std::move(kept->contents);
  response.prepare_payload();
  return response;
}

}  // namespace

void add_file_routes(Router& router, const ingest::FileRegistry& registry, FileFolders folders,
                     const Config& config) {
  router.add(http::verb::get, "/api/v1/files", Permission::read, [&registry](const Request& req, const RouteParams& p) {
    std::size_t limit = kDefaultLimit;
    if (auto it = p.query.find("limit"); it != p.query.end()) {
      const auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), limit);
      if (ec != std::errc() || end != it->second.data() + it->second.size() || limit == 0 || limit > kMaxLimit)
        return error_response(req, http::status::bad_request, "bad_limit", fmt::format("limit must be 1..{}", kMaxLimit));
    }
    auto files = registry.list(limit);
    if (!files) return error_response(req, files.error());
    boost::json::array out;
    for (const auto& f : *files) out.push_back(record_json(f));
    return json_response(req, http::status::ok, boost::json::object{{"files", out}});
  });
  router.add(http::verb::get, "/api/v1/files/{sha256}", Permission::read,
             [&registry, folders](const Request& req, const RouteParams& p) {
               const std::string& sha = p.path.at("sha256");
               if (sha.size() != kSha256Hex || !lower_hex(sha))
                 return error_response(req, http::status::bad_request, "bad_sha256", "a file is named by its SHA-256: 64 lower-case hex digits");
               auto record = registry.find(sha);
               if (!record) return error_response(req, record.error());
               if (!*record) return error_response(req, http::status::not_found, "no_such_file", "no file with that SHA-256 was received");
               boost::json::object body = record_json(**record);
               if ((*record)->outcome == "refused")
                 body["report"] = report_beside(folders.quarantine_dir, sha, ".errors.json");
               else
                 body["verdicts"] = report_beside(folders.processed_dir, sha, ".verdicts.json");
               return json_response(req, http::status::ok, body);
             });
  router.add(http::verb::get, "/api/v1/files/{sha256}/content", Permission::audit_read,
             [&config](const Request& req, const RouteParams& p) { return file_content(config, req, p); });
}

}  // namespace tally::api
