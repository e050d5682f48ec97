// Counter-based random numbers: every draw is a pure function of (seed, stream, counter, index).
//
// Stochastic rounding, bagging and feature sampling key their draws by the global row (or
// feature) id instead of a sequential generator, so results do not depend on how rows are split
// across threads or machines, and successive trees get independent draws.
#pragma once

#include <cstdint>

namespace qgbm {

// SplitMix64 finaliser: a bijective mixer with good avalanche.
constexpr uint64_t Mix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

// Named streams so that different uses of one seed never share draws.
enum class RandomStream : uint64_t {
  kGradientRounding = 1,
  kHessianRounding = 2,
  kBagging = 3,
  kFeatureSampling = 4,
  kBinSample = 5,
  kObjective = 6,            // objective_seed: rank_xendcg's per-row draws
  kNodeFeatureSampling = 7,  // feature_fraction_bynode (keyed by feature_fraction_seed)
  kGoss = 8,                 // data_sample_strategy=goss (keyed by bagging_seed)
};

// Key for one (seed, stream, counter) triple, e.g. counter = iteration * num_class + class.
constexpr uint64_t RandomKey(uint64_t seed, RandomStream stream, uint64_t counter) {
  return Mix64(Mix64(seed ^ (static_cast<uint64_t>(stream) << 56)) ^
               Mix64(counter + 0x632BE59BD9B4E019ULL));
}

// 64 random bits for index `i` under `key`: element i of a SplitMix64 stream seeded with key.
constexpr uint64_t RandomBits(uint64_t key, uint64_t i) {
  return Mix64(key + i * 0xD1B54A32D192ED03ULL);
}

// Uniform in [0, 1) with 24 bits (bits 40..63), exactly representable as float and double.
constexpr double UniformHigh(uint64_t bits) {
  return static_cast<double>(bits >> 40) * (1.0 / 16777216.0);
}
// A second, independent uniform from bits 16..39 of the same draw.
constexpr double UniformLow(uint64_t bits) {
  return static_cast<double>((bits >> 16) & 0xFFFFFFu) * (1.0 / 16777216.0);
}

constexpr double RandomUniform(uint64_t key, uint64_t i) { return UniformHigh(RandomBits(key, i)); }

// 32 random bits for index `i` under a 32-bit key: a multiply-xorshift mixer (lowbias32) of the
// spread index. Cheaper than RandomBits and vectorisable, for per-row draws in hot loops.
constexpr uint32_t RandomBits32(uint32_t key, uint32_t i) {
  uint32_t x = (i * 0x9E3779B9u) ^ key;
  x ^= x >> 16;
  x *= 0x7FEB352Du;
  x ^= x >> 15;
  x *= 0x846CA68Bu;
  x ^= x >> 16;
  return x;
}

}  // namespace qgbm
