#include "ingest/verdicts.h"

namespace tally::ingest {

std::string_view verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::posted: return "posted";
    case Verdict::parked: return "parked";
    case Verdict::refused: return "refused";
    case Verdict::conflicting: return "conflicting";
    case Verdict::missing: return "missing";
  }
  return "unknown";
}

void FileVerdicts::add(EventVerdict verdict) {
  switch (verdict.verdict) {
    case Verdict::posted: ++posted; return;
    case Verdict::parked: ++parked; break;
    case Verdict::refused: ++refused; break;
    case Verdict::conflicting: ++conflicting; break;
    case Verdict::missing: ++missing; break;
  }
  if (not_posted.size() < kMaxListed) not_posted.push_back(std::move(verdict));
}

}  // namespace tally::ingest
