// Turns an engine Status into a JS Error whose message starts with "[CODE] " (CODE from
// Status::CodeName), which src/engine/errors.ts converts into an EngineError with that code.
#pragma once

#include <napi.h>

#include "strata/status.h"

namespace strata::binding {

Napi::Error StatusToError(Napi::Env env, const Status& status);

// Throws TypeError and returns false when the condition fails (argument checks).
bool Check(Napi::Env env, bool condition, const char* message);

}  // namespace strata::binding
