#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "config/config_parser.h"

namespace qgbm {
namespace {

const std::string kDocsPath = std::string(QGBM_SOURCE_DIR) + "/docs/parameters.md";

// docs/parameters.md is generated; run this test with QGBM_REGENERATE_DOCS=1 to rewrite it.
TEST(ParamsMarkdown, CommittedDocsAreCurrent) {
  const std::string expected = ParamsMarkdown();
  if (std::getenv("QGBM_REGENERATE_DOCS") != nullptr) {
    std::ofstream(kDocsPath, std::ios::binary) << expected;
  }
  std::ifstream in(kDocsPath, std::ios::binary);
  ASSERT_TRUE(in) << "missing " << kDocsPath;
  std::stringstream committed;
  committed << in.rdbuf();
  EXPECT_TRUE(committed.str() == expected)
      << kDocsPath << " is stale; regenerate it with QGBM_REGENERATE_DOCS=1 qgbm_config_test";
}

TEST(ParamsMarkdown, ListsEveryKeyWithItsAliasesAndBounds) {
  const std::string md = ParamsMarkdown();
  EXPECT_NE(md.find("| `num_leaves` | int | `31` | in [2, 131072] | `num_leaf`, `max_leaves`"),
            std::string::npos);
  EXPECT_NE(md.find("| `bagging_fraction` | double | `1` | in (0, 1] |"), std::string::npos);
  EXPECT_NE(md.find("`regression` (`regression_l2`"), std::string::npos);
  EXPECT_NE(md.find("## Gradient quantization"), std::string::npos);
}

}  // namespace
}  // namespace qgbm
