#include "binding/database.h"

#include <chrono>
#include <thread>

#include "binding/iterator.h"
#include "binding/mvcc_reader.h"
#include "binding/options.h"
#include "binding/status_error.h"
#include "binding/wire.h"

namespace strata::binding {

namespace {

// Runs fn on libuv's pool and calls back (error) or (null, result()).
class LambdaWorker final : public Napi::AsyncWorker {
 public:
  using Work = std::function<Status()>;
  using Result = std::function<Napi::Value(Napi::Env)>;

  LambdaWorker(Napi::Function callback, Work work, Result result, std::atomic<int>* inflight)
      : Napi::AsyncWorker(callback),
        work_(std::move(work)),
        result_(std::move(result)),
        inflight_(inflight) {
    if (inflight_) inflight_->fetch_add(1);
  }
  ~LambdaWorker() override {
    if (inflight_) inflight_->fetch_sub(1);
  }

  void Execute() override { status_ = work_(); }
  void OnOK() override {
    Napi::Env env = Env();
    if (!status_.ok()) {
      Callback().Call({StatusToError(env, status_).Value(), env.Undefined()});
      return;
    }
    Callback().Call({env.Null(), result_ ? result_(env) : env.Undefined()});
  }

 private:
  Work work_;
  Result result_;
  std::atomic<int>* inflight_;
  Status status_;
};

struct WriteCompletion {
  Napi::FunctionReference callback;
  Status status;
};

// Waits for async operations to drain before the DB goes away (they hold raw DB pointers).
void WaitForInflight(std::atomic<int>* inflight) {
  while (inflight->load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

bool IsBufferArg(const Napi::Value& v) { return v.IsBuffer(); }

std::string_view BufferView(const Napi::Value& v) {
  auto b = v.As<Napi::Buffer<char>>();
  return std::string_view(b.Data(), b.Length());
}

uint64_t SnapshotArg(const Napi::Value& v) {
  if (v.IsBigInt()) {
    bool lossless;
    return v.As<Napi::BigInt>().Uint64Value(&lossless);
  }
  return kReadLatest;
}

}  // namespace

Napi::Function Database::Define(Napi::Env env) {
  return DefineClass(env, "Database",
                     {
                         InstanceMethod<&Database::Open>("open"),
                         InstanceMethod<&Database::Close>("close"),
                         InstanceMethod<&Database::ColumnFamilyId>("columnFamilyId"),
                         InstanceMethod<&Database::Write>("write"),
                         InstanceMethod<&Database::GetSync>("getSync"),
                         InstanceMethod<&Database::Get>("get"),
                         InstanceMethod<&Database::TrySeek>("trySeek"),
                         InstanceMethod<&Database::Seek>("seek"),
                         InstanceMethod<&Database::Snapshot>("snapshot"),
                         InstanceMethod<&Database::ReleaseSnapshot>("releaseSnapshot"),
                         InstanceMethod<&Database::NewIterator>("newIterator"),
                         InstanceMethod<&Database::Flush>("flush"),
                         InstanceMethod<&Database::CompactRange>("compactRange"),
                         InstanceMethod<&Database::SetCompressionPolicy>("setCompressionPolicy"),
                         InstanceMethod<&Database::SetGcSafepoint>("setGcSafepoint"),
                         InstanceMethod<&Database::SetMemstoreThrottle>("setMemstoreThrottle"),
                         InstanceMethod<&Database::ThrottleAcquire>("throttleAcquire"),
                         InstanceMethod<&Database::ThrottleWait>("throttleWait"),
                         InstanceMethod<&Database::MemstoreBytes>("memstoreBytes"),
                         InstanceMethod<&Database::Stats>("stats"),
                         InstanceMethod<&Database::RangeSize>("rangeSize"),
                         InstanceMethod<&Database::ReleaseStaleIterators>("releaseStaleIterators"),
                     });
}

Database::Database(const Napi::CallbackInfo& info) : Napi::ObjectWrap<Database>(info) {}

Database::~Database() {
  // Garbage-collected while open: close here (rare; the engine's Engine.close is the normal way).
  if (db_) {
    WaitForInflight(&inflight_);
    ReleaseSeekIterators();
    {
      std::lock_guard lock(iterators_mutex_);
      for (auto* it : iterators_) it->Release();
      iterators_.clear();
    }
    db_->Close();
    db_.reset();
  }
  std::lock_guard lock(iterators_mutex_);
  for (auto* reader : readers_) reader->Detach();
  for (auto* hub : hubs_) hub->Detach();
  // The thread-safe function is finalized by Node itself when the environment goes away.
}

void Database::ReleaseSeekIterators() {
  seek_iterators_.clear();
  std::lock_guard lock(iterators_mutex_);
  for (auto* reader : readers_) reader->Release();
  // Hubs read the DB from their own thread: they stop before it closes.
  for (auto* hub : hubs_) hub->Shutdown();
}

Napi::Value Database::ReleaseStaleIterators(const Napi::CallbackInfo& info) {
  if (!db_) return info.Env().Undefined();
  for (auto& it : seek_iterators_) {
    if (it && !db_->IteratorIsCurrent(it.get())) it.reset();
  }
  std::lock_guard lock(iterators_mutex_);
  for (auto* reader : readers_) reader->ReleaseStale();
  return info.Env().Undefined();
}

void Database::Register(IteratorWrap* it) {
  std::lock_guard lock(iterators_mutex_);
  iterators_.insert(it);
}

void Database::Unregister(IteratorWrap* it) {
  std::lock_guard lock(iterators_mutex_);
  iterators_.erase(it);
}

void Database::Register(MvccReaderWrap* reader) {
  std::lock_guard lock(iterators_mutex_);
  readers_.insert(reader);
}

void Database::Unregister(MvccReaderWrap* reader) {
  std::lock_guard lock(iterators_mutex_);
  readers_.erase(reader);
}

void Database::Register(WireHubWrap* hub) {
  std::lock_guard lock(iterators_mutex_);
  hubs_.insert(hub);
}

void Database::Unregister(WireHubWrap* hub) {
  std::lock_guard lock(iterators_mutex_);
  hubs_.erase(hub);
}

bool Database::CheckOpen(Napi::Env env) {
  if (!db_ || closing_) {
    StatusToError(env, Status::Closed()).ThrowAsJavaScriptException();
    return false;
  }
  return true;
}

Napi::Value Database::Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 3 && info[1].IsObject() && info[2].IsFunction(),
             "open(path, options, callback)")) {
    return env.Undefined();
  }
  if (!Check(env, !db_, "database is already open")) return env.Undefined();
  std::string path = info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "";
  Status s = ParseOptions(info[1].As<Napi::Object>(), &options_);
  if (!s.ok()) {
    info[2].As<Napi::Function>().Call({StatusToError(env, s).Value()});
    return env.Undefined();
  }
  auto opened = std::make_shared<std::unique_ptr<DB>>();
  auto* worker = new LambdaWorker(
      info[2].As<Napi::Function>(),
      [this, path, opened] { return DB::Open(options_, path, opened.get()); },
      [this, opened](Napi::Env e) {
        db_ = std::shared_ptr<DB>(std::move(*opened));
        write_completions_ = Napi::ThreadSafeFunction::New(
            e, Napi::Function::New(e, [](const Napi::CallbackInfo&) {}), "strata-write", 0, 1);
        write_completions_.Unref(e);
        return e.Undefined();
      },
      nullptr);
  worker->Queue();
  return env.Undefined();
}

