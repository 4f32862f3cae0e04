#include "lsp/Utf16.h"

#include <algorithm>

namespace stitch::lsp {
namespace {

// The length in bytes of the UTF-8 sequence starting with `lead` (1 for invalid bytes).
size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead & 0xE0) == 0xC0) return 2;
  if ((lead & 0xF0) == 0xE0) return 3;
  if ((lead & 0xF8) == 0xF0) return 4;
  return 1;
}

// The byte range [begin, end) of a 0-based line, without its line break.
void LineBounds(const SourceFile& file, uint32_t line, uint32_t& begin, uint32_t& end) {
  begin = file.Offset({line + 1, 1});
  end = begin + static_cast<uint32_t>(file.Line(line + 1).size());
}

}  // namespace

uint32_t Utf16Length(std::string_view text) {
  uint32_t units = 0;
  for (size_t i = 0; i < text.size();) {
    size_t length = std::min(SequenceLength(static_cast<unsigned char>(text[i])), text.size() - i);
    units += length == 4 ? 2 : 1;
    i += length;
  }
  return units;
}

uint32_t ToOffset(const SourceFile& file, Position position) {
  if (position.line >= file.line_count()) return static_cast<uint32_t>(file.text().size());
  uint32_t begin, end;
  LineBounds(file, position.line, begin, end);
  const std::string& text = file.text();
  uint32_t offset = begin;
  uint32_t units = 0;
  while (offset < end && units < position.character) {
    size_t length = std::min<size_t>(SequenceLength(static_cast<unsigned char>(text[offset])), end - offset);
    uint32_t width = length == 4 ? 2 : 1;
    if (units + width > position.character) break;  // inside a surrogate pair
    units += width;
    offset += static_cast<uint32_t>(length);
  }
  return offset;
}

Position ToPosition(const SourceFile& file, uint32_t offset) {
  offset = std::min<uint32_t>(offset, file.text().size());
  LineColumn line_column = file.Position(offset);
  uint32_t line_begin = offset - (line_column.column - 1);
  std::string_view prefix = std::string_view(file.text()).substr(line_begin, offset - line_begin);
  return {line_column.line - 1, Utf16Length(prefix)};
}

Range ToRange(const SourceFile& file, SourceRange range) {
  return {ToPosition(file, range.begin), ToPosition(file, std::max(range.begin, range.end))};
}

SourceRange ToSourceRange(const SourceFile& file, Range range) {
  uint32_t begin = ToOffset(file, range.start);
  uint32_t end = ToOffset(file, range.end);
  if (end < begin) std::swap(begin, end);
  return {begin, end};
}

}  // namespace stitch::lsp
