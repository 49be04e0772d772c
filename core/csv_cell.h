// Cells of the CSV files Tally writes for people's spreadsheets (reports, letters for the
// mail house): RFC 4180 quoting, and formula injection defused: a text cell that opens with
// = + - @ tab or CR gets a leading ' (a number such as -12.50 is left as it is).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tally {

// Whether a cell is a plain number ("-12.50", "3"): right-aligned in HTML, unquoted in CSV.
bool looks_numeric(std::string_view cell);

std::string csv_cell(std::string_view cell);

// Appends the cells as one CSV line ending in CRLF.
void csv_row(std::string& out, const std::vector<std::string>& cells);

}  // namespace tally
