#include "ingest/kept_files.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <vector>

#include <fmt/format.h>

#include "formats/common/pan.h"
#include "ingest/card_scrubber.h"
#include "ingest/errors.h"
#include "ingest/mapped_file.h"
#include "ingest/sealing.h"

namespace tally::ingest {
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kMagic = "tally-kept 1\n";
constexpr std::size_t kShaHexDigits = 64;
constexpr std::string_view kSuffix = ".sealed";

// Writes `data` to `path` (mode 0600) and syncs it: a kept copy replaces what arrived.
Status write_synced(const std::string& path, std::string_view header, std::string_view data) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ingest_error(IngestErrc::io, fmt::format("creating {}", path));
  bool ok = true;
  for (std::string_view part : {header, data}) {
    while (ok && !part.empty()) {
      const ssize_t n = ::write(fd, part.data(), part.size());
      if (n <= 0) ok = false;
      else part.remove_prefix(static_cast<std::size_t>(n));
    }
  }
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  if (!ok) return ingest_error(IngestErrc::io, fmt::format("writing {}", path));
  return ok_status();
}

// Every digit of text[begin, end) but the last four becomes '*'.
void mask_digits(std::string& text, std::size_t begin, std::size_t end) {
  int keep = 4;
  for (std::size_t i = end; i > begin; --i) {
    char& c = text[i - 1];
    if (c < '0' || c > '9') continue;
    if (keep > 0) --keep;
    else c = '*';
  }
}

// [begin, end) of 1-based `line` (0, 0 past the end).
std::pair<std::size_t, std::size_t> line_range(std::string_view text, std::int64_t line) {
  std::size_t begin = 0;
  for (std::int64_t n = 1; n < line; ++n) {
    begin = text.find('\n', begin);
    if (begin == std::string_view::npos) return {0, 0};
    ++begin;
  }
  const std::size_t end = text.find('\n', begin);
  return {begin, end == std::string_view::npos ? text.size() : end};
}

// A card number starting at any digit of the line, glued to the digits of the field before it
// or not: the scan of pan.h is started at each digit that follows another digit.
void mask_glued_cards(std::string& text, std::size_t begin, std::size_t end) {
  const formats::PanOptions options = card_number_options();
  for (std::size_t i = begin + 1; i < end; ++i) {
    if (text[i] < '2' || text[i] > '6' || text[i - 1] < '0' || text[i - 1] > '9') continue;
    const std::string_view rest = std::string_view(text).substr(i, end - i);
    const auto found = formats::find_pans(rest.substr(0, std::min<std::size_t>(rest.size(), 64)), options);
    if (found.empty() || found.front().offset != 0) continue;
    mask_digits(text, i, i + found.front().length);
    i += found.front().length - 1;
  }
}

}  // namespace

std::string masked_for_keeping(std::string_view bytes, const KeepMasks& masks) {
  std::string out(bytes);
  formats::mask_pans(out, nullptr, card_number_options());
  for (std::int64_t line : masks.card_lines) {
    const auto [begin, end] = line_range(out, line);
    mask_glued_cards(out, begin, end);
  }
  if (masks.accounts != nullptr) {
    for (const auto& [offset, length] : masks.accounts->ranges)
      if (offset + length <= out.size()) mask_digits(out, offset, offset + length);
    for (const std::string& account : masks.accounts->copies) {
      if (account.size() < 5) continue;  // too short to tell from other numbers
      for (std::size_t at = out.find(account); at != std::string::npos; at = out.find(account, at + 1))
        mask_digits(out, at, at + account.size());
    }
  }
  return out;
}

Result<std::string> keep_file(std::string_view bytes, const std::string& from_path,
                              const std::string& dir, const std::string& sha256,
                              std::string_view key, const KeepMasks& masks) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return ingest_error(IngestErrc::io, fmt::format("creating {}: {}", dir, ec.message()));
  const std::string path = fmt::format("{}/{}-{}{}", dir, sha256.substr(0, 8),
                                       fs::path(from_path).filename().string(), kSuffix);
  const std::string masked = masked_for_keeping(bytes, masks);
  TALLY_TRY_STATUS(write_synced(path, fmt::format("{}{}\n", kMagic, sha256), seal(key, masked)));
  fs::remove(from_path, ec);
  if (ec) return ingest_error(IngestErrc::io, fmt::format("removing {}: {}", from_path, ec.message()));
  return path;
}

Status write_sealed_copy(const std::string& path, std::string_view bytes, const std::string& sha256,
                         std::string_view key) {
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  return write_synced(path, fmt::format("{}{}\n", kMagic, sha256), seal(key, bytes));
}

Status write_private_file(const std::string& path, std::string_view bytes) {
  std::error_code ec;
  fs::create_directories(fs::path(path).parent_path(), ec);
  return write_synced(path, "", bytes);
}

Result<KeptFile> read_kept(const std::string& path, std::string_view key) {
  TALLY_TRY(MappedFile file, MappedFile::open(path));
  const std::string_view bytes = file.bytes();
  const std::size_t header = kMagic.size() + kShaHexDigits + 1;
  if (bytes.size() < header || !bytes.starts_with(kMagic) || bytes[header - 1] != '\n')
    return ingest_error(IngestErrc::io, fmt::format("{} is not a file Tally kept", path));
  auto contents = unseal(key, bytes.substr(header));
  if (!contents)
    return ingest_error(IngestErrc::io,
                        fmt::format("{} does not open with this data folder's files key", path));
  return KeptFile{path, std::string(bytes.substr(kMagic.size(), kShaHexDigits)), std::move(*contents)};
}

Result<std::string> kept_sha256(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::string header(kMagic.size() + kShaHexDigits + 1, '\0');
  in.read(header.data(), static_cast<std::streamsize>(header.size()));
  if (!in || !header.starts_with(kMagic) || header.back() != '\n')
    return ingest_error(IngestErrc::io, fmt::format("{} is not a file Tally kept", path));
  return header.substr(kMagic.size(), kShaHexDigits);
}

Result<KeptFile> find_kept(const std::vector<std::string>& dirs, const std::string& sha256,
                           std::string_view key) {
  const std::string prefix = sha256.substr(0, 8) + "-";
  for (const std::string& dir : dirs) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (!name.starts_with(prefix) || !name.ends_with(kSuffix)) continue;
      TALLY_TRY(KeptFile kept, read_kept(entry.path().string(), key));
      if (kept.sha256 == sha256) return kept;
    }
  }
  return ingest_error(IngestErrc::not_found, fmt::format("no kept file has sha256 {}", sha256));
}

Result<KeptFile> find_received_file(const Config& config, const std::string& sha256) {
  if (sha256.size() != kShaHexDigits || sha256.find_first_not_of("0123456789abcdef") != std::string::npos)
    return ingest_error(IngestErrc::bad_input, "a file's SHA-256 is 64 lower-case hex digits");
  TALLY_TRY(const IngestKeys keys, load_keys(config.data_dir + "/keys"));
  return find_kept({config.processed_dir(), config.processed_dir() + "/duplicates", config.quarantine_dir()}, sha256,
                   keys.files);
}

std::string report_base(const std::string& kept_path) {
  return kept_path.ends_with(kSuffix) ? kept_path.substr(0, kept_path.size() - kSuffix.size())
                                      : kept_path;
}

}  // namespace tally::ingest