Napi::Value Database::Close(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 1 && info[0].IsFunction(), "close(callback)")) {
    return env.Undefined();
  }
  if (!db_ || closing_) {
    info[0].As<Napi::Function>().Call({env.Null()});
    return env.Undefined();
  }
  closing_ = true;
  ReleaseSeekIterators();
  {
    std::lock_guard lock(iterators_mutex_);
    for (auto* it : iterators_) it->Release();
    iterators_.clear();
  }
  auto db = db_;
  auto* inflight = &inflight_;
  auto* worker = new LambdaWorker(
      info[0].As<Napi::Function>(),
      [db, inflight] {
        WaitForInflight(inflight);
        return db->Close();
      },
      [this](Napi::Env e) {
        db_.reset();
        write_completions_.Release();
        write_completions_ = Napi::ThreadSafeFunction();
        return e.Undefined();
      },
      nullptr);
  worker->Queue();
  return env.Undefined();
}

Napi::Value Database::ColumnFamilyId(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env) ||
      !Check(env, info.Length() == 1 && info[0].IsString(), "columnFamilyId(name)")) {
    return env.Undefined();
  }
  uint32_t id;
  Status s = db_->ColumnFamilyId(info[0].As<Napi::String>().Utf8Value(), &id);
  if (!s.ok()) {
    StatusToError(env, s).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return Napi::Number::New(env, id);
}

