#include "SourceFile.h"

#include <algorithm>

namespace stitch {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

std::string_view SourceFile::Slice(SourceRange range) const {
  uint32_t begin = std::min<uint32_t>(range.begin, text_.size());
  uint32_t end = std::clamp<uint32_t>(range.end, begin, text_.size());
  return std::string_view(text_).substr(begin, end - begin);
}

LineColumn SourceFile::Position(uint32_t offset) const {
  offset = std::min<uint32_t>(offset, text_.size());
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  uint32_t line = static_cast<uint32_t>(it - line_starts_.begin());
  return {line, offset - line_starts_[line - 1] + 1};
}

uint32_t SourceFile::Offset(LineColumn position) const {
  if (position.line == 0) return 0;
  if (position.line > line_starts_.size()) return static_cast<uint32_t>(text_.size());
  uint32_t start = line_starts_[position.line - 1];
  uint32_t length = static_cast<uint32_t>(Line(position.line).size());
  return start + std::min(position.column == 0 ? 0 : position.column - 1, length);
}

std::string_view SourceFile::Line(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t start = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] : text_.size();
  std::string_view text = std::string_view(text_).substr(start, end - start);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  return text;
}

}  // namespace stitch
