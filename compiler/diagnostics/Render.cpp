#include "Render.h"

#include <algorithm>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace stitch {
namespace {

const char* kBold = "\x1b[1m";
const char* kRed = "\x1b[1;31m";
const char* kYellow = "\x1b[1;33m";
const char* kCyan = "\x1b[1;36m";
const char* kGreen = "\x1b[1;32m";
const char* kReset = "\x1b[0m";

std::string Location(const SourceFilePtr& file, SourceRange range) {
  if (!file) return "";
  LineColumn at = file->Position(range.begin);
  return fmt::format("{}:{}:{}: ", file->path(), at.line, at.column);
}

// The source line holding `range.begin`, and a line of `^~~~` under the range (clipped to
// that line).
// The line as it can be shown on a terminal: control bytes, and every non-ASCII byte of a line
// that is not valid UTF-8, become `?`.
std::string Printable(std::string_view line) {
  bool valid = !FindInvalidUtf8(line).has_value();
  std::string out;
  for (char c : line) {
    auto byte = static_cast<unsigned char>(c);
    bool control = (byte < 0x20 && c != '\t') || byte == 0x7F;
    out += control || (byte >= 0x80 && !valid) ? '?' : c;
  }
  return out;
}

// Terminal columns taken by bytes [from, to) of a printable line (one per code point).
size_t Columns(std::string_view line, size_t from, size_t to) {
  size_t columns = 0;
  for (size_t i = from; i < to && i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) ++columns;
  }
  return columns;
}

std::string Snippet(const SourceFile& file, SourceRange range, const RenderOptions& options,
                    const char* colour) {
  LineColumn at = file.Position(range.begin);
  std::string line = Printable(file.Line(at.line));
  std::string number = std::to_string(at.line);
  std::string gutter(number.size(), ' ');
  size_t start = std::min<size_t>(at.column - 1, line.size());
  size_t end = std::min<size_t>(start + (range.end > range.begin ? range.end - range.begin : 1), line.size());
  size_t width = std::max<size_t>(1, Columns(line, start, end));
  std::string pad;
  for (size_t i = 0; i < start; ++i) {
    if (line[i] == '\t') pad += '\t';
    else if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) pad += ' ';
  }
  std::string marker = "^" + std::string(width - 1, '~');
  if (options.color) marker = std::string(colour) + marker + kReset;
  return fmt::format(" {} | {}\n {} | {}{}\n", number, line, gutter, pad, marker);
}

nlohmann::json Position(const SourceFile& file, uint32_t offset) {
  LineColumn at = file.Position(offset);
  return {{"line", at.line}, {"column", at.column}, {"offset", offset}};
}

nlohmann::json Range(const SourceFile& file, SourceRange range) {
  return {{"start", Position(file, range.begin)}, {"end", Position(file, range.end)}};
}

}  // namespace

std::string RenderHuman(const Diagnostic& d, const RenderOptions& options) {
  const char* colour = d.severity == Severity::kError ? kRed : kYellow;
  std::string head = fmt::format("{}[{}]", SeverityName(d.severity), Info(d.code).name);
  std::string out = Location(d.file, d.range);
  if (options.color) {
    out = std::string(kBold) + out + kReset + colour + head + kReset + kBold + ": " + d.message +
          kReset + "\n";
  } else {
    out += head + ": " + d.message + "\n";
  }
  if (d.file) out += Snippet(*d.file, d.range, options, colour);
  if (d.fix) {
    out += options.color ? std::string(kGreen) + "help" + kReset : std::string("help");
    out += ": " + d.fix->message + "\n";
  }
  for (const DiagNote& note : d.notes) {
    out += Location(note.file, note.range);
    out += options.color ? std::string(kCyan) + "note" + kReset : std::string("note");
    out += ": " + note.message + "\n";
    if (note.file) out += Snippet(*note.file, note.range, options, kCyan);
  }
  return out;
}

nlohmann::json RenderJson(const Diagnostic& d) {
  nlohmann::json out = {
      {"file", d.file ? d.file->path() : ""},
      {"severity", SeverityName(d.severity)},
      {"code", Info(d.code).name},
      {"message", d.message},
  };
  if (d.file) out["range"] = Range(*d.file, d.range);
  nlohmann::json notes = nlohmann::json::array();
  for (const DiagNote& note : d.notes) {
    nlohmann::json j = {{"message", note.message}};
    if (note.file) {
      j["file"] = note.file->path();
      j["range"] = Range(*note.file, note.range);
    }
    notes.push_back(std::move(j));
  }
  out["notes"] = std::move(notes);
  if (d.fix && d.file) {
    out["fix"] = {{"message", d.fix->message},
                  {"replacement", d.fix->replacement},
                  {"range", Range(*d.file, d.fix->range)}};
  }
  return out;
}

std::string SummaryLine(const Diagnostics& diagnostics) {
  if (diagnostics.empty()) return "no problems";
  auto plural = [](size_t n, const char* word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  return plural(diagnostics.errors(), "error") + ", " + plural(diagnostics.warnings(), "warning");
}

}  // namespace stitch