Napi::Value Database::Write(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 4 && IsBufferArg(info[0]) && info[3].IsFunction(),
             "write(batch, sync, disableWal, callback)")) {
    return env.Undefined();
  }
  if (!CheckOpen(env)) return env.Undefined();
  std::string_view rep = BufferView(info[0]);
  if (!Check(env, rep.size() >= WriteBatch::kHeaderBytes, "write batch too short")) {
    return env.Undefined();
  }
  WriteOptions options;
  options.sync = info[1].ToBoolean().Value();
  options.disable_wal = info[2].ToBoolean().Value();
  auto* completion = new WriteCompletion{Napi::Persistent(info[3].As<Napi::Function>()), {}};
  if (pending_writes_++ == 0) {
    // Keep the event loop and this object alive until every write has completed.
    write_completions_.Ref(env);
    Ref();
  }
  Napi::ThreadSafeFunction tsfn = write_completions_;
  db_->WriteAsync(
      options, WriteBatch(std::string(rep)), [tsfn, completion, this](const Status& s) mutable {
        completion->status = s;
        tsfn.NonBlockingCall(completion, [this](Napi::Env env, Napi::Function, WriteCompletion* c) {
          if (--pending_writes_ == 0) {
            write_completions_.Unref(env);
            Unref();
          }
          Napi::Value error = c->status.ok() ? env.Null() : StatusToError(env, c->status).Value();
          Napi::FunctionReference callback = std::move(c->callback);
          delete c;
          callback.Call({error});
        });
      });
  return env.Undefined();
}

Napi::Value Database::GetSync(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env) ||
      !Check(env, info.Length() == 4 && info[0].IsNumber() && IsBufferArg(info[1]),
             "getSync(columnFamily, key, snapshot, fillCache)")) {
    return env.Undefined();
  }
  ReadOptions options;
  options.read_tier = ReadTier::kCacheOnly;
  options.snapshot = SnapshotArg(info[2]);
  options.fill_cache = info[3].ToBoolean().Value();
  std::string value;
  Status s =
      db_->Get(options, info[0].As<Napi::Number>().Uint32Value(), BufferView(info[1]), &value);
  if (s.ok()) return Napi::Buffer<char>::Copy(env, value.data(), value.size());
  if (s.IsNotFound()) return env.Null();
  if (s.IsIncomplete()) return env.Undefined();
  StatusToError(env, s).ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Value Database::Get(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(
          env,
          info.Length() == 5 && info[0].IsNumber() && IsBufferArg(info[1]) && info[4].IsFunction(),
          "get(columnFamily, key, snapshot, fillCache, callback)")) {
    return env.Undefined();
  }
  if (!CheckOpen(env)) return env.Undefined();
  ReadOptions options;
  options.snapshot = SnapshotArg(info[2]);
  options.fill_cache = info[3].ToBoolean().Value();
  uint32_t cf = info[0].As<Napi::Number>().Uint32Value();
  auto key = std::make_shared<std::string>(BufferView(info[1]));
  auto value = std::make_shared<std::string>();
  auto found = std::make_shared<bool>(false);
  auto db = db_;
  auto* worker = new LambdaWorker(
      info[4].As<Napi::Function>(),
      [db, options, cf, key, value, found] {
        Status s = db->Get(options, cf, *key, value.get());
        if (s.IsNotFound()) return Status::OK();
        *found = s.ok();
        return s;
      },
      [value, found](Napi::Env e) -> Napi::Value {
        if (!*found) return e.Null();
        return Napi::Buffer<char>::Copy(e, value->data(), value->size());
      },
      &inflight_);
  worker->Queue();
  return env.Undefined();
}

