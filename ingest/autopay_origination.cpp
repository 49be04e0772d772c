#include "ingest/autopay_origination.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "core/sha256.h"
#include "formats/nacha/writer.h"
#include "ingest/autopay_dates.h"
#include "formats/nacha/reader.h"
#include "ingest/errors.h"
#include "ingest/kept_files.h"
#include "ingest/sealing.h"

namespace tally::ingest {
namespace {

namespace nacha = formats::nacha;

// The writer's entries for what is due, account numbers unsealed. Every debit is checked
// here, before anything is written: one that cannot be debited refuses the whole run.
Result<std::vector<nacha::AutopayDebit>> debit_entries(std::string_view sealing_key,
                                                       const std::vector<DueDebit>& due) {
  std::vector<nacha::AutopayDebit> entries;
  entries.reserve(due.size());
  for (const DueDebit& d : due) {
    const bool prenote = d.kind == OriginatedKind::prenote;
    if (prenote ? d.amount_minor != 0 : d.amount_minor <= 0)
      return ingest_error(IngestErrc::bad_input,
                          fmt::format("{}: the amount of a {} must be {}", d.account_id, kind_name(d.kind),
                                      prenote ? "zero" : "above zero"));
    auto number = unseal(sealing_key, d.account_sealed);
    if (!number)
      return ingest_error(IngestErrc::bad_input,
                          fmt::format("{}: the sealed bank account does not open with this data "
                                      "folder's key",
                                      d.account_id));
    nacha::AutopayDebit e;
    e.account_type = d.savings ? nacha::AccountType::kSavings : nacha::AccountType::kChecking;
    e.routing_number = d.routing;
    e.dfi_account_number = *number;
    e.amount_minor = d.amount_minor;
    e.individual_id_number = d.account_id;
    e.individual_name = d.holder_name;
    e.prenote = prenote;
    entries.push_back(std::move(e));
  }
  return entries;
}

struct DebitFile {
  std::string bytes;
  std::vector<std::string> traces;  // one per debit, in order
  std::int64_t next_trace_sequence = 0;
};

nacha::FileOptions file_options(const AutopaySettings& settings, BusinessDate created,
                                std::int64_t first_trace_sequence) {
  nacha::FileOptions file;
  file.immediate_destination = settings.odfi_routing;
  file.immediate_origin = settings.company_id;
  file.immediate_destination_name = settings.destination_name;
  file.immediate_origin_name = settings.origin_name;
  file.file_creation_date = created;
  file.first_trace_sequence = first_trace_sequence;
  return file;
}

// The Rules' company entry descriptions for a re-presented debit and a return fee.
constexpr std::string_view kRedepositDescription = "REDEPOSIT";
constexpr std::string_view kReturnFeeDescription = "RETURN FEE";

std::string_view entry_description(const AutopaySettings& settings, OriginatedKind kind) {
  switch (kind) {
    case OriginatedKind::redeposit: return kRedepositDescription;
    case OriginatedKind::return_fee: return kReturnFeeDescription;
    case OriginatedKind::debit:
    case OriginatedKind::prenote: break;
  }
  return settings.entry_description;
}

nacha::BatchOptions batch_options(const AutopaySettings& settings, BusinessDate effective,
                                  std::string_view description) {
  nacha::BatchOptions batch;
  batch.company_name = settings.company_name;
  batch.company_identification = settings.company_id;
  batch.company_entry_description = std::string(description);
  batch.effective_entry_date = effective;
  batch.odfi_identification = settings.odfi_routing.substr(0, 8);
  return batch;
}

// A PPD batch per entry description in use (regular debits and prenotes, REDEPOSIT, RETURN
// FEE). Trace sequences continue from the last run's, so a trace is never used twice and a
// return names one entry.
Result<DebitFile> write_debit_file(const AutopaySettings& settings,
                                   const OriginationRequest& request,
                                   std::int64_t first_trace_sequence,
                                   const std::vector<DueDebit>& due,
                                   const std::vector<nacha::AutopayDebit>& entries) {
  TALLY_TRY(nacha::Writer writer, nacha::Writer::create(file_options(settings, request.created_date,
                                                                     first_trace_sequence)));
  DebitFile file;
  file.traces.resize(entries.size());
  for (std::string_view description :
       {std::string_view(settings.entry_description), kRedepositDescription, kReturnFeeDescription}) {
    bool open = false;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (entry_description(settings, due[i].kind) != description) continue;
      if (!open) TALLY_TRY_STATUS(writer.begin_batch(batch_options(settings, request.effective_date, description)));
      open = true;
      auto trace = writer.add_debit(entries[i]);
      if (!trace)
        return ingest_error(IngestErrc::bad_input,
                            fmt::format("{}: {}", due[i].account_id, trace.error().describe()));
      file.traces[i] = std::move(trace).value();
    }
    if (open) TALLY_TRY_STATUS(writer.end_batch());
  }
  file.next_trace_sequence = writer.next_trace_sequence();
  TALLY_TRY(file.bytes, writer.finish());
  return file;
}

Status save_file(const std::string& path, std::string_view bytes) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) return ingest_error(IngestErrc::io, "cannot write " + path);
  return ok_status();
}

