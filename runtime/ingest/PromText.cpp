#include "runtime/ingest/PromText.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace stitch::ingest {

namespace {

constexpr std::array<bool, 256> MakeTable(bool colon, bool digits) {
  std::array<bool, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  t['_'] = true;
  if (colon) t[':'] = true;
  if (digits) {
    for (int c = '0'; c <= '9'; ++c) t[c] = true;
  }
  return t;
}
constexpr auto kMetricStart = MakeTable(true, false);
constexpr auto kMetricChar = MakeTable(true, true);
constexpr auto kLabelStart = MakeTable(false, false);
constexpr auto kLabelChar = MakeTable(false, true);

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

bool EqualsNoCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

class Scanner {
 public:
  Scanner(std::string_view text, std::string_view file, Exposition& out)
      : text_(text), file_(file), out_(out) {}

  Status Run() {
    size_t pos = 0;
    uint32_t line_no = 0;
    while (pos < text_.size()) {
      ++line_no;
      size_t end = text_.find('\n', pos);
      if (end == std::string_view::npos) end = text_.size();
      std::string_view line = text_.substr(pos, end - pos);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      pos = end + 1;
      size_t i = 0;
      while (i < line.size() && IsBlank(line[i])) ++i;
      if (i == line.size()) continue;
      if (line[i] == '#') {
        if (line.substr(i) == "# EOF") break;
        if (auto status = Comment(line, i, line_no); !status) return status;
        continue;
      }
      if (auto status = Sample(line, i, line_no); !status) return status;
    }
    return Ok{};
  }

 private:
  Error Fail(uint32_t line_no, size_t column, std::string message) const {
    return Error{std::string(file_), line_no, column + 1, {}, std::move(message)};
  }

  Status Comment(std::string_view line, size_t i, uint32_t line_no) {
    std::string_view rest = line.substr(i + 1);
    while (!rest.empty() && IsBlank(rest.front())) rest.remove_prefix(1);
    if (!rest.starts_with("TYPE") || rest.size() < 5 || !IsBlank(rest[4])) return Ok{};
    rest.remove_prefix(5);
    while (!rest.empty() && IsBlank(rest.front())) rest.remove_prefix(1);
    size_t n = 0;
    while (n < rest.size() && kMetricChar[static_cast<unsigned char>(rest[n])]) ++n;
    if (n == 0 || !kMetricStart[static_cast<unsigned char>(rest[0])]) {
      return Fail(line_no, line.size() - rest.size(), "expected a metric name after `# TYPE`");
    }
    std::string_view name = rest.substr(0, n);
    std::string_view type = rest.substr(n);
    while (!type.empty() && IsBlank(type.front())) type.remove_prefix(1);
    while (!type.empty() && IsBlank(type.back())) type.remove_suffix(1);
    PromType t;
    if (type == "counter") {
      t = PromType::kCounter;
    } else if (type == "gauge") {
      t = PromType::kGauge;
    } else if (type == "histogram") {
      t = PromType::kHistogram;
    } else if (type == "summary") {
      t = PromType::kSummary;
    } else if (type == "untyped" || type == "unknown") {
      t = PromType::kUntyped;
    } else {
      return Fail(line_no, line.size() - type.size(),
                  "unknown metric type `" + std::string(type) + "` for `" + std::string(name) +
                      "`");
    }
    out_.types[name] = t;
    return Ok{};
  }

  Status Sample(std::string_view line, size_t i, uint32_t line_no) {
    PromSample sample;
    sample.line = line_no;
    const size_t name_begin = i;
    if (!kMetricStart[static_cast<unsigned char>(line[i])]) {
      return Fail(line_no, i, "expected a metric name");
    }
    while (i < line.size() && kMetricChar[static_cast<unsigned char>(line[i])]) ++i;
    sample.name = line.substr(name_begin, i - name_begin);
    sample.label_begin = static_cast<uint32_t>(out_.labels.size());
    if (i < line.size() && line[i] == '{') {
      ++i;
      if (auto status = LabelSet(line, i, line_no); !status) return status;
    }
    sample.label_count = static_cast<uint32_t>(out_.labels.size() - sample.label_begin);
    if (i >= line.size() || !IsBlank(line[i])) {
      return Fail(line_no, i, "expected a space and a value after `" + std::string(sample.name) + "`");
    }
    while (i < line.size() && IsBlank(line[i])) ++i;
    size_t value_begin = i;
    while (i < line.size() && !IsBlank(line[i])) ++i;
    std::string_view value = line.substr(value_begin, i - value_begin);
    if (value.empty()) return Fail(line_no, i, "expected a value");
    if (!ParsePromValue(value, &sample.value)) {
      return Fail(line_no, value_begin, "invalid value `" + std::string(value) + "`");
    }
    while (i < line.size() && IsBlank(line[i])) ++i;
    if (i < line.size()) {
      size_t ts_begin = i;
      while (i < line.size() && !IsBlank(line[i])) ++i;
      std::string_view ts = line.substr(ts_begin, i - ts_begin);
      auto [ptr, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), sample.timestamp_ms);
      if (ec != std::errc() || ptr != ts.data() + ts.size()) {
        return Fail(line_no, ts_begin, "invalid timestamp `" + std::string(ts) + "`");
      }
      sample.has_timestamp = true;
      while (i < line.size() && IsBlank(line[i])) ++i;
      if (i < line.size()) return Fail(line_no, i, "unexpected text after the timestamp");
    }
    out_.samples.push_back(sample);
    return Ok{};
  }

