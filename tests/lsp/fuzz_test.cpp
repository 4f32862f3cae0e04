// A fuzz-style test with a fixed seed: 1,000 random incremental edits (UTF-16 positions, some
// past the ends, multi-byte text) interleaved with random requests and malformed messages. The
// server must answer every request exactly once, keep its text equal to a model of the edits,
// and still answer at the end. A second part feeds broken framing through the transport.
#include <catch2/catch.hpp>

#include <random>
#include <set>
#include <sstream>

#include "compiler/Compile.h"
#include "lsp/LanguageServer.h"

using namespace stitch::lsp;

namespace {

const std::string kUri = "file:///fuzz/a.policy";

// UTF-8 ↔ UTF-16 for valid text (everything the test sends is valid).
std::u16string ToUtf16(const std::string& s) {
  std::u16string out;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t code = n == 1 ? c : n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
    for (size_t k = 1; k < n; ++k) code = (code << 6) | (s[i + k] & 0x3F);
    if (code >= 0x10000) {
      out += static_cast<char16_t>(0xD800 + ((code - 0x10000) >> 10));
      out += static_cast<char16_t>(0xDC00 + ((code - 0x10000) & 0x3FF));
    } else {
      out += static_cast<char16_t>(code);
    }
    i += n;
  }
  return out;
}

std::string ToUtf8(const std::u16string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char32_t code = s[i];
    if (code >= 0xD800 && code <= 0xDBFF && i + 1 < s.size()) code = 0x10000 + ((code - 0xD800) << 10) + (s[++i] - 0xDC00);
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xC0 | (code >> 6));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xE0 | (code >> 12));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (code >> 18));
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (code & 0x3F));
    }
  }
  return out;
}

// The model of the document: UTF-16 text with LSP's edit semantics (lines end at "\n").
class Model {
 public:
  explicit Model(const std::string& text) : text_(ToUtf16(text)) {}
  std::string Utf8() const { return ToUtf8(text_); }

  // Clamps a position like the server must: past the line's end → its end, past the last
  // line → the end of the text; never inside a surrogate pair.
  size_t Index(uint32_t line, uint32_t character) const {
    size_t begin = 0;
    for (uint32_t l = 0; l < line; ++l) {
      size_t newline = text_.find(u'\n', begin);
      if (newline == std::u16string::npos) return text_.size();
      begin = newline + 1;
    }
    size_t end = text_.find(u'\n', begin);
    if (end == std::u16string::npos) end = text_.size();
    size_t index = std::min<size_t>(begin + character, end);
    if (index > begin && index < end && IsLowSurrogate(text_[index])) --index;
    return index;
  }
  void Replace(size_t a, size_t b, const std::string& utf8) {
    if (a > b) std::swap(a, b);
    text_.replace(a, b - a, ToUtf16(utf8));
  }
  uint32_t Lines() const { return static_cast<uint32_t>(std::count(text_.begin(), text_.end(), u'\n')) + 1; }

 private:
  static bool IsLowSurrogate(char16_t c) { return c >= 0xDC00 && c <= 0xDFFF; }
  std::u16string text_;
};

struct Harness {
  std::vector<Json> sent;
  LanguageServer server{[this](const Json& message) { sent.push_back(message); }, {"fuzz"}};
  int next_id = 1;

  // Sends a request and returns its one response.
  Json Request(const std::string& method, Json params) {
    int id = next_id++;
    size_t before = sent.size();
    server.HandleMessage(Json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump());
    Json response;
    int responses = 0;
    for (size_t i = before; i < sent.size(); ++i) {
      if (sent[i].contains("id") && sent[i]["id"] == id) {
        response = sent[i];
        ++responses;
      }
    }
    CHECK(responses == 1);
    return response;
  }
  void Notify(const std::string& method, Json params) {
    server.HandleMessage(Json{{"jsonrpc", "2.0"}, {"method", method}, {"params", params}}.dump());
  }
};

}  // namespace

