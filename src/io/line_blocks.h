// LineBlockReader: a plain (uncompressed) text file read in blocks of whole lines, so a large
// file is parsed without ever holding all of its text in memory.
#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "qgbm/status.h"

namespace qgbm::io {

// True when the file starts with the gzip magic bytes (such files are inflated whole instead).
StatusOr<bool> IsGzipFile(const std::string& path);

class LineBlockReader {
 public:
  // Blocks of at least `block_bytes` (except the last) that end just after a '\n' (or at the end
  // of the file); a line longer than a block makes its block longer.
  static StatusOr<LineBlockReader> Open(const std::string& path, size_t block_bytes);

  // The next block, or false at the end of the file. The view stays valid until the next call.
  // first_line: the 1-based line number of the block's first line.
  StatusOr<bool> Next(std::string_view* block, int64_t* first_line);

  // True when the block handed out last is the end of the file (the next Next returns false).
  bool AtEnd() const { return eof_ && carry_ == 0; }

 private:
  struct FileCloser {
    void operator()(std::FILE* f) const { std::fclose(f); }
  };
  std::string path_;
  std::unique_ptr<std::FILE, FileCloser> file_;
  size_t block_bytes_ = 0;
  std::string buffer_;  // the current block, then the start of the next one
  size_t carry_ = 0;    // bytes after the current block already in buffer_
  bool eof_ = false;
  int64_t next_line_ = 1;
};

}  // namespace qgbm::io
