// Positions at the protocol edge: UTF-16 code units on 0-based lines ↔ byte offsets.
#include <catch2/catch.hpp>

#include "lsp/Uri.h"
#include "lsp/Utf16.h"

using namespace stitch;
using namespace stitch::lsp;

TEST_CASE("ASCII positions are byte columns") {
  SourceFile file("a.policy", "ab\ncd\n");
  CHECK(ToOffset(file, {0, 0}) == 0);
  CHECK(ToOffset(file, {1, 1}) == 4);
  CHECK(ToPosition(file, 4) == Position{1, 1});
  CHECK(ToPosition(file, 6) == Position{2, 0});
}

TEST_CASE("characters outside ASCII count UTF-16 code units") {
  // "é" is 2 bytes and 1 unit, "✓" 3 bytes and 1 unit, "😀" 4 bytes and 2 units (a surrogate pair).
  SourceFile file("a.policy", "\"\xc3\xa9\xe2\x9c\x93\xf0\x9f\x98\x80\" x\n");
  CHECK(ToPosition(file, 1) == Position{0, 1});
  CHECK(ToPosition(file, 3) == Position{0, 2});   // after é
  CHECK(ToPosition(file, 6) == Position{0, 3});   // after ✓
  CHECK(ToPosition(file, 10) == Position{0, 5});  // after 😀
  CHECK(ToPosition(file, 12) == Position{0, 7});  // x
  CHECK(ToOffset(file, {0, 7}) == 12);
  CHECK(ToOffset(file, {0, 5}) == 10);
  CHECK(ToOffset(file, {0, 4}) == 6);  // inside the surrogate pair: the start of 😀
  CHECK(Utf16Length("\xf0\x9f\x98\x80x") == 3);
}

TEST_CASE("positions past the end of a line or the file are clamped") {
  SourceFile file("a.policy", "ab\r\ncd");
  CHECK(ToOffset(file, {0, 99}) == 2);   // the end of line 0, before "\r\n"
  CHECK(ToOffset(file, {1, 99}) == 6);
  CHECK(ToOffset(file, {7, 0}) == 6);    // a line past the end: the end of the text
  CHECK(ToPosition(file, 99) == Position{1, 2});
  CHECK(ToRange(file, {4, 6}) == Range{{1, 0}, {1, 2}});
  CHECK(ToSourceRange(file, Range{{1, 2}, {0, 1}}) == SourceRange{1, 6});  // reversed: ordered
}

TEST_CASE("invalid UTF-8 bytes count one unit each") {
  SourceFile file("a.policy", "\xff\xfe" "a");
  CHECK(ToPosition(file, 2) == Position{0, 2});
  CHECK(ToOffset(file, {0, 2}) == 2);
}

TEST_CASE("file URIs and paths") {
  CHECK(UriToPath("file:///a/b%20c.policy") == "/a/b c.policy");
  CHECK(UriToPath("file://host/x.policy") == "/x.policy");
  CHECK(UriToPath("untitled:Untitled-1") == "untitled:Untitled-1");
  CHECK(UriToPath("file:///bad%zz") == "/bad%zz");
  CHECK(PathToUri("/a/b c.policy") == "file:///a/b%20c.policy");
  CHECK(UriToPath(PathToUri("/tmp/ünï code.policy")) == "/tmp/ünï code.policy");
}
