// tally demo --out DIR [--date DATE]: write a generated day of files for a small utility.
#include <fmt/format.h>

#include "app/commands.h"
#include "tools/demo/demo.h"

namespace tally::app {

void register_demo(CLI::App& app, GlobalOptions&) {
  struct Options {
    std::string out;
    std::string date;
  };
  auto o = std::make_shared<Options>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Write a generated day of files for a small water utility (bills, autopay, lockbox,\n"
              "card settlement, ACH returns, bank statement), e.g. to try `tally ingest`.");
  cmd->add_option("--out", o->out, "folder to write into")->required();
  cmd->add_option("--date", o->date, "the business day YYYY-MM-DD (default: today)");
  cmd->callback([o] {
    BusinessDate day = BusinessDate::today_utc();
    if (!o->date.empty()) {
      auto parsed = BusinessDate::parse_iso(o->date);
      if (!parsed) {
        fmt::print(stderr, "tally demo: --date must be YYYY-MM-DD\n");
        exit_code = 2;
        return;
      }
      day = *parsed;
    }
    auto written = demo::write_demo_day(o->out, day);
    if (!written) {
      fmt::print(stderr, "tally demo: {}\n", written.error().describe());
      exit_code = 1;
      return;
    }
    fmt::print("demo: wrote {} files for {} into {}\n", *written, day.to_iso(), o->out);
  });
}

}  // namespace tally::app
