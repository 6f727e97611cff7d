// Database: the JS class wrapping one open DB. Argument checks, conversions and scheduling only;
// the engine does the work. Writes complete through one thread-safe function per database;
// reads that may touch disk run as AsyncWorkers on libuv's pool.
#pragma once

#include <napi.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "strata/db.h"

namespace strata::binding {

class IteratorWrap;
class MvccReaderWrap;
class WireHubWrap;

class Database final : public Napi::ObjectWrap<Database> {
 public:
  static Napi::Function Define(Napi::Env env);
  explicit Database(const Napi::CallbackInfo& info);
  ~Database() override;

  // The open DB, or null once closing has begun.
  std::shared_ptr<DB> db() const { return closing_ ? nullptr : db_; }
  // Async operations in flight (reads, iterator steps); close waits for them.
  std::atomic<int>& inflight() { return inflight_; }
  void Register(IteratorWrap* it);
  void Unregister(IteratorWrap* it);
  void Register(MvccReaderWrap* reader);
  void Unregister(MvccReaderWrap* reader);
  void Register(WireHubWrap* hub);
  void Unregister(WireHubWrap* hub);

 private:
  Napi::Value Open(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Value ColumnFamilyId(const Napi::CallbackInfo& info);
  Napi::Value Write(const Napi::CallbackInfo& info);
  Napi::Value GetSync(const Napi::CallbackInfo& info);
  Napi::Value Get(const Napi::CallbackInfo& info);
  Napi::Value TrySeek(const Napi::CallbackInfo& info);
  Napi::Value Seek(const Napi::CallbackInfo& info);
  Napi::Value Snapshot(const Napi::CallbackInfo& info);
  Napi::Value ReleaseSnapshot(const Napi::CallbackInfo& info);
  Napi::Value NewIterator(const Napi::CallbackInfo& info);
  Napi::Value Flush(const Napi::CallbackInfo& info);
  Napi::Value CompactRange(const Napi::CallbackInfo& info);
  Napi::Value SetCompressionPolicy(const Napi::CallbackInfo& info);
  Napi::Value SetGcSafepoint(const Napi::CallbackInfo& info);
  Napi::Value SetMemstoreThrottle(const Napi::CallbackInfo& info);
  Napi::Value ThrottleAcquire(const Napi::CallbackInfo& info);
  Napi::Value ThrottleWait(const Napi::CallbackInfo& info);
  Napi::Value MemstoreBytes(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value RangeSize(const Napi::CallbackInfo& info);
  Napi::Value ReleaseStaleIterators(const Napi::CallbackInfo& info);

  bool CheckOpen(Napi::Env env);
  void ReleaseSeekIterators();

  std::shared_ptr<DB> db_;
  Options options_;
  Napi::ThreadSafeFunction write_completions_;
  int pending_writes_ = 0;  // JS thread only
  std::atomic<int> inflight_{0};
  std::mutex iterators_mutex_;
  std::set<IteratorWrap*> iterators_;
  std::set<MvccReaderWrap*> readers_;
  std::set<WireHubWrap*> hubs_;
  // One reusable iterator per column family for trySeek (JS thread only).
  std::vector<std::unique_ptr<Iterator>> seek_iterators_;
  bool closing_ = false;
};

}  // namespace strata::binding
