#include "TextDiff.h"

#include <algorithm>
#include <vector>

namespace stitch::stitch {
namespace {

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) {
      out.push_back(text.substr(start));
      break;
    }
    out.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return out;
}

struct Op {
  char kind;  // ' ', '-', '+'
  size_t a, b;  // line indices in before / after
};

// Longest-common-subsequence edit script (quadratic; manifests are small).
std::vector<Op> Script(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t n = a.size(), m = b.size();
  std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
  for (size_t i = n; i-- > 0;)
    for (size_t j = m; j-- > 0;)
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
  std::vector<Op> ops;
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      ops.push_back({' ', i++, j++});
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      ops.push_back({'-', i++, j});  // removals first, as in `diff -u`
    } else {
      ops.push_back({'+', i, j++});
    }
  }
  return ops;
}

}  // namespace

std::string UnifiedDiff(const std::string& before, const std::string& after, const std::string& before_name,
                        const std::string& after_name, bool color) {
  if (before == after) return "";
  const char* red = color ? "\x1b[31m" : "";
  const char* green = color ? "\x1b[32m" : "";
  const char* cyan = color ? "\x1b[36m" : "";
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  auto a = Lines(before), b = Lines(after);
  auto ops = Script(a, b);
  std::string out = std::string(bold) + "--- " + before_name + reset + "\n" + bold + "+++ " + after_name + reset + "\n";
  constexpr size_t kContext = 3;
  size_t k = 0;
  while (k < ops.size()) {
    if (ops[k].kind == ' ') {
      ++k;
      continue;
    }
    // A hunk: from kContext before this change to kContext after the last change within reach.
    size_t start = k >= kContext ? k - kContext : 0;
    size_t end = k;
    size_t last_change = k;
    while (end < ops.size()) {
      if (ops[end].kind != ' ') last_change = end;
      if (end - last_change > 2 * kContext) break;
      ++end;
    }
    end = std::min(ops.size(), last_change + kContext + 1);
    size_t a_start = ops[start].a, b_start = ops[start].b, a_len = 0, b_len = 0;
    for (size_t i = start; i < end; ++i) {
      if (ops[i].kind != '+') ++a_len;
      if (ops[i].kind != '-') ++b_len;
    }
    out += std::string(cyan) + "@@ -" + std::to_string(a_len ? a_start + 1 : a_start) + "," + std::to_string(a_len) +
           " +" + std::to_string(b_len ? b_start + 1 : b_start) + "," + std::to_string(b_len) + " @@" + reset + "\n";
    for (size_t i = start; i < end; ++i) {
      const Op& op = ops[i];
      if (op.kind == ' ') out += " " + a[op.a] + "\n";
      else if (op.kind == '-') out += std::string(red) + "-" + a[op.a] + reset + "\n";
      else out += std::string(green) + "+" + b[op.b] + reset + "\n";
    }
    k = end;
  }
  return out;
}

}  // namespace stitch::stitch