  // After `{`: label="value", ... `}` (a trailing comma is allowed).
  Status LabelSet(std::string_view line, size_t& i, uint32_t line_no) {
    while (true) {
      while (i < line.size() && IsBlank(line[i])) ++i;
      if (i < line.size() && line[i] == '}') {
        ++i;
        return Ok{};
      }
      if (i >= line.size() || !kLabelStart[static_cast<unsigned char>(line[i])]) {
        return Fail(line_no, i, "expected a label name or `}`");
      }
      size_t name_begin = i;
      while (i < line.size() && kLabelChar[static_cast<unsigned char>(line[i])]) ++i;
      std::string_view name = line.substr(name_begin, i - name_begin);
      while (i < line.size() && IsBlank(line[i])) ++i;
      if (i >= line.size() || line[i] != '=') {
        return Fail(line_no, i, "expected `=` after label `" + std::string(name) + "`");
      }
      ++i;
      while (i < line.size() && IsBlank(line[i])) ++i;
      if (i >= line.size() || line[i] != '"') {
        return Fail(line_no, i, "expected `\"` to open the value of label `" + std::string(name) + "`");
      }
      ++i;
      size_t value_begin = i;
      bool escaped = false;
      // Fast path: the closing quote by memchr; a backslash before it needs the escape scan.
      const char* rest = line.data() + i;
      const char* quote = static_cast<const char*>(std::memchr(rest, '"', line.size() - i));
      if (quote && !std::memchr(rest, '\\', static_cast<size_t>(quote - rest))) {
        i = static_cast<size_t>(quote - line.data());
      } else {
        while (i < line.size() && line[i] != '"') {
          if (line[i] == '\\') {
            escaped = true;
            ++i;
          }
          ++i;
        }
      }
      if (i >= line.size()) {
        return Fail(line_no, value_begin - 1, "unterminated value of label `" + std::string(name) + "`");
      }
      std::string_view value = line.substr(value_begin, i - value_begin);
      ++i;
      if (escaped) value = Unescape(value);
      out_.labels.push_back({name, value});
      while (i < line.size() && IsBlank(line[i])) ++i;
      if (i < line.size() && line[i] == ',') {
        ++i;
        continue;
      }
      if (i < line.size() && line[i] == '}') {
        ++i;
        return Ok{};
      }
      return Fail(line_no, i, "expected `,` or `}` after the value of label `" + std::string(name) + "`");
    }
  }

  std::string_view Unescape(std::string_view raw) {
    std::string& s = out_.unescaped.emplace_back();
    s.reserve(raw.size());
    for (size_t k = 0; k < raw.size(); ++k) {
      if (raw[k] != '\\' || k + 1 == raw.size()) {
        s += raw[k];
        continue;
      }
      const char c = raw[++k];
      if (c == 'n') {
        s += '\n';
      } else if (c == '\\' || c == '"') {
        s += c;
      } else {
        s += '\\';
        s += c;
      }
    }
    return s;
  }

  std::string_view text_;
  std::string_view file_;
  Exposition& out_;
};

}  // namespace

bool ParsePromValue(std::string_view text, double* out) {
  if (text.empty()) return false;
  bool negative = false;
  if (text.front() == '+' || text.front() == '-') {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  if (EqualsNoCase(text, "inf") || EqualsNoCase(text, "infinity")) {
    *out = negative ? -std::numeric_limits<double>::infinity()
                    : std::numeric_limits<double>::infinity();
    return true;
  }
  if (EqualsNoCase(text, "nan")) {
    *out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (text.empty() || text.front() == '+' || text.front() == '-') return false;
  double v = 0;
  auto format = std::chars_format::general;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    text.remove_prefix(2);
    format = std::chars_format::hex;
  }
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v, format);
  if (ptr != text.data() + text.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    v = std::numeric_limits<double>::infinity();
  } else if (ec != std::errc()) {
    return false;
  }
  *out = negative ? -v : v;
  return true;
}

PromType Exposition::TypeOf(std::string_view name) const {
  if (auto it = types.find(name); it != types.end()) return it->second;
  for (std::string_view suffix : {"_total", "_bucket", "_count", "_sum"}) {
    if (!name.ends_with(suffix)) continue;
    auto it = types.find(name.substr(0, name.size() - suffix.size()));
    if (it == types.end()) continue;
    if (suffix == "_total" && it->second == PromType::kCounter) return it->second;
    if (suffix != "_total" &&
        (it->second == PromType::kHistogram || it->second == PromType::kSummary)) {
      return it->second;
    }
  }
  return PromType::kUntyped;
}

Result<Exposition> ParsePromText(std::string_view text, std::string_view file) {
  Exposition out;
  out.samples.reserve(text.size() / 64);
  out.labels.reserve(text.size() / 32);
  Scanner scanner(text, file, out);
  if (auto status = scanner.Run(); !status) return status.error();
  return out;
}

}  // namespace stitch::ingest
