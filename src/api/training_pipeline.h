// The train and predict jobs the CLI (and later the C API) run: files in, model or predictions
// out, with the time of each phase.
#pragma once

#include <string>

#include "qgbm/params.h"
#include "qgbm/status.h"

#include "common/context.h"
#include "data/dataset.h"
#include "model/model.h"

namespace qgbm {

struct PhaseTimes {
  double load = 0.0;
  double binning = 0.0;
  double training = 0.0;
};

// Binning options from the parameters (max_bin, min_data_in_bin, bin_construct_sample_cnt,
// data_random_seed): the same for file and array data.
BinningOptions MakeBinningOptions(const Params& params);

// Reads and bins one text file as TrainFromFiles does (column options and side files included);
// with a reference (validation data), with its bins and category names.
StatusOr<Dataset> DatasetFromFile(const std::string& path, const Params& params, const Context& ctx,
                                  const Dataset* reference);

// Reads params.io.data (and valid files), bins, trains; continues params.io.input_model if set.
StatusOr<Model> TrainFromFiles(const Params& params, const Context& ctx, PhaseTimes* times);

// Predicts params.io.data with params.io.input_model and writes params.io.output_result.
Status PredictToFile(const Params& params, const Context& ctx);

}  // namespace qgbm