namespace {

// Seeks it to target and reports the entry it lands on: [key, value], null past the bound, or
// (through *incomplete) that the answer needs a disk read.
Napi::Value SeekResult(Napi::Env env, Iterator* it, std::string_view target, bool* incomplete) {
  it->Seek(target);
  *incomplete = false;
  if (it->Valid()) {
    Napi::Array pair = Napi::Array::New(env, 2);
    pair.Set(uint32_t{0}, Napi::Buffer<char>::Copy(env, it->key().data(), it->key().size()));
    pair.Set(uint32_t{1}, Napi::Buffer<char>::Copy(env, it->value().data(), it->value().size()));
    return pair;
  }
  Status s = it->status();
  if (s.IsIncomplete()) {
    *incomplete = true;
    return env.Undefined();
  }
  if (!s.ok()) {
    StatusToError(env, s).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  return env.Null();
}

}  // namespace

Napi::Value Database::TrySeek(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env) ||
      !Check(env, info.Length() == 4 && info[0].IsNumber() && IsBufferArg(info[1]),
             "trySeek(columnFamily, target, upperBound, snapshot)")) {
    return env.Undefined();
  }
  uint32_t cf = info[0].As<Napi::Number>().Uint32Value();
  if (cf >= seek_iterators_.size()) seek_iterators_.resize(cf + 1);
  auto& it = seek_iterators_[cf];
  std::string_view upper = IsBufferArg(info[2]) ? BufferView(info[2]) : std::string_view();
  if (!it) {
    ReadOptions options;
    options.read_tier = ReadTier::kCacheOnly;
    it.reset(db_->NewIterator(options, cf));
    if (!it->status().ok()) {
      Status s = it->status();
      it.reset();
      StatusToError(env, s).ThrowAsJavaScriptException();
      return env.Undefined();
    }
  }
  db_->RefreshIterator(it.get(), SnapshotArg(info[3]), upper);
  bool incomplete;
  return SeekResult(env, it.get(), BufferView(info[1]), &incomplete);
}

Napi::Value Database::Seek(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(
          env,
          info.Length() == 5 && info[0].IsNumber() && IsBufferArg(info[1]) && info[4].IsFunction(),
          "seek(columnFamily, target, upperBound, snapshot, callback)")) {
    return env.Undefined();
  }
  if (!CheckOpen(env)) return env.Undefined();
  ReadOptions options;
  options.snapshot = SnapshotArg(info[3]);
  if (IsBufferArg(info[2])) options.upper_bound.assign(BufferView(info[2]));
  uint32_t cf = info[0].As<Napi::Number>().Uint32Value();
  auto target = std::make_shared<std::string>(BufferView(info[1]));
  auto entry = std::make_shared<std::pair<std::string, std::string>>();
  auto found = std::make_shared<bool>(false);
  auto db = db_;
  (new LambdaWorker(
       info[4].As<Napi::Function>(),
       [db, options, cf, target, entry, found] {
         std::unique_ptr<Iterator> it(db->NewIterator(options, cf));
         it->Seek(*target);
         if (it->Valid()) {
           *found = true;
           entry->first.assign(it->key());
           entry->second.assign(it->value());
         }
         return it->status();
       },
       [entry, found](Napi::Env e) -> Napi::Value {
         if (!*found) return e.Null();
         Napi::Array pair = Napi::Array::New(e, 2);
         pair.Set(uint32_t{0},
                  Napi::Buffer<char>::Copy(e, entry->first.data(), entry->first.size()));
         pair.Set(uint32_t{1},
                  Napi::Buffer<char>::Copy(e, entry->second.data(), entry->second.size()));
         return pair;
       },
       &inflight_))
      ->Queue();
  return env.Undefined();
}

Napi::Value Database::Snapshot(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  return Napi::BigInt::New(env, db_->GetSnapshot());
}

Napi::Value Database::ReleaseSnapshot(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (db_ && !closing_ && info.Length() == 1 && info[0].IsBigInt()) {
    db_->ReleaseSnapshot(SnapshotArg(info[0]));
  }
  return env.Undefined();
}

Napi::Value Database::NewIterator(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  Napi::FunctionReference* ctor = env.GetInstanceData<Napi::FunctionReference>();
  std::vector<napi_value> args{Value()};
  for (size_t i = 0; i < info.Length(); i++) args.push_back(info[i]);
  return ctor->New(args);
}

Napi::Value Database::Flush(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 1 && info[0].IsFunction(), "flush(callback)")) {
    return env.Undefined();
  }
  if (!CheckOpen(env)) return env.Undefined();
  auto db = db_;
  (new LambdaWorker(
       info[0].As<Napi::Function>(), [db] { return db->Flush(); }, nullptr, &inflight_))
      ->Queue();
  return env.Undefined();
}

