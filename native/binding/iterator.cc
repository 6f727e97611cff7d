#include "binding/iterator.h"

#include "binding/database.h"
#include "binding/status_error.h"

namespace strata::binding {

namespace {

bool Forward(IteratorOp op) {
  return op == IteratorOp::kNone || op == IteratorOp::kSeekToFirst || op == IteratorOp::kSeek ||
         op == IteratorOp::kNext;
}

bool Relative(IteratorOp op) {
  return op == IteratorOp::kNone || op == IteratorOp::kNext || op == IteratorOp::kPrev;
}

class StepWorker final : public Napi::AsyncWorker {
 public:
  StepWorker(Napi::Function callback, IteratorWrap* it, Napi::Object holder, IteratorOp op,
             std::string target, int limit, std::atomic<int>* inflight)
      : Napi::AsyncWorker(callback),
        it_(it),
        holder_(Napi::Persistent(holder)),
        op_(op),
        target_(std::move(target)),
        limit_(limit),
        inflight_(inflight) {
    inflight_->fetch_add(1);
  }
  ~StepWorker() override { inflight_->fetch_sub(1); }

  void Execute() override { result_ = it_->RunStep(op_, target_, limit_, ReadTier::kAll); }

  void OnOK() override {
    Napi::Env env = Env();
    if (!result_.status.ok()) {
      Callback().Call({StatusToError(env, result_.status).Value(), env.Undefined()});
      return;
    }
    Callback().Call({env.Null(), StepResultToJs(env, result_)});
  }

 private:
  IteratorWrap* it_;
  Napi::ObjectReference holder_;  // keeps the iterator object alive while the step runs
  IteratorOp op_;
  std::string target_;
  int limit_;
  std::atomic<int>* inflight_;
  IteratorWrap::StepResult result_;
};

}  // namespace

Napi::Value StepResultToJs(Napi::Env env, IteratorWrap::StepResult& result) {
  Napi::Object o = Napi::Object::New(env);
  Napi::Array entries = Napi::Array::New(env, result.entries.size());
  for (size_t i = 0; i < result.entries.size(); i++) {
    const std::string& e = result.entries[i];
    entries.Set(i, Napi::Buffer<char>::Copy(env, e.data(), e.size()));
  }
  o.Set("entries", entries);
  o.Set("valid", Napi::Boolean::New(env, result.valid));
  return o;
}

Napi::Function IteratorWrap::Define(Napi::Env env) {
  return DefineClass(env, "Iterator",
                     {
                         InstanceMethod<&IteratorWrap::StepSync>("stepSync"),
                         InstanceMethod<&IteratorWrap::Step>("step"),
                         InstanceMethod<&IteratorWrap::CloseIterator>("close"),
                     });
}

IteratorWrap::IteratorWrap(const Napi::CallbackInfo& info) : Napi::ObjectWrap<IteratorWrap>(info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 6 && info[0].IsObject() && info[1].IsNumber(),
             "newIterator(columnFamily, snapshot, lower, upper, fillCache)")) {
    return;
  }
  database_ = Database::Unwrap(info[0].As<Napi::Object>());
  database_ref_ = Napi::Persistent(info[0].As<Napi::Object>());
  db_ = database_->db();
  if (!db_) {
    StatusToError(env, Status::Closed()).ThrowAsJavaScriptException();
    return;
  }
  ReadOptions options;
  if (info[2].IsBigInt()) {
    bool lossless;
    options.snapshot = info[2].As<Napi::BigInt>().Uint64Value(&lossless);
  }
  if (info[3].IsBuffer()) {
    auto b = info[3].As<Napi::Buffer<char>>();
    options.lower_bound.assign(b.Data(), b.Length());
  }
  if (info[4].IsBuffer()) {
    auto b = info[4].As<Napi::Buffer<char>>();
    options.upper_bound.assign(b.Data(), b.Length());
  }
  options.fill_cache = info[5].ToBoolean().Value();
  it_.reset(db_->NewIterator(options, info[1].As<Napi::Number>().Uint32Value()));
  if (!it_->status().ok()) {
    StatusToError(env, it_->status()).ThrowAsJavaScriptException();
    it_.reset();
    return;
  }
  database_->Register(this);
}

