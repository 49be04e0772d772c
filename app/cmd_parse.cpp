// tally parse [--format F] [--json] FILE: check one file and say what it holds, changing
// nothing (a gzip file is checked as what it holds). Exit 0 accepted, 1 refused, 2 usage error.
#include <boost/json.hpp>
#include <fmt/format.h>

#include <cstdio>

#include "app/commands.h"
#include "core/sha256.h"
#include "formats/detect/detect.h"
#include "ingest/gunzip.h"
#include "ingest/mapped_file.h"
#include "ingest/mapping.h"
#include "ingest/report_json.h"

namespace tally::app {
namespace {

struct ParseOptions {
  std::string file;
  std::string format;
  bool json = false;
};

int run_parse(const ParseOptions& options) {
  std::optional<formats::Format> forced;
  if (!options.format.empty()) {
    forced = formats::format_from_name(options.format);
    if (!forced) {
      fmt::print(stderr, "tally parse: unknown format '{}'\n", options.format);
      return 2;
    }
  }
  auto mapped = ingest::MappedFile::open(options.file);
  if (!mapped) {
    fmt::print(stderr, "tally parse: {}\n", mapped.error().describe());
    return 2;
  }
  // A gzip file is checked as what it holds (ingest/gunzip.h), as `tally ingest` reads it;
  // its SHA-256 is that of the file as received, the key `tally ingest` deduplicates by.
  const ingest::ReceivedContent content = ingest::ReceivedContent::of(mapped->bytes());
  const std::string_view bytes = content.bytes();
  const formats::Format format = forced ? *forced : formats::detect(bytes);
  formats::ParseReport report;
  if (content.error()) {
    report.format = "gzip";
    report.error(*content.error());
  } else if (format == formats::Format::unknown) {
    report.format = "unknown";
    report.error({0, 0, "", "unknown_format", "the content matches no known format"});
  } else {
    report = ingest::check_file(format, bytes);
  }
  const std::string sha = to_hex(sha256(mapped->bytes()));
  if (options.json) {
    boost::json::object out;
    out["file"] = options.file;
    out["format"] = report.format;
    out["sha256"] = sha;
    for (auto& [key, value] : ingest::report_to_json(report))
      if (key != "format") out[key] = value;
    std::puts(boost::json::serialize(out).c_str());
  } else {
    fmt::print("file:     {}\nsha256:   {}\n", options.file, sha);
    if (content.compressed())
      fmt::print(
          "gzip:     {} bytes, {}\n", content.received_bytes(),
          content.error() ? "not readable" : fmt::format("{} bytes decompressed", bytes.size()));
    fmt::print("{}", ingest::report_to_text(report));
  }
  return report.accepted ? 0 : 1;
}

}  // namespace

void register_parse(CLI::App& app, GlobalOptions&) {
  auto options = std::make_shared<ParseOptions>();
  CLI::App* cmd = app.add_subcommand(
      "parse", "Check a bank or processor file and summarize it; changes nothing.\n"
               "Exit 0 when the file is accepted, 1 when refused, 2 for a usage error.");
  cmd->add_option("FILE", options->file, "the file")->required();
  cmd->add_option("--format", options->format,
                  "nacha, bai2, lockbox, camt, x9, card, billing, autopay (default: detected from content)");
  cmd->add_flag("--json", options->json, "one JSON object on stdout");
  cmd->callback([options] { exit_code = run_parse(*options); });
}

}  // namespace tally::app
