#include <atomic>
#include <chrono>
#include <cstring>
#include <numeric>
#include <vector>

#include <gtest/gtest.h>

#include "collective/local_communicator.h"
#include "collective/mpi_communicator.h"
#include "collective/thread_communicator.h"

namespace qgbm {
namespace {

using std::chrono::milliseconds;

void ExpectAllOk(const std::vector<Status>& results) {
  for (size_t r = 0; r < results.size(); ++r)
    EXPECT_TRUE(results[r].ok()) << "rank " << r << ": " << results[r].message();
}

class ThreadRanks : public ::testing::TestWithParam<int> {};

TEST_P(ThreadRanks, IntegerSumsAreExactAndEqualOnEveryRank) {
  const int n = GetParam();
  std::vector<std::vector<int64_t>> out(static_cast<size_t>(n));
  ExpectAllOk(RunRanksAsThreads(n, [&](Communicator& c) {
    std::vector<int64_t> v(1000);
    for (size_t i = 0; i < v.size(); ++i)
      v[i] = static_cast<int64_t>(i) * (c.rank() + 1) + (int64_t{1} << 40);
    QGBM_RETURN_IF_ERROR(c.AllreduceSum(std::span<int64_t>(v)));
    std::vector<int32_t> w = {c.rank(), -c.rank(), 7};
    QGBM_RETURN_IF_ERROR(c.AllreduceSum(std::span<int32_t>(w)));
    if (w[0] != n * (n - 1) / 2 || w[1] != -w[0] || w[2] != 7 * n)
      return Status::Internal("int32 sum wrong");
    out[static_cast<size_t>(c.rank())] = v;
    return Status::Ok();
  }));
  const int64_t ranks_sum = static_cast<int64_t>(n) * (n + 1) / 2;
  for (int r = 0; r < n; ++r) {
    ASSERT_EQ(out[static_cast<size_t>(r)].size(), 1000u);
    for (size_t i = 0; i < 1000; ++i)
      EXPECT_EQ(out[static_cast<size_t>(r)][i],
                static_cast<int64_t>(i) * ranks_sum + n * (int64_t{1} << 40));
  }
}

TEST_P(ThreadRanks, MaxGatherBroadcastAndBytesCounted) {
  const int n = GetParam();
  ExpectAllOk(RunRanksAsThreads(n, [&](Communicator& c) {
    std::vector<double> m = {static_cast<double>(c.rank()), -static_cast<double>(c.rank())};
    QGBM_RETURN_IF_ERROR(c.AllreduceMax(std::span<double>(m)));
    if (m[0] != n - 1 || m[1] != 0.0) return Status::Internal("max wrong");
    // Lengths differ by rank; the result is in rank order.
    std::vector<uint8_t> mine(static_cast<size_t>(c.rank() + 1), static_cast<uint8_t>(c.rank()));
    std::vector<std::vector<uint8_t>> all;
    QGBM_RETURN_IF_ERROR(c.Allgather(mine, &all));
    if (static_cast<int>(all.size()) != n) return Status::Internal("allgather size");
    for (int r = 0; r < n; ++r) {
      if (all[static_cast<size_t>(r)] !=
          std::vector<uint8_t>(static_cast<size_t>(r + 1), static_cast<uint8_t>(r)))
        return Status::Internal("allgather content");
    }
    std::vector<uint8_t> b =
        c.rank() == n - 1 ? std::vector<uint8_t>{1, 2, 3} : std::vector<uint8_t>{};
    QGBM_RETURN_IF_ERROR(c.Broadcast(n - 1, &b));
    if (b != std::vector<uint8_t>{1, 2, 3}) return Status::Internal("broadcast");
    QGBM_RETURN_IF_ERROR(c.Barrier());
    // 16 (max) + rank + 1 (allgather) + 3 on the root (broadcast).
    const int64_t expected = 16 + c.rank() + 1 + (c.rank() == n - 1 ? 3 : 0);
    if (c.bytes_sent() != expected)
      return Status::Internal("bytes_sent " + std::to_string(c.bytes_sent()));
    return Status::Ok();
  }));
}

// Doubles summed in rank order: the same bits on every rank.
TEST_P(ThreadRanks, SumInRankOrderIsTheSameOnEveryRank) {
  const int n = GetParam();
  std::vector<double> sums(static_cast<size_t>(n));
  ExpectAllOk(RunRanksAsThreads(n, [&](Communicator& c) {
    auto s = SumInRankOrder(c, 0.1 * (c.rank() + 1) + 1e-17);
    if (!s.ok()) return s.status();
    sums[static_cast<size_t>(c.rank())] = *s;
    return Status::Ok();
  }));
  double expected = 0.0;
  for (int r = 0; r < n; ++r) expected += 0.1 * (r + 1) + 1e-17;
  for (double s : sums) EXPECT_EQ(std::memcmp(&s, &expected, sizeof(double)), 0);
}

TEST_P(ThreadRanks, DifferentLengthsFailOnEveryRank) {
  const int n = GetParam();
  if (n == 1) GTEST_SKIP() << "one rank cannot disagree with itself";
  const auto results = RunRanksAsThreads(n, [&](Communicator& c) {
    std::vector<int64_t> v(static_cast<size_t>(c.rank() == 0 ? 3 : 4));
    return c.AllreduceSum(std::span<int64_t>(v));
  });
  for (const Status& st : results) {
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.message().find("bytes"), std::string::npos) << st.message();
  }
}

// A rank that fails stops the others instead of leaving them waiting in the next collective.
TEST_P(ThreadRanks, AFailingRankStopsTheOthers) {
  const int n = GetParam();
  const auto start = std::chrono::steady_clock::now();
  const auto results = RunRanksAsThreads(
      n,
      [&](Communicator& c) {
        if (c.rank() == n - 1)
          return Status::DataError("bad rows in part " + std::to_string(c.rank()));
        return c.Barrier();
      },
      std::chrono::seconds(30));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  for (int r = 0; r + 1 < n; ++r) {
    EXPECT_FALSE(results[static_cast<size_t>(r)].ok());
    EXPECT_NE(results[static_cast<size_t>(r)].message().find("bad rows in part"), std::string::npos)
        << results[static_cast<size_t>(r)].message();
  }
}

INSTANTIATE_TEST_SUITE_P(Ranks, ThreadRanks, ::testing::Values(1, 2, 3, 4));

// A rank that never arrives (hung, not failed) turns into an error after the timeout.
TEST(ThreadCommunicatorTest, WaitingTooLongIsAnError) {
  std::atomic<bool> release{false};
  const auto results = RunRanksAsThreads(
      2,
      [&](Communicator& c) {
        if (c.rank() == 1) {
          while (!release.load()) std::this_thread::sleep_for(milliseconds(1));
          return Status::Ok();
        }
        Status st = c.Barrier();
        release = true;
        return st;
      },
      milliseconds(50));
  EXPECT_FALSE(results[0].ok());
  EXPECT_NE(results[0].message().find("waited more than 50 ms"), std::string::npos)
      << results[0].message();
}

TEST(LocalCommunicatorTest, OneRankLeavesDataAsItIs) {
  LocalCommunicator c;
  std::vector<int64_t> v = {1, 2, 3};
  ASSERT_TRUE(c.AllreduceSum(std::span<int64_t>(v)).ok());
  EXPECT_EQ(v, (std::vector<int64_t>{1, 2, 3}));
  std::vector<std::vector<uint8_t>> all;
  const std::vector<uint8_t> mine = {9};
  ASSERT_TRUE(c.Allgather(mine, &all).ok());
  EXPECT_EQ(all, (std::vector<std::vector<uint8_t>>{{9}}));
  std::vector<uint8_t> b = {4};
  EXPECT_TRUE(c.Broadcast(0, &b).ok());
  EXPECT_FALSE(c.Broadcast(1, &b).ok());
  auto s = SumInRankOrder(c, 0.5);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, 0.5);
}

TEST(MpiCommunicatorTest, BuildWithoutMpiSaysHowToGetIt) {
  if (MpiAvailable()) GTEST_SKIP() << "this build has MPI (tested by the mpi-labelled tests)";
  auto c = CreateMpiCommunicator();
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("QGBM_USE_MPI"), std::string::npos);
}

}  // namespace
}  // namespace qgbm
