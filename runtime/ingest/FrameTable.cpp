#include "runtime/ingest/FrameTable.h"

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

namespace stitch::ingest {

namespace {

std::string FormatTime(int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(((ms % 1000) + 1000) % 1000));
  return buf;
}

std::string Cell(const frame::Frame& f, size_t row, size_t col) {
  if (!f.Valid(row, col)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", f.Value(row, col));
  return buf;
}

}  // namespace

std::string FormatTable(const frame::Frame& f, const ColumnFilter& keep) {
  std::string out = "frame " + FormatTime(f.time_ms) + " (" + std::to_string(f.time_ms) + " ms)";
  if (f.stale) out += " STALE";
  out += ", " + std::to_string(f.rows()) + " rows\n";
  std::vector<std::vector<std::string>> table;
  std::vector<std::string> header = {"entity"};
  std::vector<size_t> shown;
  for (size_t col = 0; col < f.columns(); ++col) {
    if (keep && !keep(f.ColumnKey(col))) continue;
    shown.push_back(col);
    header.push_back(f.ColumnKey(col));
  }
  table.push_back(header);
  for (size_t row = 0; row < f.rows(); ++row) {
    std::vector<std::string> line = {frame::DescribeEntity(f.GetEntity(row).id)};
    for (size_t col : shown) line.push_back(Cell(f, row, col));
    table.push_back(std::move(line));
  }
  std::vector<size_t> widths(header.size(), 0);
  for (const auto& line : table) {
    for (size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], line[i].size());
  }
  for (const auto& line : table) {
    std::string text;
    for (size_t i = 0; i < line.size(); ++i) {
      if (i > 0) text += "  ";
      std::string cell = line[i];
      if (i > 0) cell = std::string(widths[i] - cell.size(), ' ') + cell;  // numbers right
      else cell += std::string(widths[i] - cell.size(), ' ');
      text += cell;
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out += "  " + text + "\n";
  }
  for (size_t row = 0; row < f.rows(); ++row) {
    const frame::Entity& e = f.GetEntity(row);
    if (e.tags.empty()) continue;
    out += "  tags of " + frame::DescribeEntity(e.id) + ":";
    for (const auto& [k, v] : e.tags) out += " " + k + "=" + v;
    out += "\n";
  }
  for (const frame::FrameFlag& flag : f.flags()) {
    out += "  note: ";
    if (flag.row != frame::FrameFlag::kWholeFrame) {
      out += frame::DescribeEntity(f.GetEntity(flag.row).id);
      if (!flag.key.empty()) out += " " + flag.key;
      out += ": ";
    }
    out += flag.message + "\n";
  }
  return out;
}

}  // namespace stitch::ingest
