#include "io/line_blocks.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "io/file_contents.h"

namespace qgbm::io {

StatusOr<bool> IsGzipFile(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
      return Status::NotFound("file " + path + " does not exist");
    return Status::IoError("file " + path + ": cannot open: " + std::strerror(errno));
  }
  unsigned char magic[2] = {0, 0};
  const size_t got = std::fread(magic, 1, 2, file.get());
  return got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

StatusOr<LineBlockReader> LineBlockReader::Open(const std::string& path, size_t block_bytes) {
  QGBM_RETURN_IF_ERROR(CheckRegularFile(path));
  LineBlockReader reader;
  reader.path_ = path;
  reader.block_bytes_ = std::max<size_t>(block_bytes, 1);
  reader.file_.reset(std::fopen(path.c_str(), "rb"));
  if (!reader.file_) {
    return Status::IoError("file " + path + ": cannot open: " + std::strerror(errno));
  }
  return reader;
}

StatusOr<bool> LineBlockReader::Next(std::string_view* block, int64_t* first_line) {
  // Drop the block handed out last time; keep the carried start of the next one.
  const size_t handed = buffer_.size() - carry_;
  buffer_.erase(0, handed);
  carry_ = 0;
  size_t end = 0;  // one past the block's last '\n'
  for (;;) {
    const size_t search_from = end;
    if (buffer_.size() >= block_bytes_ || eof_) {
      const size_t from = std::min(buffer_.size(), std::max(search_from, block_bytes_ - 1));
      const size_t nl = buffer_.find('\n', std::min(from, buffer_.size()));
      if (nl != std::string::npos) {
        end = nl + 1;
        break;
      }
      if (eof_) {
        end = buffer_.size();
        break;
      }
    }
    // Read more: the block is short, or its tail has no line end yet.
    const size_t old = buffer_.size();
    // Small reads: the buffer ends up about one block long, not two.
    const size_t want =
        std::clamp(block_bytes_ - std::min(block_bytes_, old), size_t{1} << 16, size_t{1} << 22);
    buffer_.resize(old + want);
    const size_t got = std::fread(buffer_.data() + old, 1, want, file_.get());
    buffer_.resize(old + got);
    if (got < want) {
      if (std::ferror(file_.get())) {
        return Status::IoError("file " + path_ + ": read failed: " + std::strerror(errno));
      }
      eof_ = true;
    }
  }
  if (end == 0) return false;
  carry_ = buffer_.size() - end;
  *block = std::string_view(buffer_.data(), end);
  *first_line = next_line_;
  next_line_ += static_cast<int64_t>(std::count(block->begin(), block->end(), '\n'));
  return true;
}

}  // namespace qgbm::io
