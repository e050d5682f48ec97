// Row and column sampling (bagging, feature_fraction), keyed by row/column id and iteration so
// that the sample does not depend on the thread count or on how rows are split across machines.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace qgbm {

// Rows (ascending) kept by bagging at `iteration`: row r is in the bag when the draw of its
// global id (row_offset + r: data-parallel training) is < fraction.
std::vector<int32_t> BagRows(int64_t num_rows, double fraction, uint64_t seed, uint64_t iteration,
                             int64_t row_offset = 0);

// Balanced bagging (binary): the same draws as BagRows, row r kept when its draw is below
// pos_fraction for a positive label (> 0), neg_fraction otherwise.
std::vector<int32_t> BagRowsByLabel(std::span<const float> labels, double pos_fraction,
                                    double neg_fraction, uint64_t seed, uint64_t iteration,
                                    int64_t row_offset = 0);

// Mask over `columns` with round(fraction * columns) (at least 1) ones: the columns with the
// smallest draws under key (seed, tree counter).
std::vector<uint8_t> SampleColumns(int columns, double fraction, uint64_t seed, uint64_t counter);

}  // namespace qgbm
