// A source text with its path and line table. Offsets are bytes; lines and columns are 1-based
// and count bytes (the LSP converts to UTF-16 at its edge).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stitch {

// A half-open byte range [begin, end) in one source file.
struct SourceRange {
  uint32_t begin = 0;
  uint32_t end = 0;
  bool operator==(const SourceRange&) const = default;
};

struct LineColumn {
  uint32_t line = 1;
  uint32_t column = 1;
};

// Immutable once built; shared by the AST, diagnostics and the language server.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  std::string_view Slice(SourceRange range) const;

  LineColumn Position(uint32_t offset) const;
  uint32_t Offset(LineColumn position) const;  // clamps to the line and the file
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }
  // The text of a 1-based line without its line break.
  std::string_view Line(uint32_t line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

// The byte offset of the first invalid UTF-8 sequence, or nullopt.
std::optional<size_t> FindInvalidUtf8(std::string_view text);

}  // namespace stitch
