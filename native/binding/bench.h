// runBenchmark(path, options, config, callback): the engine benchmark's native loop
// (native/bench/db_bench.h) run on a worker thread.
#pragma once

#include <napi.h>

namespace strata::binding {

Napi::Value RunBenchmark(const Napi::CallbackInfo& info);

}  // namespace strata::binding
