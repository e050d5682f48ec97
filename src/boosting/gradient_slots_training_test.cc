// Quantized training keeps each row's packed gradient in the training matrix's gradient slot
// when it can claim the slots (BinnedMatrix::HasGradientSlots). Where the slots are taken (a
// second trainer on the same data) it reads its own array instead; both give the same model.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "boosting/gbdt_trainer.h"
#include "data/testing_data.h"
#include "model/model_io.h"

namespace qgbm {
namespace {

// *slots_taken: whether the slots were taken while the trainer lived.
StatusOr<std::string> TrainModel(const Params& params, const Dataset& data, bool* slots_taken) {
  const Context ctx(2, 0, -1);
  QGBM_ASSIGN_OR_RETURN(auto trainer, GbdtTrainer::Create(params, data, {}, nullptr, ctx));
  *slots_taken = !GradientSlotClaim(data.matrix()).held();
  QGBM_RETURN_IF_ERROR(trainer->Train());
  return SerializeModel(trainer->model(), ModelFileFormat::kJson);
}

TEST(GradientSlotsTrainingTest, SlotsOrArrayGiveTheSameModel) {
  // 28 one-byte columns: rows padded to 32 bytes with a slot.
  BinningOptions options;
  options.gradient_slot_min_bytes = 0;  // 6000 rows: far below the default size
  auto data = Dataset::FromRaw(testing::MakeRawData(6000, 28, 7), options, 2);
  ASSERT_TRUE(data.ok()) << data.status().message();
  ASSERT_TRUE(data->matrix().HasGradientSlots());
  Params binary;
  binary.boosting.objective = "binary";
  binary.boosting.num_iterations = 6;
  binary.tree.num_leaves = 31;
  Params bagged = binary;  // out-of-bag rows' slots hold stale words: never read
  bagged.boosting.bagging_fraction = 0.6;
  bagged.boosting.bagging_freq = 1;
  Params multiclass = binary;  // one quantization (and slot write) per class tree
  multiclass.boosting.objective = "multiclass";
  multiclass.boosting.num_class = 2;
  for (const Params& params : {binary, bagged, multiclass}) {
    bool taken = false;
    auto with_slots = TrainModel(params, *data, &taken);
    ASSERT_TRUE(with_slots.ok()) << with_slots.status().message();
    EXPECT_TRUE(taken);                                     // by the trainer
    EXPECT_TRUE(GradientSlotClaim(data->matrix()).held());  // and given back
    std::string without;
    {
      const GradientSlotClaim other(data->matrix());  // as if another trainer held them
      ASSERT_TRUE(other.held());
      auto model = TrainModel(params, *data, &taken);
      ASSERT_TRUE(model.ok()) << model.status().message();
      without = *model;
    }
    EXPECT_EQ(*with_slots, without) << params.boosting.objective;
  }
}

}  // namespace
}  // namespace qgbm
