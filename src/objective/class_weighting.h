// Class weights of the binary losses (binary, and each class of multiclassova): LightGBM's
// label weights from is_unbalance and scale_pos_weight. They multiply each row's gradient and
// hessian (and its sample weight); initial scores do not use them, as in LightGBM.
#pragma once

#include <array>
#include <cstdint>

namespace qgbm {

struct ClassWeighting {
  bool is_unbalance = false;
  double scale_pos_weight = 1.0;
  bool active() const { return is_unbalance || scale_pos_weight != 1.0; }
};

// {negative weight, positive weight} of a binary problem with `positives` of `rows` rows
// (counted unweighted). is_unbalance weights the rarer class's rows by the ratio of the counts
// so both classes weigh the same in total (nothing when a class is absent); scale_pos_weight
// then multiplies the positives' weight.
inline std::array<float, 2> BinaryLabelWeights(const ClassWeighting& w, int64_t positives,
                                               int64_t rows) {
  double neg = 1.0, pos = 1.0;
  const int64_t negatives = rows - positives;
  if (w.is_unbalance && positives > 0 && negatives > 0) {
    if (positives > negatives) {
      neg = static_cast<double>(positives) / static_cast<double>(negatives);
    } else {
      pos = static_cast<double>(negatives) / static_cast<double>(positives);
    }
  }
  pos *= w.scale_pos_weight;
  return {static_cast<float>(neg), static_cast<float>(pos)};
}

}  // namespace qgbm
