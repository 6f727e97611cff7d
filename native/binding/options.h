// Reads engine Options and compression policies from JavaScript objects (the shapes of
// EngineOptions and CompressionRange in src/engine/types.ts).
#pragma once

#include <napi.h>

#include <memory>
#include <string>

#include "strata/compression.h"
#include "strata/options.h"
#include "strata/status.h"

namespace strata::binding {

Status ParseOptions(const Napi::Object& object, Options* options);
Status ParseCompressionPolicy(const Napi::Array& ranges, const CompressionSettings& fallback,
                              std::shared_ptr<const CompressionPolicy>* policy);
Status ParseAlgorithm(const std::string& name, CompressionAlgorithm* algorithm);

}  // namespace strata::binding
