// The addon's entry point: exports Database (and, for Database.newIterator, the Iterator class)
// and the engine's version.
#include <napi.h>

#include "binding/bench.h"
#include "binding/database.h"
#include "binding/iterator.h"
#include "binding/mvcc_reader.h"
#include "binding/tools.h"
#include "binding/wire.h"

namespace strata::binding {

namespace {
constexpr const char* kEngineVersion = "0.1.0";
}  // namespace

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("Database", Database::Define(env));
  auto* iterator_ctor = new Napi::FunctionReference(Napi::Persistent(IteratorWrap::Define(env)));
  env.SetInstanceData<Napi::FunctionReference>(iterator_ctor);
  exports.Set("MvccReader", MvccReaderWrap::Define(env));
  exports.Set("WireHub", WireHubWrap::Define(env));
  DefineTools(env, exports);
  exports.Set("runBenchmark", Napi::Function::New(env, RunBenchmark, "runBenchmark"));
  exports.Set("version", Napi::String::New(env, kEngineVersion));
  return exports;
}

NODE_API_MODULE(strata, Init)

}  // namespace strata::binding
