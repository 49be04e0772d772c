// Internal to the card reader: turns one data row, already PAN-masked, into a CardRecord
// through the file's ColumnMap, applying the per-row rules of README.md ("Row rules"): known
// type and currency, valid dates, exact amounts, gross - fees == net, signs that fit the type.
// Every broken rule of the row is reported (not only the first); a row with any is rejected.
#pragma once

#include <string>
#include <vector>

#include "formats/common/csv.h"
#include "formats/card/profile.h"
#include "formats/card/record.h"
#include "formats/common/report.h"

namespace tally::formats::card {

class RowMapper {
 public:
  // `header` holds the file's header names, used to name fields in issues.
  RowMapper(const ColumnMap& map, const std::vector<std::string>& header)
      : map_(map), header_(header) {}

  // Fills `out` from the current record of `row`. False when the row is rejected; its
  // issues (errors and warnings) are added to `report`.
  bool map(const CsvReader& row, CardRecord& out, ParseReport& report) const;

 private:
  const ColumnMap& map_;
  const std::vector<std::string>& header_;
};

}  // namespace tally::formats::card
