// Actions as policy test files write them: a kind, a target and the fields that matter,
// `{kind: redirect, target: service checkout, share: 10%, to: checkout-shadow}`. An expected
// action matches an active one when the kind and target are equal and every field it gives
// (and `policy`, when given) is equal; the fields it leaves out are not compared.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "runtime/action/Action.h"

namespace stitch::policytest {

struct ActionSpec {
  std::string kind;    // "redirect", "rate_limit", ... (docs/actions.md `type`)
  std::string target;  // "service checkout", "node cart/cart-1", "route checkout/api", "namespace prod"
  std::string policy;  // empty: not compared
  std::map<std::string, double> numbers;     // share, step, every, max, for, per_second, burst, seconds, attempts
  std::map<std::string, std::string> texts;  // to, header, mode, on
  int line = 0;
};

// The fields an action kind has, in the order they are written. Empty for an unknown kind.
const std::vector<std::string>& FieldsOfKind(const std::string& kind);

// Sets one field of `spec` from its text (`share` from `10%`, `to` from `subset v3`); false
// with `error` set when the kind has no such field or the value has the wrong unit.
bool SetField(ActionSpec& spec, const std::string& field, const std::string& text, std::string& error);

// Every field of an active action, with its policy.
ActionSpec SpecOf(const action::Action& action);

// True when the active action has the kind, target and every field `expected` gives.
bool Matches(const ActionSpec& expected, const action::Action& actual);

// The spec in test-file syntax: `{kind: redirect, target: service checkout, share: 10%, ...}`.
std::string FormatSpec(const ActionSpec& spec);

}  // namespace stitch::policytest
