#include "binding/mvcc_reader.h"

#include "binding/database.h"
#include "binding/status_error.h"

namespace strata::binding {

namespace {

uint64_t BigIntArg(const Napi::Value& v) {
  bool lossless;
  return v.As<Napi::BigInt>().Uint64Value(&lossless);
}

std::string_view BufferArg(const Napi::Value& v) {
  if (!v.IsBuffer()) return {};
  auto b = v.As<Napi::Buffer<char>>();
  return std::string_view(b.Data(), b.Length());
}

// A value (Buffer), null when absent, or { lock } when a lock is in the way.
Napi::Value GetResultToJs(Napi::Env env, mvcc::Outcome outcome, const std::string& out) {
  switch (outcome) {
    case mvcc::Outcome::kValue:
      return Napi::Buffer<char>::Copy(env, out.data(), out.size());
    case mvcc::Outcome::kNotFound:
      return env.Null();
    case mvcc::Outcome::kLocked: {
      Napi::Object o = Napi::Object::New(env);
      o.Set("lock", Napi::Buffer<char>::Copy(env, out.data(), out.size()));
      return o;
    }
  }
  return env.Null();
}

Napi::Value ScanResultToJs(Napi::Env env, const mvcc::ScanResult& r) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("packed", Napi::Buffer<char>::Copy(env, r.packed.data(), r.packed.size()));
  o.Set("count", Napi::Number::New(env, r.count));
  o.Set("resume",
        r.resume.empty()
            ? env.Null()
            : Napi::Buffer<char>::Copy(env, r.resume.data(), r.resume.size()).As<Napi::Value>());
  return o;
}

class MvccWorker final : public Napi::AsyncWorker {
 public:
  using Work = std::function<Status()>;
  using Result = std::function<Napi::Value(Napi::Env)>;
  MvccWorker(Napi::Function callback, Work work, Result result, std::atomic<int>* inflight)
      : Napi::AsyncWorker(callback),
        work_(std::move(work)),
        result_(std::move(result)),
        inflight_(inflight) {
    inflight_->fetch_add(1);
  }
  ~MvccWorker() override { inflight_->fetch_sub(1); }
  void Execute() override { status_ = work_(); }
  void OnOK() override {
    Napi::Env env = Env();
    if (!status_.ok()) {
      Callback().Call({StatusToError(env, status_).Value(), env.Undefined()});
      return;
    }
    Callback().Call({env.Null(), result_(env)});
  }

 private:
  Work work_;
  Result result_;
  std::atomic<int>* inflight_;
  Status status_;
};

}  // namespace

Napi::Function MvccReaderWrap::Define(Napi::Env env) {
  return DefineClass(env, "MvccReader",
                     {
                         InstanceMethod<&MvccReaderWrap::TryGet>("tryGet"),
                         InstanceMethod<&MvccReaderWrap::Get>("get"),
                         InstanceMethod<&MvccReaderWrap::TryLatest>("tryLatest"),
                         InstanceMethod<&MvccReaderWrap::Latest>("latest"),
                         InstanceMethod<&MvccReaderWrap::TryScan>("tryScan"),
                         InstanceMethod<&MvccReaderWrap::Scan>("scan"),
                     });
}

MvccReaderWrap::MvccReaderWrap(const Napi::CallbackInfo& info)
    : Napi::ObjectWrap<MvccReaderWrap>(info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 4 && info[0].IsObject() && info[1].IsNumber() && info[2].IsNumber() &&
                 info[3].IsNumber(),
             "new MvccReader(database, lockCf, writeCf, defaultCf)")) {
    return;
  }
  database_ = Database::Unwrap(info[0].As<Napi::Object>());
  database_ref_ = Napi::Persistent(info[0].As<Napi::Object>());
  cfs_.lock = info[1].As<Napi::Number>().Uint32Value();
  cfs_.write = info[2].As<Napi::Number>().Uint32Value();
  cfs_.value = info[3].As<Napi::Number>().Uint32Value();
  database_->Register(this);
}

MvccReaderWrap::~MvccReaderWrap() {
  if (database_) database_->Unregister(this);
}

void MvccReaderWrap::Release() { cached_.reset(); }

void MvccReaderWrap::ReleaseStale() {
  if (cached_) cached_->ReleaseStale();
}

std::shared_ptr<DB> MvccReaderWrap::OpenDb(Napi::Env env) {
  std::shared_ptr<DB> db = database_ ? database_->db() : nullptr;
  if (!db) StatusToError(env, Status::Closed()).ThrowAsJavaScriptException();
  return db;
}

Napi::Value MvccReaderWrap::TryGet(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 3 && info[0].IsBuffer() && info[1].IsBigInt(),
             "tryGet(encodedKey, readTs, checkLock)")) {
    return env.Undefined();
  }
  auto db = OpenDb(env);
  if (!db) return env.Undefined();
  if (!cached_) cached_ = std::make_unique<mvcc::Reader>(db.get(), cfs_, true);
  mvcc::Outcome outcome;
  std::string out;
  Status s = cached_->Get(ReadTier::kCacheOnly, BigIntArg(info[1]), BufferArg(info[0]),
                          info[2].ToBoolean().Value(), &outcome, &out);
  if (s.IsIncomplete()) return env.Undefined();
  if (!s.ok()) {
    StatusToError(env, s).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return GetResultToJs(env, outcome, out);
}

