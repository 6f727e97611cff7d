// Iterator: the JS class wrapping one user iterator. Each step positions the iterator and
// collects up to `limit` entries; stepSync tries memory only and returns undefined when the step
// needs a disk read, after which JS calls step (run on a worker thread) with the same arguments.
#pragma once

#include <napi.h>

#include <memory>
#include <string>

#include "strata/db.h"

namespace strata::binding {

class Database;

// Numbered as src/engine/binding.ts IteratorOp.
enum class IteratorOp : int {
  kNone = 0,
  kSeekToFirst = 1,
  kSeekToLast = 2,
  kSeek = 3,
  kSeekForPrev = 4,
  kNext = 5,
  kPrev = 6,
};

class IteratorWrap final : public Napi::ObjectWrap<IteratorWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  // info: (database, columnFamily, snapshot|null, lower|null, upper|null, fillCache)
  explicit IteratorWrap(const Napi::CallbackInfo& info);
  ~IteratorWrap() override;

  // Drops the native iterator (when the database closes first).
  void Release();

  struct StepResult {
    std::vector<std::string> entries;  // key, value, key, value…
    bool valid = false;
    Status status;
  };
  // Runs a step at the given tier. On the JS thread with kCacheOnly; on a worker with kAll.
  StepResult RunStep(IteratorOp op, const std::string& target, int limit, ReadTier tier);

 private:
  Napi::Value StepSync(const Napi::CallbackInfo& info);
  Napi::Value Step(const Napi::CallbackInfo& info);
  Napi::Value CloseIterator(const Napi::CallbackInfo& info);

  Database* database_ = nullptr;
  Napi::ObjectReference database_ref_;
  std::shared_ptr<DB> db_;
  std::unique_ptr<Iterator> it_;
  // The key the iterator was on before the current step, to reposition after a step that
  // failed for lack of cached data.
  std::string position_;
  bool has_position_ = false;
  bool busy_ = false;
};

Napi::Value StepResultToJs(Napi::Env env, IteratorWrap::StepResult& result);

}  // namespace strata::binding
