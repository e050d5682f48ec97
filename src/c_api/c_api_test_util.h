// Shared by the C API tests: small synthetic data sets, CSV files holding the same float32
// values, and handles that free themselves.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "qgbm/c_api.h"

namespace qgbm::testing {

// Row-major float32 features (cols >= 2) with a few missing values, and labels from a rule on them.
struct SyntheticData {
  int64_t rows = 0;
  int cols = 0;
  std::vector<float> x;
  std::vector<float> y;
};

// classes 2: binary labels; classes > 2: class labels 0..classes-1; classes 0: regression.
inline SyntheticData MakeData(int64_t rows, int cols, int classes, uint32_t seed) {
  SyntheticData d;
  d.rows = rows;
  d.cols = cols;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> u(-2.0f, 2.0f);
  d.x.resize(static_cast<size_t>(rows * cols));
  for (float& v : d.x) v = u(rng);
  for (int64_t r = 0; r < rows; ++r) {
    if (r % 17 == 3) d.x[static_cast<size_t>(r * cols + 1)] = NAN;
    const float* row = d.x.data() + r * cols;
    const float third = cols > 2 ? row[2] : 0.0f;
    const float s = row[0] + 0.5f * third * third - (std::isnan(row[1]) ? 1.0f : row[1]);
    if (classes == 0) {
      d.y.push_back(s + 0.1f * u(rng));
    } else if (classes == 2) {
      d.y.push_back(s + 0.5f * u(rng) > 0.5f ? 1.0f : 0.0f);
    } else {
      const int c = static_cast<int>(std::floor(s + 0.5f * u(rng) + 2.0f));
      d.y.push_back(static_cast<float>(std::clamp(c, 0, classes - 1)));
    }
  }
  return d;
}

inline std::string ShortestText(float v) {
  if (std::isnan(v)) return "nan";
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, res.ptr);
}

// The label in column 0, then the features: the file `qgbm train` reads for the same values.
inline std::string WriteCsv(const SyntheticData& d, const std::string& name) {
  // One folder per test and process: ctest runs tests in parallel processes.
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("qgbm_c_api_" + std::string(test->test_suite_name()) + "_" +
                                     test->name() + "_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / name).string();
  std::ofstream out(path);
  for (int64_t r = 0; r < d.rows; ++r) {
    out << ShortestText(d.y[static_cast<size_t>(r)]);
    for (int c = 0; c < d.cols; ++c)
      out << ',' << ShortestText(d.x[static_cast<size_t>(r * d.cols + c)]);
    out << '\n';
  }
  return path;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

struct DatasetPtr {
  QGBMDatasetHandle h = nullptr;
  DatasetPtr() = default;
  DatasetPtr(const DatasetPtr&) = delete;
  DatasetPtr& operator=(const DatasetPtr&) = delete;
  ~DatasetPtr() { QGBM_DatasetFree(h); }
};

struct BoosterPtr {
  QGBMBoosterHandle h = nullptr;
  BoosterPtr() = default;
  BoosterPtr(const BoosterPtr&) = delete;
  BoosterPtr& operator=(const BoosterPtr&) = delete;
  ~BoosterPtr() { QGBM_BoosterFree(h); }
};

inline std::string LastError() { return QGBM_GetLastError(); }

// The model text of a booster (QGBM_BoosterSaveModelToString, all iterations).
inline std::string ModelText(QGBMBoosterHandle booster, int num_iteration = 0) {
  int64_t len = 0;
  EXPECT_EQ(QGBM_BoosterSaveModelToString(booster, num_iteration, 0, &len, nullptr), 0)
      << LastError();
  std::string text(static_cast<size_t>(len), '\0');
  EXPECT_EQ(QGBM_BoosterSaveModelToString(booster, num_iteration, len, &len, text.data()), 0)
      << LastError();
  text.resize(static_cast<size_t>(len > 0 ? len - 1 : 0));
  return text;
}

}  // namespace qgbm::testing
