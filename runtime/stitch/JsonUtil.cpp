#include "JsonUtil.h"

#include <cctype>
#include <cmath>
#include <cstdio>

namespace stitch::stitch {

std::string CamelCase(std::string_view snake) {
  std::string out;
  bool upper = false;
  for (char c : snake) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    upper = false;
  }
  return out;
}

namespace {

void CountStyles(const Json& v, int& snake, int& camel) {
  if (v.is_object()) {
    for (auto it = v.begin(); it != v.end(); ++it) {
      const std::string& k = it.key();
      if (!k.empty() && k[0] != '@') {
        if (k.find('_') != std::string::npos) ++snake;
        for (size_t i = 1; i < k.size(); ++i) {
          if (std::islower(static_cast<unsigned char>(k[i - 1])) &&
              std::isupper(static_cast<unsigned char>(k[i]))) {
            ++camel;
            break;
          }
        }
      }
      CountStyles(it.value(), snake, camel);
    }
  } else if (v.is_array()) {
    for (const Json& item : v) CountStyles(item, snake, camel);
  }
}

}  // namespace

bool UsesCamelCase(const Json& doc) {
  int snake = 0, camel = 0;
  CountStyles(doc, snake, camel);
  return camel > snake;
}

const Json* Field(const Json& object, std::string_view snake) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(std::string(snake));
  if (it != object.end()) return &*it;
  it = object.find(CamelCase(snake));
  if (it != object.end()) return &*it;
  return nullptr;
}

Json* Field(Json& object, std::string_view snake) {
  return const_cast<Json*>(Field(static_cast<const Json&>(object), snake));
}

std::string Key(const Json& object, std::string_view snake, bool camel) {
  std::string s(snake);
  if (object.is_object() && object.contains(s)) return s;
  std::string c = CamelCase(snake);
  if (object.is_object() && object.contains(c)) return c;
  return camel ? c : s;
}

std::string Str(const Json& object, std::string_view key) {
  const Json* v = Field(object, key);
  return v && v->is_string() ? v->get<std::string>() : std::string();
}

std::string Child(const std::string& parent, std::string_view token) {
  std::string out = parent + "/";
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

std::string Child(const std::string& parent, size_t index) {
  return parent + "/" + std::to_string(index);
}

std::string DurationString(double seconds) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.9f", seconds);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s + "s";
}

Json NumberJson(double value) {
  if (std::floor(value) == value && std::fabs(value) < 9e15) return static_cast<std::int64_t>(value);
  return value;
}

}  // namespace stitch::stitch