IteratorWrap::~IteratorWrap() {
  if (database_ && it_) database_->Unregister(this);
  it_.reset();
}

void IteratorWrap::Release() {
  // Called with the database's iterator list locked, while no step runs (close waits for
  // in-flight steps before the DB itself closes).
  it_.reset();
  database_ = nullptr;
}

IteratorWrap::StepResult IteratorWrap::RunStep(IteratorOp op, const std::string& target, int limit,
                                               ReadTier tier) {
  StepResult result;
  if (!it_) {
    result.status = Status::Closed("the iterator is closed");
    return result;
  }
  db_->SetIteratorReadTier(it_.get(), tier);
  if (tier == ReadTier::kCacheOnly) {
    // Remember where the step starts, in case it must be redone from a worker thread.
    has_position_ = it_->Valid();
    if (has_position_) position_.assign(it_->key());
  } else if (Relative(op)) {
    // A memory-only attempt may have left the iterator anywhere: go back to where it began.
    if (!has_position_) {
      result.valid = false;
      return result;
    }
    if (Forward(op)) {
      it_->Seek(position_);
    } else {
      it_->SeekForPrev(position_);
    }
    if (!it_->status().ok()) {
      result.status = it_->status();
      return result;
    }
  }
  switch (op) {
    case IteratorOp::kNone:
      break;
    case IteratorOp::kSeekToFirst:
      it_->SeekToFirst();
      break;
    case IteratorOp::kSeekToLast:
      it_->SeekToLast();
      break;
    case IteratorOp::kSeek:
      it_->Seek(target);
      break;
    case IteratorOp::kSeekForPrev:
      it_->SeekForPrev(target);
      break;
    case IteratorOp::kNext:
      if (it_->Valid()) it_->Next();
      break;
    case IteratorOp::kPrev:
      if (it_->Valid()) it_->Prev();
      break;
  }
  bool forward = Forward(op);
  int collected = 0;
  while (it_->Valid() && collected < limit) {
    result.entries.emplace_back(it_->key());
    result.entries.emplace_back(it_->value());
    if (++collected < limit) {
      if (forward) {
        it_->Next();
      } else {
        it_->Prev();
      }
    }
  }
  result.status = it_->status();
  result.valid = it_->Valid();
  return result;
}

Napi::Value IteratorWrap::StepSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 3 && info[0].IsNumber() && info[2].IsNumber(),
             "stepSync(op, target, limit)")) {
    return env.Undefined();
  }
  std::string target;
  if (info[1].IsBuffer()) {
    auto b = info[1].As<Napi::Buffer<char>>();
    target.assign(b.Data(), b.Length());
  }
  StepResult result =
      RunStep(static_cast<IteratorOp>(info[0].As<Napi::Number>().Int32Value()), target,
              info[2].As<Napi::Number>().Int32Value(), ReadTier::kCacheOnly);
  if (result.status.IsIncomplete()) return env.Undefined();
  if (!result.status.ok()) {
    StatusToError(env, result.status).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return StepResultToJs(env, result);
}

Napi::Value IteratorWrap::Step(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 4 && info[0].IsNumber() && info[2].IsNumber() && info[3].IsFunction(),
             "step(op, target, limit, callback)")) {
    return env.Undefined();
  }
  if (!database_ || !it_) {
    info[3].As<Napi::Function>().Call(
        {StatusToError(env, Status::Closed("the iterator is closed")).Value(), env.Undefined()});
    return env.Undefined();
  }
  std::string target;
  if (info[1].IsBuffer()) {
    auto b = info[1].As<Napi::Buffer<char>>();
    target.assign(b.Data(), b.Length());
  }
  (new StepWorker(info[3].As<Napi::Function>(), this, Value(),
                  static_cast<IteratorOp>(info[0].As<Napi::Number>().Int32Value()),
                  std::move(target), info[2].As<Napi::Number>().Int32Value(),
                  &database_->inflight()))
      ->Queue();
  return env.Undefined();
}

Napi::Value IteratorWrap::CloseIterator(const Napi::CallbackInfo& info) {
  if (database_ && it_) database_->Unregister(this);
  it_.reset();
  return info.Env().Undefined();
}

}  // namespace strata::binding
