// Machine ceilings for histogram construction (ANCHORS.md section 2.6), measured rather than
// taken from data sheets:
//   - sustained memory bandwidth: STREAM copy (c = a) and triad (a = b + s * c) on arrays far
//     larger than the last-level cache;
//   - histogram update rate: scatter-adds of random 8-bit bins into a small L1-resident uint32
//     histogram, the inner step of a row-wise histogram build.
// benchmarks/run.py divides these into a qgbm run's histogram work to get the fraction of the
// ceiling it reached. Output: one "<name> <threads> <value>" line per number, e.g.
//   copy_gbps 1 18.4
//   triad_gbps 2 21.7
//   hist_gups 2 2.05
// and '#' comment lines. Bandwidth is counted the STREAM way (copy 16 B, triad 24 B per element,
// write-allocate traffic not counted); every figure is the best of --reps repetitions.
//
// Usage: qgbm_stream_ceiling [--threads 1,2] [--array-mib 256] [--reps 5]
// std::thread, not OpenMP: each thread owns a fixed slice, which is all this needs, and the
// program stays independent of the library's threading setup.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::vector<int> threads{1, 2};
  size_t array_mib = 256;  // per array; 3 arrays. STREAM asks for >= 4x the last-level cache.
  int reps = 5;
};

// The histogram kernel's shape: 16 features x 256 bins x 4 bytes = 16 KiB per thread fits in
// any recent L1d, and a 4096-row block of bin codes (64 KiB) stays in L2, so the loop measures
// update throughput, not memory traffic.
constexpr int kHistFeatures = 16;
constexpr int kBinsPerFeature = 256;
constexpr int kHistRows = 4096;
constexpr int64_t kUpdatesPerThreadPerRep = int64_t{1} << 27;

// Runs body(t) for t in [0, nthreads), the calling thread taking t = 0; returns wall seconds.
// Threads are started per call: that costs tens of microseconds against tens of milliseconds of
// work, and needs no barrier.
double RunParallel(int nthreads, const std::function<void(int)>& body) {
  const auto t0 = Clock::now();
  std::vector<std::thread> pool;
  pool.reserve(static_cast<size_t>(nthreads - 1));
  for (int t = 1; t < nthreads; ++t) pool.emplace_back(body, t);
  body(0);
  for (auto& th : pool) th.join();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

size_t SliceBegin(size_t n, int t, int nthreads) {
  return n * static_cast<size_t>(t) / static_cast<size_t>(nthreads);
}

double* AllocDoubles(size_t n) {
  // 64-byte aligned (n is a multiple of 8 elements); left uninitialised so that each thread
  // first-touches its own slice, as it will use it.
  void* p = std::aligned_alloc(64, n * sizeof(double));
  if (p == nullptr) {
    std::fprintf(stderr, "error: cannot allocate %zu MiB\n", n * sizeof(double) >> 20);
    std::exit(1);
  }
  return static_cast<double*>(p);
}

// Returns {best copy GB/s, best triad GB/s}. a = 2, b = 1, s = 0.5 is a fixed point of
// copy-then-triad, so the values never drift and can be checked afterwards.
std::pair<double, double> MeasureBandwidth(int nthreads, const Options& opt) {
  const size_t n = (opt.array_mib << 20) / sizeof(double);
  double* a = AllocDoubles(n);
  double* b = AllocDoubles(n);
  double* c = AllocDoubles(n);
  RunParallel(nthreads, [&](int t) {
    for (size_t i = SliceBegin(n, t, nthreads); i < SliceBegin(n, t + 1, nthreads); ++i) {
      a[i] = 2.0;
      b[i] = 1.0;
      c[i] = 0.0;
    }
  });
  const double s = 0.5;
  double best_copy = 0.0, best_triad = 0.0;
  for (int rep = 0; rep < opt.reps; ++rep) {
    const double copy_s = RunParallel(nthreads, [&](int t) {
      // Built with -fno-tree-loop-distribute-patterns (CMakeLists.txt) so this stays a loop:
      // as a memcpy call, glibc would switch to non-temporal stores and measure something else.
      for (size_t i = SliceBegin(n, t, nthreads); i < SliceBegin(n, t + 1, nthreads); ++i) {
        c[i] = a[i];
      }
    });
    const double triad_s = RunParallel(nthreads, [&](int t) {
      for (size_t i = SliceBegin(n, t, nthreads); i < SliceBegin(n, t + 1, nthreads); ++i) {
        a[i] = b[i] + s * c[i];
      }
    });
    best_copy = std::max(best_copy, 16.0 * static_cast<double>(n) / copy_s / 1e9);
    best_triad = std::max(best_triad, 24.0 * static_cast<double>(n) / triad_s / 1e9);
  }
  for (size_t i = 0; i < n; i += 4099) {
    if (a[i] != 2.0 || c[i] != 2.0) {
      std::fprintf(stderr, "error: STREAM arrays hold wrong values at %zu\n", i);
      std::exit(1);
    }
  }
  std::free(a);
  std::free(b);
  std::free(c);
  return {best_copy, best_triad};
}

// Returns the best total updates per second over all threads.
double MeasureHistogramRate(int nthreads, const Options& opt) {
  const int64_t passes = kUpdatesPerThreadPerRep / (int64_t{kHistRows} * kHistFeatures);
  std::vector<std::vector<uint8_t>> bins(static_cast<size_t>(nthreads));
  std::vector<std::vector<uint16_t>> grads(static_cast<size_t>(nthreads));
  std::vector<std::vector<uint32_t>> hists(static_cast<size_t>(nthreads));
  for (int t = 0; t < nthreads; ++t) {
    // Uniform random bins: consecutive rows rarely hit the same bin, so this is the best case
    // for store-to-load forwarding - a ceiling, not a typical rate.
    std::mt19937 rng(1234u + static_cast<unsigned>(t));
    auto& bt = bins[static_cast<size_t>(t)];
    auto& gt = grads[static_cast<size_t>(t)];
    bt.resize(size_t{kHistRows} * kHistFeatures);
    gt.resize(kHistRows);
    for (auto& v : bt) v = static_cast<uint8_t>(rng() & 0xffu);
    for (auto& v : gt) v = static_cast<uint16_t>(rng() & 0xffffu);  // packed int8 g + uint8 h
    hists[static_cast<size_t>(t)].assign(size_t{kHistFeatures} * kBinsPerFeature, 0u);
  }
  double best = 0.0;
  for (int rep = 0; rep < opt.reps; ++rep) {
    const double secs = RunParallel(nthreads, [&](int t) {
      const uint8_t* bt = bins[static_cast<size_t>(t)].data();
      const uint16_t* gt = grads[static_cast<size_t>(t)].data();
      uint32_t* hist = hists[static_cast<size_t>(t)].data();
      for (int64_t p = 0; p < passes; ++p) {
        for (int r = 0; r < kHistRows; ++r) {
          const uint8_t* row = bt + static_cast<size_t>(r) * kHistFeatures;
          const uint32_t g = gt[r];
          for (int f = 0; f < kHistFeatures; ++f) hist[f * kBinsPerFeature + row[f]] += g;
        }
      }
    });
    const double updates =
        static_cast<double>(passes) * kHistRows * kHistFeatures * static_cast<double>(nthreads);
    best = std::max(best, updates / secs);
  }
  // Every pass adds each row's gradient once per feature, so the bins must sum to that (mod
  // 2^32): checks the work was done and keeps the compiler from dropping it.
  for (int t = 0; t < nthreads; ++t) {
    uint32_t grad_sum = 0, hist_sum = 0;
    for (uint16_t g : grads[static_cast<size_t>(t)]) grad_sum += g;
    for (uint32_t h : hists[static_cast<size_t>(t)]) hist_sum += h;
    const uint32_t expect = grad_sum * static_cast<uint32_t>(kHistFeatures) *
                            static_cast<uint32_t>(passes) * static_cast<uint32_t>(opt.reps);
    if (hist_sum != expect) {
      std::fprintf(stderr, "error: histogram sum mismatch on thread %d\n", t);
      std::exit(1);
    }
  }
  return best;
}

// Prints the usage; with a reason, to stderr and exit status 2, else (--help) to stdout and 0.
[[noreturn]] void Usage(const char* why) {
  const char* usage = "usage: qgbm_stream_ceiling [--threads 1,2] [--array-mib 256] [--reps 5]\n";
  if (why == nullptr) {
    std::fputs(usage, stdout);
    std::exit(0);
  }
  std::fprintf(stderr, "error: %s\n%s", why, usage);
  std::exit(2);
}

int PositiveInt(const char* text, const char* what) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v < 1 || v > 1 << 20) {
    Usage((std::string("bad value '") + text + "' for " + what).c_str());
  }
  return static_cast<int>(v);
}

