#include "formats/nacha/tests/nacha_fixtures.h"

#include <fmt/format.h>

namespace nacha_test {
namespace nacha = tally::formats::nacha;

std::string pad94(std::string_view s) {
  std::string out(s.substr(0, std::min<std::size_t>(s.size(), 94)));
  out.resize(94, ' ');
  return out;
}

void put(std::string& line, std::size_t start, std::string_view value) {
  if (line.size() < 94) line.resize(94, ' ');
  line.replace(start - 1, value.size(), value);
}

std::string join(const std::vector<std::string>& lines, std::string_view eol) {
  std::string out;
  for (const auto& l : lines) {
    out += l;
    out += eol;
  }
  return out;
}

FileBuilder& FileBuilder::batch(BatchSpec spec) {
  batches_.push_back(std::move(spec));
  return *this;
}

FileBuilder& FileBuilder::entry(EntrySpec spec) {
  if (batches_.empty()) batches_.emplace_back();
  batches_.back().entries.push_back(std::move(spec));
  return *this;
}

namespace {

bool is_credit(int code) {
  const int kind = code % 10;
  return code / 10 == 8 ? kind % 2 == 1 : kind >= 1 && kind <= 4;
}

struct Sums {
  std::int64_t count = 0, hash = 0, debit = 0, credit = 0;
};

}  // namespace

std::vector<std::string> FileBuilder::lines(bool filler) const {
  std::vector<std::string> out;
  out.push_back(pad94(fmt::format("101{:>10}{:>10}2611221200A094101{:<23}{:<23}{:<8}", destination,
                                  origin, "FEDERAL RESERVE BANK", "TALLY WATER", "REF1")));
  Sums file;
  int batch_number = 0;
  int sequence = 0;  // trace numbers are unique within a file, as the NACHA rules require
  for (const BatchSpec& b : batches_) {
    ++batch_number;
    out.push_back(pad94(fmt::format("5{:03}{:<16}{:<20}{:<10}{}{:<10}{:<6}{:<6}   1{}{:07}",
                                    b.service_class_code, "TALLY WATER", "", b.company_id, b.sec,
                                    "AUTOPAY", "NOV 26", b.effective_date, b.odfi, batch_number)));
    Sums sums;
    for (const EntrySpec& e : b.entries) {
      ++sequence;
      const std::string trace = fmt::format("{}{:07}", b.odfi, sequence);
      out.push_back(pad94(fmt::format(
          "6{:02}{}{:<17}{:010}{:<15}{:<22}{:<2}{}{}", e.transaction_code, e.routing9, e.account,
          e.amount_minor, e.id, e.name, e.discretionary, e.addenda.empty() ? 0 : 1, trace)));
      for (const auto& a : e.addenda) out.push_back(pad94(a));
      sums.count += 1 + static_cast<std::int64_t>(e.addenda.size());
      sums.hash += std::stoll(e.routing9.substr(0, 8));
      (is_credit(e.transaction_code) ? sums.credit : sums.debit) += e.amount_minor;
    }
    sums.hash %= 10'000'000'000;
    out.push_back(pad94(fmt::format("8{:03}{:06}{:010}{:012}{:012}{:<10}{:<25}{}{:07}",
                                    b.service_class_code, sums.count, sums.hash, sums.debit,
                                    sums.credit, b.company_id, "", b.odfi, batch_number)));
    file.count += sums.count;
    file.hash = (file.hash + sums.hash) % 10'000'000'000;
    file.debit += sums.debit;
    file.credit += sums.credit;
  }
  const std::size_t records = out.size() + 1;
  const std::size_t total = filler ? (records + 9) / 10 * 10 : records;
  out.push_back(
      pad94(fmt::format("9{:06}{:06}{:08}{:010}{:012}{:012}", batches_.size(), (total + 9) / 10,
                        file.count, file.hash, file.debit, file.credit)));
  while (out.size() < total) out.push_back(std::string(94, '9'));
  return out;
}

std::string FileBuilder::text(std::string_view eol, bool filler) const {
  return join(lines(filler), eol);
}

std::string one_entry_file(std::string_view sec, EntrySpec entry, int service_class_code) {
  BatchSpec batch;
  batch.sec = std::string(sec);
  batch.service_class_code = service_class_code;
  batch.entries.push_back(std::move(entry));
  FileBuilder b;
  b.batch(std::move(batch));
  return b.text();
}

std::string addenda05(std::string_view info, int sequence, std::int64_t entry_sequence) {
  return pad94(fmt::format("705{:<80}{:04}{:07}", info, sequence, entry_sequence));
}

std::string addenda98(std::string_view change_code, std::string_view original_trace,
                      std::string_view original_rdfi, std::string_view corrected_data,
                      std::string_view trace) {
  return pad94(fmt::format("798{}{}      {}{:<29}{:<15}{}", change_code, original_trace,
                           original_rdfi, corrected_data, "", trace));
}

std::string addenda99(std::string_view return_code, std::string_view original_trace,
                      std::string_view date_of_death, std::string_view original_rdfi,
                      std::string_view info, std::string_view trace) {
  return pad94(fmt::format("799{}{}{:<6}{}{:<44}{}", return_code, original_trace, date_of_death,
                           original_rdfi, info, trace));
}

void RecordingVisitor::on_file_header(const nacha::FileHeader&) {
  seen.events.emplace_back("file_header");
}
void RecordingVisitor::on_batch_header(const nacha::BatchHeader&) {
  seen.events.emplace_back("batch_header");
}
void RecordingVisitor::on_entry(const nacha::EntryDetail& e) {
  seen.events.emplace_back("entry");
  seen.names.emplace_back(e.individual_name);
  seen.traces.emplace_back(e.trace_number);
  seen.amounts.push_back(e.amount_minor);
  seen.debits.push_back(e.is_debit());
  seen.addenda_counts.push_back(e.addenda_count());
}
void RecordingVisitor::on_batch_control(const nacha::BatchControl&) {
  seen.events.emplace_back("batch_control");
}
void RecordingVisitor::on_file_control(const nacha::FileControl&) {
  seen.events.emplace_back("file_control");
}

bool has_error(const tally::formats::ParseReport& r, std::string_view code,
               std::string_view field) {
  for (const auto& e : r.errors)
    if (e.code == code && (field.empty() || e.field == field)) return true;
  return false;
}

bool has_warning(const tally::formats::ParseReport& r, std::string_view code) {
  for (const auto& w : r.warnings)
    if (w.code == code) return true;
  return false;
}

static std::int64_t int_field(const tally::formats::Fields& f, std::string_view name) {
  const auto* v = f.find(name);
  if (v == nullptr) return -1;
  const auto* i = std::get_if<std::int64_t>(v);
  return i ? *i : -1;
}

std::int64_t summary_int(const tally::formats::ParseReport& r, std::string_view name) {
  return int_field(r.summary, name);
}

std::int64_t declared_int(const tally::formats::ParseReport& r, std::string_view name) {
  return int_field(r.declared, name);
}

std::string describe(const tally::formats::ParseReport& r) {
  std::string out;
  for (const auto& e : r.errors)
    out += fmt::format("error line {} record {} [{}] {}: {}\n", e.line, e.record, e.field, e.code,
                       e.message);
  for (const auto& w : r.warnings)
    out += fmt::format("warning line {} [{}] {}: {}\n", w.line, w.field, w.code, w.message);
  return out;
}

}  // namespace nacha_test
