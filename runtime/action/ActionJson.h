// Reading and writing lists of actions as JSON: the format the runtime emits and
// `stitch stitch --actions` reads (described in docs/actions.md).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "Action.h"
#include "Result.h"

namespace stitch::action {

// Current version of the actions file format.
inline constexpr int kActionsFormatVersion = 1;

// Parses an actions document: `{"version": 1, "actions": [...]}` (or a bare array of actions).
// Errors carry a stable code (S0101 syntax, S0102 schema) and, as location,
// "<source>: <JSON pointer>" (or "<source>:line:col" for syntax errors). Pure.
Result<std::vector<Action>> ReadActions(std::string_view text, std::string_view source = "<actions>");

// One action from its JSON object; `path` is the JSON pointer of `value` for errors.
Result<Action> ActionFromJson(const nlohmann::ordered_json& value, const std::string& path,
                              std::string_view source = "<actions>");

// The JSON object of one action, fields in a fixed order.
nlohmann::ordered_json ActionToJson(const Action& action);

// The full document `{"version": 1, "actions": [...]}`, pretty-printed with 2 spaces and a
// trailing newline. Deterministic: equal inputs give byte-identical text.
std::string WriteActions(const std::vector<Action>& actions);

}  // namespace stitch::action