Napi::Value Database::CompactRange(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env, info.Length() == 4 && info[0].IsNumber() && info[3].IsFunction(),
             "compactRange(columnFamily, begin, end, callback)")) {
    return env.Undefined();
  }
  if (!CheckOpen(env)) return env.Undefined();
  uint32_t cf = info[0].As<Napi::Number>().Uint32Value();
  std::shared_ptr<std::string> begin, end;
  if (IsBufferArg(info[1])) begin = std::make_shared<std::string>(BufferView(info[1]));
  if (IsBufferArg(info[2])) end = std::make_shared<std::string>(BufferView(info[2]));
  auto db = db_;
  (new LambdaWorker(
       info[3].As<Napi::Function>(),
       [db, cf, begin, end] { return db->CompactRange(cf, begin.get(), end.get()); }, nullptr,
       &inflight_))
      ->Queue();
  return env.Undefined();
}

Napi::Value Database::SetCompressionPolicy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env) ||
      !Check(env, info.Length() == 1 && info[0].IsArray(), "setCompressionPolicy(ranges)")) {
    return env.Undefined();
  }
  std::shared_ptr<const CompressionPolicy> policy;
  Status s = ParseCompressionPolicy(info[0].As<Napi::Array>(), options_.compression, &policy);
  if (s.ok()) s = db_->SetCompressionPolicy(policy);
  if (!s.ok()) StatusToError(env, s).ThrowAsJavaScriptException();
  return env.Undefined();
}

Napi::Value Database::SetGcSafepoint(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env) ||
      !Check(env, info.Length() == 1 && info[0].IsBigInt(), "setGcSafepoint(timestamp: bigint)")) {
    return env.Undefined();
  }
  db_->SetGcSafepoint(SnapshotArg(info[0]));
  return env.Undefined();
}

Napi::Value Database::SetMemstoreThrottle(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env) ||
      !Check(env,
             info.Length() == 3 && info[0].IsNumber() && info[1].IsNumber() && info[2].IsNumber(),
             "setMemstoreThrottle(limitBytes, triggerPercentage, maxDurationMicros)")) {
    return env.Undefined();
  }
  db_->SetMemstoreThrottle(static_cast<uint64_t>(info[0].As<Napi::Number>().Int64Value()),
                           info[1].As<Napi::Number>().Int32Value(),
                           static_cast<uint64_t>(info[2].As<Napi::Number>().Int64Value()));
  return env.Undefined();
}

Napi::Value Database::ThrottleAcquire(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env) ||
      !Check(env, info.Length() == 1 && info[0].IsNumber(), "throttleAcquire(bytes)")) {
    return env.Undefined();
  }
  uint64_t seq =
      db_->ThrottleAcquire(static_cast<uint64_t>(info[0].As<Napi::Number>().Int64Value()));
  return Napi::Number::New(env, static_cast<double>(seq));
}

Napi::Value Database::ThrottleWait(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env) ||
      !Check(env, info.Length() == 1 && info[0].IsNumber(), "throttleWait(seq)")) {
    return env.Undefined();
  }
  uint64_t wait =
      db_->ThrottleWaitMicros(static_cast<uint64_t>(info[0].As<Napi::Number>().Int64Value()));
  return Napi::Number::New(env, static_cast<double>(wait));
}

Napi::Value Database::MemstoreBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  return Napi::Number::New(env, static_cast<double>(db_->MemstoreBytes()));
}

