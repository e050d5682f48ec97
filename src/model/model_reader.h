// Model reader: a parsed model document (JSON and CBOR decode to the same tree of values) into a
// validated Model. Internal to model/; the public entry points are in model_json.h.
//
// Reading goes: check "format" and "format_version" → upgrade the document one version at a time
// up to kModelFormatVersion → read the header → read each tree → cross-check. Each part has one
// small reader, so a new format version adds an upgrade step, not a second copy of the reader.
#pragma once

#include <nlohmann/json.hpp>  // for ordered_json: keeps "parameters" in the order written

#include "qgbm/status.h"

#include "model/model.h"

namespace qgbm {

using ModelDocument = nlohmann::ordered_json;

// Every failure is a DataError naming the field (e.g. "trees[3].left_child[2] = 9 is outside ...").
StatusOr<Model> ReadModelDocument(ModelDocument doc);

}  // namespace qgbm
