// "Did you mean" suggestions: the closest candidate by edit distance, if it is close enough.
#pragma once

#include <span>
#include <string_view>

namespace iamc {

/// Levenshtein distance, case-insensitive, capped at `max_distance + 1` for speed.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t max_distance);

/// The candidate nearest to `word`, or empty when none is within a third of the word's length
/// (at least 1, at most 3 edits).
std::string_view closest_match(std::string_view word, std::span<const std::string_view> candidates);

}  // namespace iamc
