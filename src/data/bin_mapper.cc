#include "data/bin_mapper.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>

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
  auto is_categorical = [&](int f) {
    return static_cast<size_t>(f) < raw.categorical.size() &&
           raw.categorical[static_cast<size_t>(f)] != 0;
  };
  std::vector<CategoryBins> categories(static_cast<size_t>(nf));
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
      std::vector<float>& v = values[static_cast<size_t>(f - first)];
      if (is_categorical(f)) {
        CategoryBins& c = categories[static_cast<size_t>(f)];
        c.bins = FindCategoryBins(v, static_cast<int64_t>(sample.size()), options.max_bin,
                                  options.min_data_in_bin, &c.other_count);
        // Placeholder cuts, so NumNumericBins counts the categories.
        for (size_t b = 1; b < c.bins.size(); ++b)
          per_feature[static_cast<size_t>(f)].push_back(static_cast<double>(b));
        continue;
      }
      per_feature[static_cast<size_t>(f)] =
          FindCuts(std::move(v), options.max_bin, options.min_data_in_bin);
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
  bool any_categorical = false;
  for (int f = 0; f < nf; ++f) any_categorical = any_categorical || is_categorical(f);
  if (any_categorical) m.SetCategories(raw.categorical, categories);
  return m;
}

void BinMapper::SetCategories(const std::vector<uint8_t>& categorical,
                              const std::vector<CategoryBins>& categories) {
  const size_t nf = has_missing_.size();
  categorical_.assign(nf, 0);
  categorical_trivial_.assign(nf, 0);
  category_offsets_.assign(nf + 1, 0);
  for (size_t f = 0; f < nf; ++f) {
    const CategoryBins& c = categories[f];
    if (f < categorical.size() && categorical[f] != 0) {
      categorical_[f] = 1;
      has_missing_[f] = 1;  // the bin of missing, rare and unseen categories always exists
      const size_t used = c.bins.size() + (c.other_count > 0 ? 1 : 0);
      categorical_trivial_[f] = used <= 1 ? 1 : 0;
      for (size_t b = 0; b < c.bins.size(); ++b) {
        bin_category_.push_back(c.bins[b]);
        category_lookup_.emplace_back(c.bins[b], static_cast<int32_t>(b));
      }
      std::sort(category_lookup_.begin() + category_offsets_[f], category_lookup_.end());
    }
    category_offsets_[f + 1] = static_cast<int64_t>(bin_category_.size());
  }
}

uint32_t BinMapper::CategoricalBinOf(int f, float v) const {
  const auto missing = static_cast<uint32_t>(MissingBin(f));
  // NaN and negative values are missing; codes were checked to be integers when read.
  if (!(v >= 0.0f) || v >= 2147483648.0f) return missing;
  const auto code = static_cast<int32_t>(v);
  const auto begin = category_lookup_.begin() + category_offsets_[f];
  const auto end = category_lookup_.begin() + category_offsets_[f + 1];
  const auto it = std::lower_bound(begin, end, std::make_pair(code, int32_t{-1}));
  return it != end && it->first == code ? static_cast<uint32_t>(it->second) : missing;
}

bool BinMapper::HasCategorical() const {
  return std::any_of(categorical_.begin(), categorical_.end(), [](uint8_t c) { return c != 0; });
}

std::vector<int32_t> FindCategoryBins(const std::vector<float>& values, int64_t sample_rows,
                                      int max_bin, int min_data_in_bin, int64_t* other_count) {
  std::map<int32_t, int64_t> counts;  // by code, ascending
  int64_t na = sample_rows - static_cast<int64_t>(values.size());
  for (float v : values) {
    if (v < 0.0f || v >= 2147483648.0f) {
      ++na;
    } else {
      ++counts[static_cast<int32_t>(v)];
    }
  }
  std::vector<std::pair<int32_t, int64_t>> order(counts.begin(), counts.end());
  // Most frequent first; equal counts keep ascending codes (LightGBM's stable sort).
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  std::vector<int32_t> bins;
  const int64_t rest = sample_rows - na;
  *other_count = sample_rows;
  if (rest <= 0) return bins;
  // LightGBM's loop (bin_mapper.cpp, categorical FindBin), bin 0 being its missing bin.
  const auto cut =
      static_cast<int64_t>(static_cast<double>(static_cast<float>(rest) * 0.99f) + 0.5);
  const int64_t distinct = static_cast<int64_t>(order.size()) + (na > 0 ? 1 : 0);
  const int64_t limit = std::min<int64_t>(distinct, max_bin);
  int64_t used = 0, num_bin = 1;
  for (size_t i = 0; i < order.size() && (used < cut || num_bin < limit); ++i) {
    if (order[i].second < min_data_in_bin && i > 1) break;
    bins.push_back(order[i].first);
    used += order[i].second;
    ++num_bin;
  }
  *other_count = sample_rows - used;
  return bins;
}

int BinMapper::MaxNumBins() const {
  int best = 1;
  for (int f = 0; f < num_features(); ++f) best = std::max(best, NumBins(f));
  return best;
}

}  // namespace qgbm
