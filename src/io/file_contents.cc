#include "io/file_contents.h"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <system_error>

namespace qgbm::io {

Status CheckRegularFile(const std::string& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    return Status::NotFound("file " + path + " does not exist");
  }
  if (!std::filesystem::is_regular_file(status)) {
    return Status::IoError("file " + path + " is not a regular file");
  }
  return Status::Ok();
}

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

Status ReadRawBytes(const std::string& path, std::string* bytes) {
  QGBM_RETURN_IF_ERROR(CheckRegularFile(path));
  std::error_code ec;
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) return Status::IoError("file " + path + ": cannot open: " + std::strerror(errno));
  bytes->reserve(static_cast<size_t>(std::filesystem::file_size(path, ec)));
  char buffer[1 << 16];
  size_t got = 0;
  while ((got = std::fread(buffer, 1, sizeof(buffer), file.get())) > 0) bytes->append(buffer, got);
  if (std::ferror(file.get())) {
    return Status::IoError("file " + path + ": read failed: " + std::strerror(errno));
  }
  return Status::Ok();
}

bool IsGzip(const std::string& bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

// The gzip trailer stores the uncompressed size mod 2^32: a good first guess for the buffer when
// it is plausible. A corrupt or truncated file has garbage there, so the guess is capped (the
// buffer still doubles as needed).
size_t InflatedSizeHint(const std::string& bytes) {
  constexpr size_t kMaxRatio = 16;
  const size_t fallback = bytes.size() * 4;
  if (bytes.size() < 18) return fallback;
  const auto* tail = reinterpret_cast<const unsigned char*>(bytes.data() + bytes.size() - 4);
  const size_t isize = tail[0] | (tail[1] << 8) | (tail[2] << 16) | (size_t{tail[3]} << 24);
  return isize >= bytes.size() && isize <= bytes.size() * kMaxRatio ? isize : fallback;
}

class Inflater {
 public:
  Inflater() { std::memset(&stream_, 0, sizeof(stream_)); }
  ~Inflater() {
    if (initialized_) inflateEnd(&stream_);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  Status Run(const std::string& path, const std::string& in, std::string* out) {
    // 15 + 16: zlib window, gzip wrapper only.
    if (inflateInit2(&stream_, 15 + 16) != Z_OK) return Status::Internal("inflateInit2 failed");
    initialized_ = true;
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    stream_.avail_in = 0;
    size_t in_pos = 0, out_pos = 0;
    out->resize(InflatedSizeHint(in));
    while (true) {
      // avail_in/avail_out are 32-bit: feed large inputs and outputs in slices.
      if (stream_.avail_in == 0 && in_pos < in.size()) {
        const size_t slice = std::min<size_t>(in.size() - in_pos, 1u << 30);
        stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data() + in_pos));
        stream_.avail_in = static_cast<uInt>(slice);
        in_pos += slice;
      }
      if (out_pos == out->size()) out->resize(out->size() * 2);
      const size_t room = std::min<size_t>(out->size() - out_pos, 1u << 30);
      stream_.next_out = reinterpret_cast<Bytef*>(out->data() + out_pos);
      stream_.avail_out = static_cast<uInt>(room);
      const int ret = inflate(&stream_, Z_NO_FLUSH);
      out_pos += room - stream_.avail_out;
      if (ret == Z_STREAM_END) {
        if (stream_.avail_in == 0 && in_pos == in.size()) break;
        if (!NextMemberFollows(in, in_pos)) break;  // padding after the last member
        inflateReset(&stream_);
        continue;
      }
      if (ret == Z_BUF_ERROR && stream_.avail_in == 0 && in_pos == in.size()) {
        return Status::DataError("file " + path + ": truncated gzip data");
      }
      if (ret != Z_OK && ret != Z_BUF_ERROR) {
        const char* msg = stream_.msg ? stream_.msg : "unknown error";
        return Status::DataError("file " + path + ": corrupt gzip data (" + msg + ")");
      }
    }
    out->resize(out_pos);
    return Status::Ok();
  }

 private:
  bool NextMemberFollows(const std::string& in, size_t in_pos) const {
    const bool buffered = stream_.avail_in > 0;
    const auto* next = buffered ? stream_.next_in : reinterpret_cast<const Bytef*>(&in[in_pos]);
    const size_t rest = buffered ? stream_.avail_in : in.size() - in_pos;
    return rest >= 2 && next[0] == 0x1f && next[1] == 0x8b;
  }
  z_stream stream_;
  bool initialized_ = false;
};

}  // namespace

bool RegularFileExists(const std::string& path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

StatusOr<std::string> ReadFileContents(const std::string& path) {
  std::string bytes;
  QGBM_RETURN_IF_ERROR(ReadRawBytes(path, &bytes));
  if (!IsGzip(bytes)) return bytes;
  std::string text;
  Inflater inflater;
  QGBM_RETURN_IF_ERROR(inflater.Run(path, bytes, &text));
  return text;
}

}  // namespace qgbm::io
