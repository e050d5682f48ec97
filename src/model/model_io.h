// Model files: save atomically in JSON or CBOR, load either (the encoding is detected from the
// content, never from the file name).
#pragma once

#include <string>
#include <string_view>

#include "qgbm/status.h"

#include "model/model.h"

namespace qgbm {

enum class ModelFileFormat { kJson, kCbor };

// Checks the model (ValidateModel) and encodes it. A model that fails the check, e.g. one with a
// non-finite leaf value, is a bug in whatever built it: Status::Internal naming the problem.
StatusOr<std::string> SerializeModel(const Model& model, ModelFileFormat format);

// Decodes JSON or CBOR: a document whose first non-blank byte opens a CBOR map (0xA0..0xBF) is
// CBOR, anything else is parsed as JSON (so text errors come with a JSON parse position).
StatusOr<Model> DeserializeModel(std::string_view bytes);

// Writes through a temporary file and a rename, so readers never see a half-written model.
Status SaveModel(const Model& model, const std::string& path,
                 ModelFileFormat format = ModelFileFormat::kJson);

// NotFound for a missing file, IoError when reading fails, DataError for bad content; messages
// start with the path.
StatusOr<Model> LoadModel(const std::string& path);

}  // namespace qgbm
