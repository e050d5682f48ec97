// The train and predict jobs the CLI (and later the C API) run: files in, model or predictions
// out, with the time of each phase.
#pragma once

#include <string>

#include "qgbm/params.h"
#include "qgbm/status.h"

#include "collective/communicator.h"
#include "common/context.h"
#include "data/dataset.h"
#include "model/model.h"

namespace qgbm {

struct PhaseTimes {
  double load = 0.0;
  double binning = 0.0;
  double training = 0.0;
  // Data-parallel training: this process's rank (only rank 0 writes files), the number of
  // machines and the bytes this machine handed to collectives.
  int rank = 0;
  int num_machines = 1;
  int64_t bytes_sent = 0;
};

// Binning options from the parameters (max_bin, min_data_in_bin, bin_construct_sample_cnt,
// data_random_seed): the same for file and array data.
BinningOptions MakeBinningOptions(const Params& params);

// Reads and bins one text file as TrainFromFiles does (column options and side files included);
// with a reference (validation data), with its bins and category names.
// comm (data-parallel training): this machine's part, with everyone's bins.
StatusOr<Dataset> DatasetFromFile(const std::string& path, const Params& params, const Context& ctx,
                                  const Dataset* reference, Communicator* comm = nullptr);

// Reads params.io.data (and valid files), bins, trains; continues params.io.input_model if set.
// With tree_learner=data each MPI process trains on its share of the rows (docs/distributed.md)
// and all get the model one process would train on all rows; an error on any machine ends the
// whole job (MPI_Abort) so that no machine waits forever.
StatusOr<Model> TrainFromFiles(const Params& params, const Context& ctx, PhaseTimes* times);

// Predicts params.io.data with params.io.input_model and writes params.io.output_result.
Status PredictToFile(const Params& params, const Context& ctx);

}  // namespace qgbm
