// tally letters list [--date D] [--csv | --json]: the return letters of a business date (one
// per NSF return, returned check and chargeback), for the mail house as CSV.
// tally letters print [--date D] [--lang en|es] [--out FILE]: all of them in one page to
// print, each on a sheet of its own. Both read what api/day_letters.h serves (with `tally
// serve` running, GET /api/v1/letters).
#include <fmt/format.h>

#include <cstdio>

#include "api/day_letters.h"
#include "app/commands.h"
#include "app/remote.h"
#include "node/node.h"

namespace tally::app {
namespace {

struct LettersOptions {
  std::string date, lang = "en", out;
  bool csv = false, json = false;
};

Result<std::string> letters_here(const Config& config, BusinessDate date, const std::string& format,
                                 const std::string& lang) {
  TALLY_TRY(auto node, node::Node::open(config));
  if (node->posts_here()) TALLY_TRY_STATUS(node->post_pending());
  TALLY_TRY(api::DayLetters letters, api::day_letters(node->ledger(), config.counter.office_name, date, format, lang));
  return letters.body;
}

int run_letters(const GlobalOptions& global, const LettersOptions& o, const std::string& format) {
  const Config config = resolve_config(global);
  const auto date = o.date.empty() ? std::optional(BusinessDate::today_utc()) : BusinessDate::parse_iso(o.date);
  if (!date) {
    fmt::print(stderr, "tally letters: --date must be YYYY-MM-DD\n");
    return 2;
  }
  if (o.lang != "en" && o.lang != "es") {
    fmt::print(stderr, "tally letters: --lang is en or es\n");
    return 2;
  }
  const Reply reply =
      server_running(config)
          ? ask_server(config,
                       {.target = fmt::format("/api/v1/letters?date={}&format={}&lang={}", date->to_iso(), format, o.lang)},
                       "letters")
          : local_text_reply(letters_here(config, *date, format, o.lang), "letters");
  if (!reply.ok()) return reply.exit_code;
  return print_or_write(reply, o.out, "letters");
}

}  // namespace

void register_letters(CLI::App& app, GlobalOptions& global) {
  CLI::App* cmd = app.add_subcommand("letters", "The return letters of a business date: one per NSF return, returned\n"
                                                "check and chargeback, written by the ledger as it posts the return.");
  cmd->require_subcommand(1);
  auto o = std::make_shared<LettersOptions>();
  CLI::App* list = cmd->add_subcommand("list", "List the date's letters: a table as JSON, or CSV for a mail house.");
  list->add_option("--date", o->date, "the business date YYYY-MM-DD (default today)");
  list->add_option("--lang", o->lang, "en or es: the language of the reasons in the CSV");
  auto csv = list->add_flag("--csv", o->csv, "CSV, a row per letter");
  list->add_flag("--json", o->json, "JSON (the default)")->excludes(csv);
  list->callback([&global, o] { exit_code = run_letters(global, *o, o->csv ? "csv" : "json"); });
  CLI::App* print = cmd->add_subcommand("print", "The date's letters in one HTML page to print, each on a sheet of its own.");
  print->add_option("--date", o->date, "the business date YYYY-MM-DD (default today)");
  print->add_option("--lang", o->lang, "en or es (default en)");
  print->add_option("--out", o->out, "write the page to this file (default: stdout)");
  print->callback([&global, o] { exit_code = run_letters(global, *o, "html"); });
}

}  // namespace tally::app
