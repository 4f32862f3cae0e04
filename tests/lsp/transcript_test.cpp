// Transcript tests: each `transcripts/<feature>.in.json` is a JSON array of messages sent to
// the server through the real framing (an object is sent as JSON, a string as raw body bytes,
// for malformed input); `<feature>.out.json` holds exactly what the server wrote back and its
// exit code. `${ROOT}` stands for the source root in both. STITCH_UPDATE_GOLDEN=1 rewrites the
// expectations.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

#include "lsp/LanguageServer.h"
#include "lsp/Transport.h"
#include "support/Golden.h"

using namespace stitch::lsp;

namespace {

void ReplaceAll(std::string& text, const std::string& from, const std::string& to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

std::string RunTranscript(const std::string& path) {
  std::string root = std::filesystem::current_path().string();
  std::string input = stitch::testing::ReadText(path);
  ReplaceAll(input, "${ROOT}", root);
  Json messages = Json::parse(input);
  REQUIRE(messages.is_array());

  std::stringstream in, out;
  Transport writer(in, in);
  for (const Json& message : messages) writer.Write(message.is_string() ? message.get<std::string>() : message.dump());
  Transport transport(in, out);
  int exit_code = RunLanguageServer(transport, {"test"});

  Json replies = Json::array();
  std::istringstream written(out.str());
  std::ostringstream unused;
  Transport reader(written, unused);
  std::string body;
  while (reader.Read(body) == ReadStatus::kMessage) replies.push_back(Json::parse(body));
  std::string text = Json{{"exit_code", exit_code}, {"messages", replies}}.dump(2) + "\n";
  ReplaceAll(text, root, "${ROOT}");
  return text;
}

}  // namespace

TEST_CASE("every transcript gives exactly its expected responses") {
  auto cases = stitch::testing::FilesWithSuffix("tests/lsp/transcripts", ".in.json");
  REQUIRE(cases.size() >= 10);
  for (const std::string& path : cases) {
    DYNAMIC_SECTION(path) {
      std::string expected_path = path.substr(0, path.size() - 8) + ".out.json";
      std::string actual = RunTranscript(path);
      CHECK(actual == stitch::testing::Expect(expected_path, actual));
    }
  }
}
