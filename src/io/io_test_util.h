// Scratch files for the io tests: each test gets its own directory under the system temp dir.
#pragma once

#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "io/text_reader.h"

namespace qgbm::io::testing {

class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string name = std::string("qgbm_io_") + (info ? info->name() : "test") + "_" +
                             std::to_string(::getpid()) + "_" + std::to_string(counter++);
    dir_ = std::filesystem::temp_directory_path() / name;
    std::filesystem::create_directories(dir_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

  std::string Write(const std::string& name, const std::string& content) const {
    std::ofstream out(Path(name), std::ios::binary);
    out << content;
    return Path(name);
  }

  std::string WriteGzip(const std::string& name, const std::string& content) const {
    gzFile file = gzopen(Path(name).c_str(), "wb");
    EXPECT_NE(file, nullptr);
    EXPECT_EQ(gzwrite(file, content.data(), static_cast<unsigned>(content.size())),
              static_cast<int>(content.size()));
    gzclose(file);
    return Path(name);
  }

 private:
  std::filesystem::path dir_;
};

// Reads `path`, failing the current test (and returning empty data) when the read fails.
inline RawData MustRead(const std::string& path, const TextReadOptions& options) {
  StatusOr<RawData> data = ReadTextFile(path, options);
  EXPECT_TRUE(data.ok()) << data.status().message();
  return data.ok() ? std::move(data).value() : RawData{};
}

}  // namespace qgbm::io::testing
