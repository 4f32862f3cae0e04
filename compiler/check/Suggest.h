// "Did you mean" suggestions by edit distance.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace stitch::check {

// Levenshtein distance, case-sensitive.
size_t EditDistance(std::string_view a, std::string_view b);

// The candidate closest to `word` when it is close enough to be a likely typo (distance at
// most a third of the word's length, at least 1), ties broken by candidate order.
std::optional<std::string> Closest(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace stitch::check
