#include "lsp/Transport.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace stitch::lsp {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::string Trim(const std::string& s) {
  size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  size_t end = s.find_last_not_of(" \t\r");
  return s.substr(begin, end - begin + 1);
}

}  // namespace

ReadStatus Transport::Read(std::string& body) {
  bool any_header = false;
  bool have_length = false;
  bool bad = false;
  size_t length = 0;
  std::string line;
  while (true) {
    if (!std::getline(in_, line)) return ReadStatus::kEnd;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!any_header) continue;  // stray blank lines between messages
      break;
    }
    any_header = true;
    // Garbage left by a broken message may precede the next header on the same line.
    std::string lower = Lower(line);
    size_t name = lower.find("content-length:");
    if (name == std::string::npos) {
      if (line.find(':') == std::string::npos) bad = true;
      continue;
    }
    std::string value = Trim(line.substr(name + 15));
    auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), length);
    have_length = error == std::errc() && end == value.data() + value.size() && length <= kMaxBody;
    if (!have_length) bad = true;
  }
  if (!have_length) return ReadStatus::kBadHeader;
  body.assign(length, '\0');
  in_.read(body.data(), static_cast<std::streamsize>(length));
  if (static_cast<size_t>(in_.gcount()) != length) return ReadStatus::kEnd;
  if (bad) return ReadStatus::kBadHeader;  // the body of a bad header block is skipped
  return ReadStatus::kMessage;
}

void Transport::Write(const std::string& body) {
  out_ << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out_.flush();
}

}  // namespace stitch::lsp
