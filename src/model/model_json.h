// Model ⇄ bytes, in JSON (readable, diffable) or CBOR (the same document, compact binary).
// The schema and its version history are in docs/model_format.md.
//
// Writers expect a model that passes ValidateModel (model_validate.h); SaveModel and
// SerializeModel (model_io.h) check that first. Doubles are written so that they read back bit
// for bit. Readers accept every format_version up to kModelFormatVersion and return a DataError
// naming the problem for anything malformed; they never throw or abort on bad input.
#pragma once

#include <string>
#include <string_view>

#include "qgbm/status.h"

#include "model/model.h"

namespace qgbm {

std::string ModelToJson(const Model& model);
StatusOr<Model> ModelFromJson(std::string_view json);

std::string ModelToCbor(const Model& model);
StatusOr<Model> ModelFromCbor(std::string_view cbor);

}  // namespace qgbm