Napi::Value MvccReaderWrap::Get(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 4 && info[0].IsBuffer() && info[1].IsBigInt() && info[3].IsFunction(),
             "get(encodedKey, readTs, checkLock, callback)")) {
    return env.Undefined();
  }
  auto db = OpenDb(env);
  if (!db) return env.Undefined();
  auto key = std::make_shared<std::string>(BufferArg(info[0]));
  uint64_t read_ts = BigIntArg(info[1]);
  bool check_lock = info[2].ToBoolean().Value();
  auto outcome = std::make_shared<mvcc::Outcome>(mvcc::Outcome::kNotFound);
  auto out = std::make_shared<std::string>();
  auto cfs = cfs_;
  (new MvccWorker(
       info[3].As<Napi::Function>(),
       [db, cfs, key, read_ts, check_lock, outcome, out] {
         mvcc::Reader reader(db.get(), cfs, false);
         return reader.Get(ReadTier::kAll, read_ts, *key, check_lock, outcome.get(), out.get());
       },
       [outcome, out](Napi::Env e) { return GetResultToJs(e, *outcome, *out); },
       &database_->inflight()))
      ->Queue();
  return env.Undefined();
}

namespace {

Napi::Value LatestToJs(Napi::Env env, bool found, const std::string& key,
                       const std::string& value) {
  if (!found) return env.Null();
  Napi::Array pair = Napi::Array::New(env, 2);
  pair.Set(uint32_t{0}, Napi::Buffer<char>::Copy(env, key.data(), key.size()));
  pair.Set(uint32_t{1}, Napi::Buffer<char>::Copy(env, value.data(), value.size()));
  return pair;
}

}  // namespace

Napi::Value MvccReaderWrap::TryLatest(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 1 && info[0].IsBuffer(), "tryLatest(encodedKey)")) {
    return env.Undefined();
  }
  auto db = OpenDb(env);
  if (!db) return env.Undefined();
  if (!cached_) cached_ = std::make_unique<mvcc::Reader>(db.get(), cfs_, true);
  bool found;
  std::string key, value;
  Status s = cached_->Latest(ReadTier::kCacheOnly, BufferArg(info[0]), &found, &key, &value);
  if (s.IsIncomplete()) return env.Undefined();
  if (!s.ok()) {
    StatusToError(env, s).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return LatestToJs(env, found, key, value);
}

Napi::Value MvccReaderWrap::Latest(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 2 && info[0].IsBuffer() && info[1].IsFunction(),
             "latest(encodedKey, callback)")) {
    return env.Undefined();
  }
  auto db = OpenDb(env);
  if (!db) return env.Undefined();
  auto encoded = std::make_shared<std::string>(BufferArg(info[0]));
  auto found = std::make_shared<bool>(false);
  auto key = std::make_shared<std::string>();
  auto value = std::make_shared<std::string>();
  auto cfs = cfs_;
  (new MvccWorker(
       info[1].As<Napi::Function>(),
       [db, cfs, encoded, found, key, value] {
         mvcc::Reader reader(db.get(), cfs, false);
         return reader.Latest(ReadTier::kAll, *encoded, found.get(), key.get(), value.get());
       },
       [found, key, value](Napi::Env e) { return LatestToJs(e, *found, *key, *value); },
       &database_->inflight()))
      ->Queue();
  return env.Undefined();
}

Napi::Value MvccReaderWrap::TryScan(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 6 && info[0].IsBuffer() && info[2].IsBigInt() && info[3].IsNumber(),
             "tryScan(lower, upper, readTs, limit, reverse, keyOnly)")) {
    return env.Undefined();
  }
  auto db = OpenDb(env);
  if (!db) return env.Undefined();
  if (!cached_) cached_ = std::make_unique<mvcc::Reader>(db.get(), cfs_, true);
  mvcc::ScanResult result;
  Status s = cached_->Scan(ReadTier::kCacheOnly, BigIntArg(info[2]), BufferArg(info[0]),
                           BufferArg(info[1]), info[3].As<Napi::Number>().Uint32Value(),
                           info[4].ToBoolean().Value(), info[5].ToBoolean().Value(), &result);
  if (s.IsIncomplete()) return env.Undefined();
  if (!s.ok()) {
    StatusToError(env, s).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return ScanResultToJs(env, result);
}

Napi::Value MvccReaderWrap::Scan(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 7 && info[0].IsBuffer() && info[2].IsBigInt() && info[3].IsNumber() &&
                 info[6].IsFunction(),
             "scan(lower, upper, readTs, limit, reverse, keyOnly, callback)")) {
    return env.Undefined();
  }
  auto db = OpenDb(env);
  if (!db) return env.Undefined();
  auto lower = std::make_shared<std::string>(BufferArg(info[0]));
  auto upper = std::make_shared<std::string>(BufferArg(info[1]));
  uint64_t read_ts = BigIntArg(info[2]);
  uint32_t limit = info[3].As<Napi::Number>().Uint32Value();
  bool reverse = info[4].ToBoolean().Value();
  bool key_only = info[5].ToBoolean().Value();
  auto result = std::make_shared<mvcc::ScanResult>();
  auto cfs = cfs_;
  (new MvccWorker(
       info[6].As<Napi::Function>(),
       [db, cfs, lower, upper, read_ts, limit, reverse, key_only, result] {
         mvcc::Reader reader(db.get(), cfs, false);
         return reader.Scan(ReadTier::kAll, read_ts, *lower, *upper, limit, reverse, key_only,
                            result.get());
       },
       [result](Napi::Env e) { return ScanResultToJs(e, *result); }, &database_->inflight()))
      ->Queue();
  return env.Undefined();
}

}  // namespace strata::binding