Options ParseArgs(int argc, char** argv) {
  Options opt;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "-h" || arg == "--help") Usage(nullptr);
    if (i + 1 >= argc) Usage(("missing value after " + arg).c_str());
    const std::string value = argv[++i];
    if (arg == "--threads") {
      opt.threads.clear();
      size_t start = 0;
      while (start <= value.size()) {
        const size_t comma = std::min(value.find(',', start), value.size());
        opt.threads.push_back(PositiveInt(value.substr(start, comma - start).c_str(), "--threads"));
        start = comma + 1;
      }
    } else if (arg == "--array-mib") {
      opt.array_mib = static_cast<size_t>(PositiveInt(value.c_str(), "--array-mib"));
    } else if (arg == "--reps") {
      opt.reps = PositiveInt(value.c_str(), "--reps");
    } else {
      Usage(("unknown option " + arg).c_str());
    }
  }
  return opt;
}

}  // namespace

int main(int argc, char** argv) {
  const Options opt = ParseArgs(argc, argv);
  std::printf("# STREAM: 3 arrays x %zu MiB of double, best of %d; GB/s = 1e9 B/s\n", opt.array_mib,
              opt.reps);
  for (int t : opt.threads) {
    const auto [copy, triad] = MeasureBandwidth(t, opt);
    std::printf("copy_gbps %d %.2f\ntriad_gbps %d %.2f\n", t, copy, t, triad);
    std::fflush(stdout);
  }
  std::printf("# histogram: %d features x %d bins x uint32 per thread, random bins, best of %d\n",
              kHistFeatures, kBinsPerFeature, opt.reps);
  for (int t : opt.threads) {
    std::printf("hist_gups %d %.3f\n", t, MeasureHistogramRate(t, opt) / 1e9);
    std::fflush(stdout);
  }
  return 0;
}
