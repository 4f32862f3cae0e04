// The framing layer: Content-Length headers, and recovery from broken headers.
#include <catch2/catch.hpp>

#include <sstream>

#include "lsp/Transport.h"

using namespace stitch::lsp;

namespace {

std::vector<std::pair<ReadStatus, std::string>> ReadAll(const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out;
  Transport transport(in, out);
  std::vector<std::pair<ReadStatus, std::string>> results;
  std::string body;
  for (int i = 0; i < 20; ++i) {
    ReadStatus status = transport.Read(body);
    results.push_back({status, status == ReadStatus::kMessage ? body : ""});
    if (status == ReadStatus::kEnd) break;
  }
  return results;
}

}  // namespace

TEST_CASE("writes and reads framed messages") {
  std::stringstream stream;
  Transport transport(stream, stream);
  transport.Write("{\"a\":1}");
  transport.Write("{\"b\":\"\xc3\xa9\"}");
  CHECK(stream.str() == "Content-Length: 7\r\n\r\n{\"a\":1}Content-Length: 10\r\n\r\n{\"b\":\"\xc3\xa9\"}");
  auto results = ReadAll(stream.str());
  REQUIRE(results.size() == 3);
  CHECK(results[0].second == "{\"a\":1}");
  CHECK(results[1].second == "{\"b\":\"\xc3\xa9\"}");  // the length counts bytes
  CHECK(results[2].first == ReadStatus::kEnd);
}

TEST_CASE("header names are case-insensitive; other headers and bare newlines are accepted") {
  auto results = ReadAll(
      "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}"
      "CONTENT-LENGTH:3\n\n[1]");
  REQUIRE(results.size() == 3);
  CHECK(results[0] == std::make_pair(ReadStatus::kMessage, std::string("{}")));
  CHECK(results[1] == std::make_pair(ReadStatus::kMessage, std::string("[1]")));
}

TEST_CASE("a broken header is reported and reading goes on") {
  auto results = ReadAll(
      "Content-Type: x\r\n\r\n"             // no length
      "Content-Length: abc\r\n\r\n"         // not a number
      "Content-Length: 99999999999\r\n\r\n"  // too large
      "garbage without colon\r\nContent-Length: 2\r\n\r\n{}"  // a bad line: the body is skipped
      "Content-Length: 2\r\n\r\n[]");
  REQUIRE(results.size() == 6);
  CHECK(results[0].first == ReadStatus::kBadHeader);
  CHECK(results[1].first == ReadStatus::kBadHeader);
  CHECK(results[2].first == ReadStatus::kBadHeader);
  CHECK(results[3].first == ReadStatus::kBadHeader);
  CHECK(results[4] == std::make_pair(ReadStatus::kMessage, std::string("[]")));
  CHECK(results[5].first == ReadStatus::kEnd);
}

TEST_CASE("garbage before a header on the same line is skipped") {
  auto results = ReadAll("xx}Content-Length: 2\r\n\r\n{}");
  REQUIRE(results.size() == 2);
  CHECK(results[0] == std::make_pair(ReadStatus::kMessage, std::string("{}")));
}

TEST_CASE("input that ends inside a message ends reading") {
  auto results = ReadAll("Content-Length: 10\r\n\r\n{\"a\"");
  REQUIRE(results.size() == 1);
  CHECK(results[0].first == ReadStatus::kEnd);
  CHECK(ReadAll("Content-Length: 10\r\n").back().first == ReadStatus::kEnd);
  CHECK(ReadAll("").size() == 1);
}
