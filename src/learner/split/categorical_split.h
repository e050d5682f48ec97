// Categorical split search: LightGBM's FindBestThresholdCategorical on one column's bins.
//
// Glossary
//   category bin   bins 0 .. num_bins-2 of a categorical column, one category each
//   missing bin    the last bin: missing, negative, rare and unseen categories; it always goes
//                  right (as in LightGBM), so a split is the set of category bins sent left
//   one-hot        num_bins <= max_cat_to_onehot (LightGBM counts the missing bin too): each
//                  category alone against the rest
//   sorted         otherwise: the categories with at least cat_smooth rows, sorted by
//                  grad / (hess + cat_smooth); prefixes of that order from either end, up to
//                  max_cat_threshold categories, are the candidates. Their children's gains use
//                  lambda_l2 + cat_l2; each new candidate adds at least min_data_per_group rows,
//                  and the other side keeps at least min_data_per_group rows
//
// Sums come as LeafSums, so integer (quantized) and float histograms share the search: with a
// QuantScale the left side's exact integer sums are accumulated and dequantized, without one the
// float sums are. Ties keep the first candidate found (one-hot: lowest bin; sorted: the ascending
// end first, shorter prefixes first), so the choice is deterministic.
#pragma once

#include <cstdint>
#include <span>

#include "gradient/gradient_quantizer.h"
#include "learner/split/split_candidate.h"
#include "learner/split/split_math.h"

namespace qgbm {

struct CategoricalOptions {
  int max_cat_to_onehot = 4;
  int max_cat_threshold = 32;
  double cat_smooth = 10.0;
  double cat_l2 = 10.0;
  int min_data_per_group = 100;
};

// bins: the column's num_bins sums (category bins, then the missing bin). scale == nullptr: float
// sums. Replaces *best when a split of this column has a larger gain, filling cat_bins and the
// children's outputs.
void FindCategoricalSplit(int column, std::span<const LeafSums> bins, const LeafSums& leaf,
                          const QuantScale* scale, const SplitOptions& options,
                          const CategoricalOptions& categorical, SplitCandidate* best);

}  // namespace qgbm
