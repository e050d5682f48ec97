// The training parameters a model file keeps (Model::parameters): every parameter that can
// change what is learned. Shared by the CLI's file training and the C API's step-by-step
// training, so both save the same bytes for the same training.
#pragma once

#include "qgbm/params.h"

#include "config/config_parser.h"

namespace qgbm {

// ParamsToKeyValues(params) without the parameters that cannot change what is learned: runtime
// settings (threads, logging, output paths, snapshots, memory caps), where the data came from and
// how its columns were read (data, valid, header, label/weight/group/ignore columns,
// input_model), and prediction-only settings. A model trained from arrays and one trained from a
// file with the same values then keep the same parameters.
KeyValues ModelParameters(const Params& params);

}  // namespace qgbm
