#include "data/bin_mapper.h"

#include <algorithm>
#include <bit>
#include <cmath>

#include "common/parallel_for.h"
#include "common/random.h"

namespace qgbm {
namespace {

// Rows of the sample: all rows when there are few, else each row independently with
// probability sample_count / rows, keyed by row id (so the sample does not depend on threads).
std::vector<int64_t> SampleRows(int64_t rows, const BinningOptions& options) {
  std::vector<int64_t> sample;
  if (rows <= options.sample_count) {
    sample.resize(static_cast<size_t>(rows));
    for (int64_t i = 0; i < rows; ++i) sample[static_cast<size_t>(i)] = i;
    return sample;
  }
  const double rate = static_cast<double>(options.sample_count) / static_cast<double>(rows);
  const uint64_t key = RandomKey(options.seed, RandomStream::kBinSample, 0);
  sample.reserve(static_cast<size_t>(options.sample_count * 11 / 10));
  for (int64_t i = 0; i < rows; ++i) {
    if (RandomUniform(key, static_cast<uint64_t>(i)) < rate) sample.push_back(i);
  }
  return sample;
}

// Ascending sort of non-NaN floats by a stable LSD radix sort on order-preserving keys (11-bit
// digits, passes whose digit is the same for every value skipped). Every feature's sample is
// sorted, so this is most of the binning time on wide data; comparison sorts are several times
// slower. -0.0 lands just before +0.0; they compare equal, so the cuts do not change.
void SortFloats(std::vector<float>* values) {
  const size_t n = values->size();
  if (n < 256) {
    std::sort(values->begin(), values->end());
    return;
  }
  constexpr int kDigitBits = 11, kPasses = 3;
  constexpr uint32_t kBuckets = 1u << kDigitBits;
  std::vector<uint32_t> keys(n), scratch(n);
  std::vector<uint32_t> counts(kPasses * kBuckets, 0);
  for (size_t i = 0; i < n; ++i) {
    const auto bits = std::bit_cast<uint32_t>((*values)[i]);
    const uint32_t key = (bits >> 31) != 0 ? ~bits : bits | 0x80000000u;
    keys[i] = key;
    for (int p = 0; p < kPasses; ++p)
      ++counts[p * kBuckets + ((key >> (p * kDigitBits)) & (kBuckets - 1))];
  }
  for (int p = 0; p < kPasses; ++p) {
    uint32_t* count = counts.data() + p * kBuckets;
    if (count[(keys[0] >> (p * kDigitBits)) & (kBuckets - 1)] == n) continue;
    uint32_t offset = 0;
    for (uint32_t d = 0; d < kBuckets; ++d) {
      const uint32_t c = count[d];
      count[d] = offset;
      offset += c;
    }
    for (const uint32_t key : keys)
      scratch[count[(key >> (p * kDigitBits)) & (kBuckets - 1)]++] = key;
    keys.swap(scratch);
  }
  for (size_t i = 0; i < n; ++i) {
    const uint32_t key = keys[i];
    (*values)[i] = std::bit_cast<float>((key >> 31) != 0 ? key & 0x7FFFFFFFu : ~key);
  }
}

// Features per task when gathering the sample: one task reads its features' values of each
// sampled row as one contiguous run, instead of one strided value per row and feature.
constexpr int kFeaturesPerGatherTask = 64;
// Sampled rows ahead whose values are fetched early (rows are far apart in wide data).
constexpr size_t kGatherPrefetchRows = 8;

}  // namespace

std::vector<double> FindCuts(std::vector<float> values, int max_bin, int min_data_in_bin) {
  std::vector<double> cuts;
  if (values.empty()) return cuts;
  SortFloats(&values);
  std::vector<float> distinct;
  std::vector<int64_t> counts;
  for (float v : values) {
    if (distinct.empty() || v != distinct.back()) {
      distinct.push_back(v);
      counts.push_back(0);
    }
    ++counts.back();
  }
  const size_t nd = distinct.size();
  int64_t rest = static_cast<int64_t>(values.size());
  int rest_bins = max_bin;
  // Greedy equal-frequency bins: close a bin once it holds its share of the remaining rows, or
  // just before a value that deserves a bin of its own; never below min_data_in_bin rows.
  double mean = nd <= static_cast<size_t>(max_bin) ? 0.0 : static_cast<double>(rest) / rest_bins;
  int64_t current = 0;
  for (size_t i = 0; i + 1 < nd && static_cast<int>(cuts.size()) < max_bin - 1; ++i) {
    current += counts[i];
    rest -= counts[i];
    const bool full =
        static_cast<double>(current) >= mean || static_cast<double>(counts[i + 1]) >= mean;
    if (full && current >= min_data_in_bin) {
      cuts.push_back((static_cast<double>(distinct[i]) + static_cast<double>(distinct[i + 1])) /
                     2.0);
      current = 0;
      --rest_bins;
      if (mean > 0.0 && rest_bins > 0) mean = static_cast<double>(rest) / rest_bins;
    }
  }
  return cuts;
}

BinMapper BinMapper::Build(const RawData& raw, const BinningOptions& options, int threads) {
  const int nf = raw.num_features;
  const int64_t n = raw.num_rows;
  const std::vector<int64_t> sample = SampleRows(n, options);
  std::vector<std::vector<double>> per_feature(static_cast<size_t>(nf));
  BinMapper m;
  m.has_missing_.assign(static_cast<size_t>(nf), 0);
  const int64_t tasks = (nf + kFeaturesPerGatherTask - 1) / kFeaturesPerGatherTask;
  ParallelForDynamic(tasks, threads, [&](int64_t t) {
    const int first = static_cast<int>(t) * kFeaturesPerGatherTask;
    const int last = std::min(nf, first + kFeaturesPerGatherTask);
    std::vector<std::vector<float>> values(static_cast<size_t>(last - first));
    for (auto& v : values) v.reserve(sample.size());
    for (size_t i = 0; i < sample.size(); ++i) {
      if (i + kGatherPrefetchRows < sample.size()) {
        const float* ahead = raw.values.data() + sample[i + kGatherPrefetchRows] * nf + first;
        for (int f = 0; f < last - first; f += 16) __builtin_prefetch(ahead + f);
      }
      const float* row = raw.values.data() + sample[i] * nf;
      for (int f = first; f < last; ++f) {
        if (!std::isnan(row[f])) values[static_cast<size_t>(f - first)].push_back(row[f]);
      }
    }
    for (int f = first; f < last; ++f) {
      per_feature[static_cast<size_t>(f)] =
          FindCuts(std::move(values[static_cast<size_t>(f - first)]), options.max_bin,
                   options.min_data_in_bin);
    }
  });
  // Missing bins from every row, one pass over row blocks (the sample could miss rare NaNs).
  const int64_t blocks = NumBlocks(n, 65536, 64);
  std::vector<std::vector<uint8_t>> block_missing(static_cast<size_t>(blocks),
                                                  std::vector<uint8_t>(static_cast<size_t>(nf), 0));
  ParallelForDynamic(blocks, threads, [&](int64_t b) {
    const BlockRange range = BlockOf(n, blocks, b);
    uint8_t* flags = block_missing[static_cast<size_t>(b)].data();
    const float* v = raw.values.data();
    for (int64_t r = range.begin; r < range.end; ++r) {
      for (int f = 0; f < nf; ++f) flags[f] |= std::isnan(v[r * nf + f]) ? 1 : 0;
    }
  });
  for (const auto& flags : block_missing) {
    for (int f = 0; f < nf; ++f)
      m.has_missing_[static_cast<size_t>(f)] |= flags[static_cast<size_t>(f)];
  }
  m.cut_offsets_.assign(static_cast<size_t>(nf) + 1, 0);
  for (int f = 0; f < nf; ++f) {
    const auto& c = per_feature[static_cast<size_t>(f)];
    m.cut_offsets_[static_cast<size_t>(f) + 1] =
        m.cut_offsets_[static_cast<size_t>(f)] + static_cast<int64_t>(c.size());
    m.cuts_.insert(m.cuts_.end(), c.begin(), c.end());
  }
  return m;
}

int BinMapper::MaxNumBins() const {
  int best = 1;
  for (int f = 0; f < num_features(); ++f) best = std::max(best, NumBins(f));
  return best;
}

}  // namespace qgbm