Napi::Value Database::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!CheckOpen(env)) return env.Undefined();
  DbStats s = db_->GetStats();
  Napi::Object o = Napi::Object::New(env);
  auto num = [&env](uint64_t v) { return Napi::Number::New(env, static_cast<double>(v)); };
  o.Set("memtableBytes", num(s.memtable_bytes));
  o.Set("immutableMemtables", num(static_cast<uint64_t>(s.immutable_memtables)));
  Napi::Array levels = Napi::Array::New(env, s.levels.size());
  for (size_t i = 0; i < s.levels.size(); i++) {
    Napi::Object level = Napi::Object::New(env);
    level.Set("level", num(i));
    level.Set("files", num(static_cast<uint64_t>(s.levels[i].files)));
    level.Set("bytes", num(s.levels[i].bytes));
    level.Set("allocatedBytes", num(s.levels[i].allocated_bytes));
    levels.Set(i, level);
  }
  o.Set("levels", levels);
  Napi::Array tables = Napi::Array::New(env, s.tables.size());
  for (size_t i = 0; i < s.tables.size(); i++) {
    const TableFileStats& t = s.tables[i];
    Napi::Object table = Napi::Object::New(env);
    table.Set("fileNumber", num(t.number));
    table.Set("columnFamily", num(t.column_family));
    table.Set("level", num(static_cast<uint64_t>(t.level)));
    table.Set("logicalBytes", num(t.logical_bytes));
    table.Set("allocatedBytes", num(t.allocated_bytes));
    tables.Set(i, table);
  }
  o.Set("tables", tables);
  o.Set("tableLogicalBytes", num(s.table_logical_bytes));
  o.Set("tableAllocatedBytes", num(s.table_allocated_bytes));
  Napi::Object pages = Napi::Object::New(env);
  pages.Set("compressed", num(s.pages_compressed));
  pages.Set("plain", num(s.pages_plain));
  pages.Set("bytesSaved", num(s.page_bytes_saved));
  pages.Set("punchHoleCalls", num(s.punch_hole_calls));
  o.Set("pageCompression", pages);
  o.Set("bytesWritten", num(s.bytes_written));
  o.Set("bytesRead", num(s.bytes_read));
  o.Set("walBytesWritten", num(s.wal_bytes_written));
  o.Set("flushBytesWritten", num(s.flush_bytes_written));
  o.Set("compactionBytesRead", num(s.compaction_bytes_read));
  o.Set("compactionBytesWritten", num(s.compaction_bytes_written));
  o.Set("userBytesWritten", num(s.user_bytes_written));
  double amplification =
      s.user_bytes_written == 0 ? 0 : static_cast<double>(s.bytes_written) / s.user_bytes_written;
  o.Set("writeAmplification", Napi::Number::New(env, amplification));
  o.Set("blockCacheHits", num(s.block_cache_hits));
  o.Set("blockCacheMisses", num(s.block_cache_misses));
  uint64_t lookups = s.block_cache_hits + s.block_cache_misses;
  o.Set(
      "blockCacheHitRate",
      Napi::Number::New(env, lookups == 0 ? 0 : static_cast<double>(s.block_cache_hits) / lookups));
  o.Set("blockCacheUsageBytes", num(s.block_cache_usage));
  o.Set("stallMicros", num(s.stall_micros));
  o.Set("memstoreLimitBytes", num(s.memstore_limit_bytes));
  o.Set("throttleTriggerBytes", num(s.throttle_trigger_bytes));
  o.Set("throttleDecay", Napi::Number::New(env, s.throttle_decay));
  o.Set("throttleAcquisitions", num(s.throttle_acquisitions));
  o.Set("memstoreLimitStalls", num(s.memstore_limit_stalls));
  o.Set("flushes", num(s.flushes));
  o.Set("compactions", num(s.compactions));
  o.Set("walSyncs", num(s.wal_syncs));
  o.Set("walGroupCommits", num(s.wal_group_commits));
  o.Set("sequence", Napi::BigInt::New(env, s.sequence));
  Napi::Object io = Napi::Object::New(env);
  io.Set("backend", Napi::String::New(env, s.io_backend));
  io.Set("directIo", Napi::Boolean::New(env, s.direct_io));
  io.Set("atomicWrites", Napi::Boolean::New(env, s.atomic_writes));
  io.Set("walSyncUnitBytes", num(s.wal_sync_unit));
  io.Set("fallbackReason", Napi::String::New(env, s.fallback_reason));
  o.Set("io", io);
  return o;
}

Napi::Value Database::RangeSize(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!Check(env,
             info.Length() == 3 && IsBufferArg(info[0]) &&
                 (IsBufferArg(info[1]) || info[1].IsNull()) && info[2].IsFunction(),
             "rangeSize(start, end, callback)")) {
    return env.Undefined();
  }
  if (!CheckOpen(env)) return env.Undefined();
  auto start = std::make_shared<std::string>(BufferView(info[0]));
  auto end =
      std::make_shared<std::string>(info[1].IsNull() ? std::string_view() : BufferView(info[1]));
  auto size = std::make_shared<strata::RangeSize>();
  auto db = db_;
  (new LambdaWorker(
       info[2].As<Napi::Function>(),
       [db, start, end, size] { return db->GetRangeSize(*start, *end, size.get()); },
       [size](Napi::Env e) -> Napi::Value {
         Napi::Object o = Napi::Object::New(e);
         o.Set("logicalBytes", Napi::Number::New(e, static_cast<double>(size->logical_bytes)));
         o.Set("allocatedBytes", Napi::Number::New(e, static_cast<double>(size->allocated_bytes)));
         o.Set("files", Napi::Number::New(e, size->files));
         return o;
       },
       &inflight_))
      ->Queue();
  return env.Undefined();
}

}  // namespace strata::binding
