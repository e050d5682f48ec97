#include "model/model_io.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

#include "common/atomic_file.h"
#include "model/model_json.h"
#include "model/model_validate.h"

namespace qgbm {
namespace {

bool LooksLikeCbor(std::string_view bytes) {
  for (char c : bytes) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    const auto b = static_cast<unsigned char>(c);
    return (b & 0xE0U) == 0xA0U;  // CBOR major type 5: a map
  }
  return false;
}

StatusOr<std::string> ReadWholeFile(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (f == nullptr) {
    const int err = errno;
    const std::string message = "cannot open model file '" + path + "': " + std::strerror(err);
    return err == ENOENT ? Status::NotFound(message) : Status::IoError(message);
  }
  std::string contents;
  char buffer[1 << 16];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), f.get())) > 0) contents.append(buffer, n);
  if (std::ferror(f.get()) != 0) return Status::IoError("failed reading model file '" + path + "'");
  return contents;
}

}  // namespace

StatusOr<std::string> SerializeModel(const Model& model, ModelFileFormat format) {
  const Status valid = ValidateModel(model);
  if (!valid.ok())
    return Status::Internal("refusing to write an invalid model: " + valid.message());
  return format == ModelFileFormat::kCbor ? ModelToCbor(model) : ModelToJson(model);
}

StatusOr<Model> DeserializeModel(std::string_view bytes) {
  return LooksLikeCbor(bytes) ? ModelFromCbor(bytes) : ModelFromJson(bytes);
}

Status SaveModel(const Model& model, const std::string& path, ModelFileFormat format) {
  QGBM_ASSIGN_OR_RETURN(const std::string bytes, SerializeModel(model, format));
  return WriteFileAtomically(path, bytes);
}

StatusOr<Model> LoadModel(const std::string& path) {
  QGBM_ASSIGN_OR_RETURN(const std::string bytes, ReadWholeFile(path));
  StatusOr<Model> model = DeserializeModel(bytes);
  if (!model.ok())
    return Status(model.status().code(), "model file '" + path + "': " + model.status().message());
  return model;
}

}  // namespace qgbm
