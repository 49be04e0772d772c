#include "app/ingest_upload.h"

#include <fmt/format.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "app/ingest_output.h"

namespace tally::app {
namespace {

namespace fs = std::filesystem;

// The API's limit on an uploaded file's name (api/uploads.cpp).
constexpr std::size_t kMaxNameBytes = 100;

// The file's name as the API takes it: A-Z a-z 0-9 . _ -, not starting with '.'; any other
// byte becomes '_' (the name is only a label; the content is what is ingested).
std::string upload_name(const std::string& path) {
  std::string name = fs::path(path).filename().string();
  for (char& c : name)
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '.' && c != '_' && c != '-') c = '_';
  if (name.empty() || name.front() == '.') name.insert(0, "file");
  return name.substr(0, kMaxNameBytes);
}

std::optional<std::string> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) return std::nullopt;
  return bytes;
}

std::string target_for(const UploadRequest& r, const std::string& path) {
  std::string target = "/api/v1/files?name=" + url_encoded(upload_name(path));
  if (r.format) target += "&format=" + url_encoded(*r.format);
  if (r.override_layout) target += "&override_layout=true";
  if (r.override_conflicts) target += "&override_conflicts=true";
  return target;
}

}  // namespace

Reply upload_files(const Config& config, const UploadRequest& r) {
  const auto start = std::chrono::steady_clock::now();
  boost::json::array files;
  std::int64_t posted = 0;
  for (const std::string& path : r.files) {
    auto bytes = read_whole(path);
    if (!bytes) {
      fmt::print(stderr, "tally ingest: {}: cannot read it\n", path);
      return Reply{.exit_code = 1};
    }
    // 200: accepted or a duplicate; 422: refused (kept in quarantine); 202: not done yet.
    Reply reply = ask_server(config,
                             {.method = boost::beast::http::verb::post,
                              .target = target_for(r, path),
                              .body = std::move(*bytes),
                              .user = r.user,
                              .content_type = "application/octet-stream"},
                             "ingest", {422});
    if (!reply.ok()) return reply;
    boost::json::object outcome = std::move(reply.json.as_object());
    // Named as it was given here, as when this process ingests it; the server's name beside.
    outcome["uploaded_as"] = outcome["file"];
    outcome["file"] = path;
    if (const auto* v = outcome.if_contains("verdicts"); v != nullptr && v->is_object())
      if (const auto* n = v->as_object().if_contains("posted"); n != nullptr && n->is_number())
        posted += n->to_number<std::int64_t>();
    std::error_code ec;
    if (!r.keep_files && reply.status != static_cast<unsigned>(boost::beast::http::status::accepted))
      fs::remove(path, ec);  // the server keeps it (processed/ or quarantine/)
    print_file(outcome, r.json);
    files.push_back(std::move(outcome));
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return Reply{.status = 200, .json = summary_json(std::move(files), posted, seconds)};
}

}  // namespace tally::app