// What the registry keeps of each entry: a return or NOC names the trace; this names the
// customer it was for.
std::vector<OriginatedEntry> originated_entries(const std::vector<DueDebit>& due,
                                                const DebitFile& file, const std::string& sha256,
                                                BusinessDate effective) {
  std::vector<OriginatedEntry> out;
  out.reserve(due.size());
  for (std::size_t i = 0; i < due.size(); ++i) {
    const DueDebit& d = due[i];
    const bool again = d.kind == OriginatedKind::redeposit;
    out.push_back({file.traces[i], d.account_id, d.amount_minor, "USD", effective.days(), sha256, d.kind,
                   d.represents, again ? d.presentment : 0,
                   again ? d.first_effective.days() : effective.days(), d.mandate});
  }
  return out;
}

// The file must pass the reader every received file passes before it is sent or recorded.
Status check_written(std::string_view bytes) {
  const formats::ParseReport report = nacha::check(bytes);
  if (report.accepted) return ok_status();
  const std::string why = report.errors.empty() ? std::string("refused") : report.errors.front().message;
  return ingest_error(IngestErrc::refused, "the generated file did not pass its own check: " + why);
}

}  // namespace

Result<OriginationOutcome> AutopayOriginator::originate(const std::vector<DueDebit>& due,
                                                        const OriginationRequest& request) {
  if (request.path.empty()) return ingest_error(IngestErrc::bad_input, "no path for the file");
  const BusinessDate effective = request.effective_date;
  TALLY_TRY_STATUS(check_effective_date(effective, request.created_date, settings_.lead_banking_days));
  TALLY_TRY(std::optional<OriginationRun> previous, registry_.origination_run(effective.days()));
  if (previous)
    return ingest_error(IngestErrc::already_originated,
                        fmt::format("a file for effective date {} was already generated ({}); "
                                    "nothing written",
                                    effective.to_iso(), previous->file));
  OriginationOutcome out;
  if (due.empty()) return out;  // nothing recorded: the date stays open for a later run

  if (request.scheduled_dir.empty()) return ingest_error(IngestErrc::bad_input, "no folder for the scheduled copy");
  TALLY_TRY(std::vector<nacha::AutopayDebit> entries, debit_entries(keys_.sealing, due));
  TALLY_TRY(std::int64_t first_trace, registry_.next_trace_sequence());
  TALLY_TRY(DebitFile file, write_debit_file(settings_, request, first_trace, due, entries));
  TALLY_TRY_STATUS(check_written(file.bytes));
  out.sha256 = to_hex(sha256(file.bytes));
  const OriginationRun run{effective.days(), request.path, out.sha256,
                           fmt::format("{}/{}-{}.sealed", request.scheduled_dir, effective.to_iso(),
                                       out.sha256.substr(0, 8))};
  TALLY_TRY_STATUS(write_sealed_copy(run.sealed_copy, file.bytes, out.sha256, keys_.files));
  TALLY_TRY_STATUS(save_file(request.path, file.bytes));
  out.path = request.path;
  out.entries = due.size();
  for (const DueDebit& d : due) {
    out.total_minor += d.amount_minor;
    out.redeposits += d.kind == OriginatedKind::redeposit;
    out.return_fees += d.kind == OriginatedKind::return_fee;
    out.prenotes += d.kind == OriginatedKind::prenote;
  }
  // Recorded last: a crash before this leaves files that a rerun overwrites.
  TALLY_TRY_STATUS(registry_.record_originated(originated_entries(due, file, out.sha256, effective), run,
                                               file.next_trace_sequence));
  return out;
}

}  // namespace tally::ingest
