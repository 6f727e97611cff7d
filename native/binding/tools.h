// The data-dir tools for `strata check`, `strata inspect` and `strata backup`: argument checks,
// conversions and scheduling on libuv's pool over native/tools/ and DB::Checkpoint.
#pragma once

#include <napi.h>

namespace strata::binding {

// Adds checkDataDir, inspectTable, inspectLog, inspectManifest and checkpoint to exports.
void DefineTools(Napi::Env env, Napi::Object exports);

}  // namespace strata::binding
