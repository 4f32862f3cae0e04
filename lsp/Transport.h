// JSON-RPC framing over byte streams: `Content-Length: N\r\n\r\n` then N bytes of JSON
// (the LSP base protocol). Knows nothing about JSON or LSP methods.
#pragma once

#include <cstddef>
#include <istream>
#include <ostream>
#include <string>

namespace stitch::lsp {

enum class ReadStatus {
  kMessage,    // `body` holds one message
  kBadHeader,  // a header block without a valid Content-Length; skipped, reading may go on
  kEnd,        // end of input (or input ended inside a message)
};

// Reads and writes framed messages. Not thread-safe; the streams must outlive the transport.
class Transport {
 public:
  Transport(std::istream& in, std::ostream& out) : in_(in), out_(out) {}

  // Reads the next message body. Header names are case-insensitive, other headers
  // (Content-Type) are ignored, lines may end in "\r\n" or "\n".
  ReadStatus Read(std::string& body);
  // Writes one framed message and flushes.
  void Write(const std::string& body);

  // Bodies larger than this are refused as a bad header (and skipped).
  static constexpr size_t kMaxBody = 64u << 20;

 private:
  std::istream& in_;
  std::ostream& out_;
};

}  // namespace stitch::lsp
