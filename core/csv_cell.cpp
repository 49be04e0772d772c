#include "core/csv_cell.h"

#include <cctype>

namespace tally {

bool looks_numeric(std::string_view cell) {
  std::size_t i = !cell.empty() && (cell[0] == '-' || cell[0] == '+') ? 1 : 0;
  bool digit = false;
  for (; i < cell.size(); ++i) {
    if (std::isdigit(static_cast<unsigned char>(cell[i])))
      digit = true;
    else if (cell[i] != '.')
      return false;
  }
  return digit;
}

std::string csv_cell(std::string_view cell) {
  std::string value(cell);
  if (!value.empty() && std::string_view("=+-@\t\r").find(value[0]) != std::string_view::npos && !looks_numeric(value))
    value.insert(0, "'");
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  return quoted + "\"";
}

void csv_row(std::string& out, const std::vector<std::string>& cells) {
  for (std::size_t k = 0; k < cells.size(); ++k) {
    if (k > 0) out.push_back(',');
    out += csv_cell(cells[k]);
  }
  out += "\r\n";
}

}  // namespace tally
