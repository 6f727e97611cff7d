// The engine benchmark's native loop: db_bench's workloads (fillseq, fillrandom, overwrite,
// readrandom, seekrandom, readseq) run entirely in C++, so no JavaScript runs per operation.
// bench/engine/main.ts drives it through the addon and prints db_bench's line format.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "strata/options.h"
#include "strata/status.h"

namespace strata::bench {

struct BenchConfig {
  std::vector<std::string> benchmarks;
  uint64_t num = 1000000;
  uint64_t reads = 0;  // 0: num
  int key_size = 16;
  int value_size = 100;
  double compression_ratio = 0.5;  // values compress to about this fraction (db_bench's default)
  bool sync = false;
  uint64_t seed = 42;
};

struct BenchResult {
  std::string name;
  uint64_t ops = 0;
  double seconds = 0;
  uint64_t bytes = 0;
  uint64_t found = 0;  // reads that found their key
};

// Runs the benchmarks in order against the database at path, recreating it for the fill
// benchmarks as db_bench does.
Status RunBenchmarks(const Options& options, const std::string& path, const BenchConfig& config,
                     std::vector<BenchResult>* results);

}  // namespace strata::bench
