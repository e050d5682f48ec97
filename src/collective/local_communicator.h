// LocalCommunicator: one process, one rank; every collective leaves the data as it is. The
// single-machine path runs the same code as a distributed one, through this.
#pragma once

#include "collective/communicator.h"

namespace qgbm {

class LocalCommunicator final : public Communicator {
 public:
  int rank() const override { return 0; }
  int size() const override { return 1; }
  std::string name() const override { return "local"; }
  Status AllreduceSum(std::span<int32_t>) override { return Status::Ok(); }
  Status AllreduceSum(std::span<int64_t>) override { return Status::Ok(); }
  Status AllreduceMax(std::span<double>) override { return Status::Ok(); }
  Status Allgather(std::span<const uint8_t> mine, std::vector<std::vector<uint8_t>>* all) override {
    all->assign(1, std::vector<uint8_t>(mine.begin(), mine.end()));
    return Status::Ok();
  }
  Status Broadcast(int root, std::vector<uint8_t>*) override {
    return root == 0 ? Status::Ok()
                     : Status::InvalidArgument("broadcast root " + std::to_string(root) +
                                               " is not a rank of a 1-rank job");
  }
  Status Barrier() override { return Status::Ok(); }
  void Abort(const std::string&) override {}
};

}  // namespace qgbm
