// glob_match: the `exclude:` patterns of .iamc.yaml ('*' and '?' within a segment, '**' across).
#include <catch2/catch.hpp>

#include "lint/config.hpp"

using iamc::lint::glob_match;

TEST_CASE("glob_match within a segment") {
  CHECK(glob_match("a.iam", "a.iam"));
  CHECK_FALSE(glob_match("a.iam", "b.iam"));
  CHECK(glob_match("*.iam", "x.iam"));
  CHECK_FALSE(glob_match("*.iam", "dir/x.iam"));  // '*' stays in its segment
  CHECK(glob_match("gen?/*.iam", "gen1/x.iam"));
  CHECK_FALSE(glob_match("gen?/*.iam", "gen12/x.iam"));
  CHECK(glob_match("*a*b*", "xaybzb"));
  CHECK_FALSE(glob_match("*a*b", "xaybz"));
}

TEST_CASE("glob_match with ** across segments") {
  CHECK(glob_match("**/skip.iam", "skip.iam"));  // zero segments
  CHECK(glob_match("**/skip.iam", "a/b/skip.iam"));
  CHECK(glob_match("gen/**", "gen/a/b.iam"));
  CHECK(glob_match("**", "a/b/c.iam"));
  CHECK(glob_match("a/**/z.iam", "a/z.iam"));
  CHECK(glob_match("a/**/z.iam", "a/b/c/z.iam"));
  CHECK_FALSE(glob_match("a/**/z.iam", "b/c/z.iam"));
  // Issue 11: a wildcard segment after '**' that first matches the wrong directory.
  CHECK(glob_match("**/gen*/skip.iam", "gen1/x/gen2/skip.iam"));
  CHECK(glob_match("**/gen*/skip.iam", "gen2/skip.iam"));
  CHECK_FALSE(glob_match("**/gen*/skip.iam", "gen1/x/other/skip.iam"));
  CHECK(glob_match("**/a/**/b/*.iam", "x/a/y/a/z/b/q.iam"));
  CHECK_FALSE(glob_match("**/a/**/b/*.iam", "x/a/y/z/c/q.iam"));
}