TEST_CASE("1,000 random edits and malformed messages leave the server answering") {
  std::string text;
  REQUIRE(stitch::ReadFile("examples/policies/checkout.policy", text));
  Harness h;
  h.Request("initialize", {{"rootUri", nullptr}, {"capabilities", Json::object()}});
  h.Notify("initialized", Json::object());
  h.Notify("textDocument/didOpen",
           {{"textDocument", {{"uri", kUri}, {"languageId", "stitch"}, {"version", 1}, {"text", text}}}});
  Model model(text);

  std::mt19937 random(20240607);
  auto pick = [&](uint32_t n) { return std::uniform_int_distribution<uint32_t>(0, n - 1)(random); };
  const std::vector<std::string> fragments = {
      "", "x", " ", "\n", "{", "}", "(", ")", "\"", "policy p {", "target service \"a\"", "when ",
      "p99(latency) > 500ms", "then redirect 10% to \"b\"", "const c = 1;", "é", "✓", "😀", "\"😀\"",
      "// comment\n", "/*", "*/", "500", "ms", "%", "/s", "and", "not", "[\"a\", \"b\"]", ";", "\\",
      "isolate node", "health {", "latency p99 <= 300ms weight 1", "~", "1h30m", "9999999999999999999999"};
  const std::vector<std::string> malformed = {
      "", "{", "null", "[]", "[1,2]", "42", "\"text\"", "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"x\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"textDocument/hover\"}",
      "{\"jsonrpc\":\"2.0\",\"id\":7.5,\"method\":\"shutdown\"}",
      "{\"jsonrpc\":\"2.0\",\"method\":5}", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/hover\",\"params\":7}",
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":5}}}",
      "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"textDocument/hover\",\"params\":{\"textDocument\":{\"uri\":\"" + kUri +
          "\"},\"position\":{\"line\":-1,\"character\":0}}}",
      "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"" + kUri +
          "\"},\"contentChanges\":[{\"text\":1}]}}",
      "{\"jsonrpc\":\"2.0\",\"id\":9,\"result\":null}", "\xff\xfe", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"nope\"}"};
  const std::vector<std::string> requests = {
      "textDocument/hover", "textDocument/completion", "textDocument/definition", "textDocument/references",
      "textDocument/documentSymbol", "textDocument/formatting", "textDocument/semanticTokens/full",
      "textDocument/codeAction"};

  int version = 1;
  for (int step = 0; step < 1000; ++step) {
    // One random incremental edit per step.
    uint32_t lines = model.Lines();
    uint32_t l1 = pick(lines + 2), c1 = pick(40), l2 = std::min(l1 + pick(3), lines + 2), c2 = pick(40);
    std::string insert = fragments[pick(static_cast<uint32_t>(fragments.size()))];
    if (pick(4) == 0) insert += fragments[pick(static_cast<uint32_t>(fragments.size()))];
    size_t a = model.Index(l1, c1), b = model.Index(l2, c2);
    model.Replace(a, b, insert);
    ++version;
    size_t before = h.sent.size();
    h.Notify("textDocument/didChange",
             {{"textDocument", {{"uri", kUri}, {"version", version}}},
              {"contentChanges", {{{"range", {{"start", {{"line", l1}, {"character", c1}}}, {"end", {{"line", l2}, {"character", c2}}}}},
                                   {"text", insert}}}}});
    // Every change is re-checked and published with its version.
    REQUIRE(h.sent.size() == before + 1);
    CHECK(h.sent.back()["method"] == "textDocument/publishDiagnostics");
    CHECK(h.sent.back()["params"]["version"] == version);

    if (step % 3 == 0) {
      h.server.HandleMessage(malformed[pick(static_cast<uint32_t>(malformed.size()))]);
    }
    const std::string& method = requests[pick(static_cast<uint32_t>(requests.size()))];
    Json params = {{"textDocument", {{"uri", kUri}}},
                   {"position", {{"line", pick(lines + 2)}, {"character", pick(50)}}},
                   {"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", pick(lines + 2)}, {"character", 0}}}}},
                   {"context", {{"includeDeclaration", true}, {"diagnostics", Json::array()}}},
                   {"options", {{"tabSize", 2}, {"insertSpaces", true}}}};
    Json response = h.Request(method, params);
    INFO("step " << step << " " << method << " " << response.dump());
    CHECK(response.contains("result"));
  }

  const stitch::lsp::Document* document = h.server.server().Find(kUri);
  REQUIRE(document);
  CHECK(document->source->text() == model.Utf8());
  CHECK(document->version == version);
  // Still answering: a fresh text, a hover, then an orderly shutdown.
  h.Notify("textDocument/didChange", {{"textDocument", {{"uri", kUri}, {"version", version + 1}}},
                                      {"contentChanges", {{{"text", text}}}}});
  uint32_t line = 7;  // `  when p99(latency) > slow for 2m` in examples/policies/checkout.policy
  Json hover = h.Request("textDocument/hover", {{"textDocument", {{"uri", kUri}}}, {"position", {{"line", line}, {"character", 12}}}});
  CHECK(hover["result"]["contents"]["value"].get<std::string>().find("latency") != std::string::npos);
  CHECK(h.Request("shutdown", nullptr)["result"].is_null());
  h.Notify("exit", nullptr);
  CHECK(h.server.exit_requested());
  CHECK(h.server.exit_code() == 0);
}

TEST_CASE("broken framing mixed with requests: each request is answered") {
  std::mt19937 random(7);
  std::string input;
  auto frame = [](const std::string& body) { return "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body; };
  input += frame(R"({"jsonrpc":"2.0","id":0,"method":"initialize","params":{}})");
  const std::vector<std::string> garbage = {"Content-Length: zz\r\n\r\n", "X: y\r\n\r\n", "no colon here\r\n\r\n",
                                            "\r\n\r\n", "Content-Length: 5\r\n\r\n{\"a\"}"};
  int requests = 0;
  for (int i = 1; i <= 200; ++i) {
    if (random() % 2) input += garbage[random() % garbage.size()];
    input += frame(R"({"jsonrpc":"2.0","id":)" + std::to_string(i) + R"(,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"file:///none.policy"}}})");
    ++requests;
  }
  std::istringstream in(input);
  std::ostringstream out;
  Transport transport(in, out);
  CHECK(RunLanguageServer(transport) == 1);  // input ended without shutdown and exit

  std::istringstream written(out.str());
  std::ostringstream unused;
  Transport reader(written, unused);
  std::string body;
  std::set<int> answered;
  while (reader.Read(body) == ReadStatus::kMessage) {
    Json message = Json::parse(body);
    if (message["id"].is_number_integer() && message["id"].get<int>() > 0) {
      CHECK(message["error"]["code"] == static_cast<int>(ErrorCode::kInvalidParams));  // not open
      answered.insert(message["id"].get<int>());
    }
  }
  CHECK(answered.size() == static_cast<size_t>(requests));
}
