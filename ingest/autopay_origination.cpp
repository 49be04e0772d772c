#include "ingest/autopay_origination.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "core/sha256.h"
#include "formats/nacha/writer.h"
#include "ingest/autopay_dates.h"
#include "ingest/errors.h"
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
    if (d.amount_minor <= 0)
      return ingest_error(IngestErrc::bad_input,
                          fmt::format("{}: the amount due must be above zero", d.account_id));
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

nacha::BatchOptions batch_options(const AutopaySettings& settings, BusinessDate effective) {
  nacha::BatchOptions batch;
  batch.company_name = settings.company_name;
  batch.company_identification = settings.company_id;
  batch.company_entry_description = settings.entry_description;
  batch.effective_entry_date = effective;
  batch.odfi_identification = settings.odfi_routing.substr(0, 8);
  return batch;
}

// One PPD batch of the debits. Trace sequences continue from the last run's, so a trace is
// never used twice and a return names one entry.
Result<DebitFile> write_debit_file(const AutopaySettings& settings,
                                   const OriginationRequest& request,
                                   std::int64_t first_trace_sequence,
                                   const std::vector<DueDebit>& due,
                                   const std::vector<nacha::AutopayDebit>& entries) {
  TALLY_TRY(nacha::Writer writer, nacha::Writer::create(file_options(settings, request.created_date,
                                                                     first_trace_sequence)));
  TALLY_TRY_STATUS(writer.begin_batch(batch_options(settings, request.effective_date)));
  DebitFile file;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto trace = writer.add_debit(entries[i]);
    if (!trace)
      return ingest_error(IngestErrc::bad_input,
                          fmt::format("{}: {}", due[i].account_id, trace.error().describe()));
    file.traces.push_back(std::move(trace).value());
  }
  TALLY_TRY_STATUS(writer.end_batch());
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
  for (std::size_t i = 0; i < due.size(); ++i)
    out.push_back(
        {file.traces[i], due[i].account_id, due[i].amount_minor, "USD", effective.days(), sha256});
  return out;
}

// The file's events are what the NACHA mapper makes of it, published as any file's are.
Result<IngestOutcome> publish(Intake& intake, const std::string& path, const std::string& user) {
  IngestOptions options;
  options.user = user;
  options.move_files = false;  // the file stays where it is, for the bank
  TALLY_TRY(IngestOutcome outcome, intake.ingest(path, options));
  if (outcome.kind != IngestOutcome::Kind::accepted)
    return ingest_error(IngestErrc::refused,
                        "the generated file did not pass its own check: " + outcome.one_line());
  return outcome;
}

}  // namespace

Result<OriginationOutcome> AutopayOriginator::originate(const std::vector<DueDebit>& due,
                                                        const OriginationRequest& request) {
  if (request.path.empty()) return ingest_error(IngestErrc::bad_input, "no path for the file");
  const BusinessDate effective = request.effective_date;
  TALLY_TRY_STATUS(check_effective_date(effective, request.created_date, settings_.lead_banking_days));
  TALLY_TRY(std::optional<std::string> previous, registry_.origination_run(effective.days()));
  if (previous)
    return ingest_error(IngestErrc::already_originated,
                        fmt::format("a file for effective date {} was already generated ({}); "
                                    "nothing written",
                                    effective.to_iso(), *previous));
  OriginationOutcome out;
  if (due.empty()) return out;  // nothing recorded: the date stays open for a later run

  TALLY_TRY(std::vector<nacha::AutopayDebit> entries, debit_entries(sealing_key_, due));
  TALLY_TRY(std::int64_t first_trace, registry_.next_trace_sequence());
  TALLY_TRY(DebitFile file, write_debit_file(settings_, request, first_trace, due, entries));
  TALLY_TRY_STATUS(save_file(request.path, file.bytes));
  out.path = request.path;
  out.sha256 = to_hex(sha256(file.bytes));
  out.entries = due.size();
  for (const DueDebit& d : due) out.total_minor += d.amount_minor;
  TALLY_TRY_STATUS(registry_.record_originated(originated_entries(due, file, out.sha256, effective),
                                               effective.days(), out.path,
                                               file.next_trace_sequence));
  TALLY_TRY(out.ingested, publish(intake_, out.path, request.user));
  return out;
}

}  // namespace tally::ingest
