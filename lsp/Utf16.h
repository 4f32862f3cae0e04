// The protocol edge for positions: LSP counts UTF-16 code units on 0-based lines; everything
// behind the edge uses the SourceFile's byte offsets. Lines end at "\n" (a "\r" before it is
// part of the line break). Invalid UTF-8 bytes count as one code unit each.
#pragma once

#include <cstdint>

#include "compiler/diagnostics/SourceFile.h"
#include "lsp/Protocol.h"

namespace stitch::lsp {

// The byte offset of a protocol position. A line past the end maps to the end of the text; a
// character past the end of its line maps to the end of the line (as LSP requires); a position
// inside a surrogate pair maps to the start of that character.
uint32_t ToOffset(const SourceFile& file, Position position);

Position ToPosition(const SourceFile& file, uint32_t offset);
Range ToRange(const SourceFile& file, SourceRange range);
SourceRange ToSourceRange(const SourceFile& file, Range range);  // begin <= end

// UTF-16 code units of a UTF-8 text.
uint32_t Utf16Length(std::string_view text);

}  // namespace stitch::lsp
