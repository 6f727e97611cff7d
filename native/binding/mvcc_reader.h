// MvccReader: the JS class over mvcc::Reader (native/mvcc/reader.h), the transaction layer's
// native snapshot reads. try* calls run on the JS thread from memory only and return undefined
// when a disk read is needed; the plain calls run on a worker thread.
#pragma once

#include <napi.h>

#include <memory>

#include "mvcc/reader.h"

namespace strata::binding {

class Database;

class MvccReaderWrap final : public Napi::ObjectWrap<MvccReaderWrap> {
 public:
  static Napi::Function Define(Napi::Env env);
  // info: (database, lockCf, writeCf, defaultCf)
  explicit MvccReaderWrap(const Napi::CallbackInfo& info);
  ~MvccReaderWrap() override;

  // Drops the cached iterators (before the database closes).
  void Release();
  // Drops the cached iterator if a flush or compaction replaced what it reads (JS thread).
  void ReleaseStale();
  // Forgets the database (when it is destroyed first, at environment teardown).
  void Detach() { database_ = nullptr; }

 private:
  Napi::Value TryGet(const Napi::CallbackInfo& info);
  Napi::Value Get(const Napi::CallbackInfo& info);
  Napi::Value TryLatest(const Napi::CallbackInfo& info);
  Napi::Value Latest(const Napi::CallbackInfo& info);
  Napi::Value TryScan(const Napi::CallbackInfo& info);
  Napi::Value Scan(const Napi::CallbackInfo& info);
  // The open DB, or null (with a CLOSED error thrown) when the database is closed or gone.
  std::shared_ptr<DB> OpenDb(Napi::Env env);

  Database* database_ = nullptr;
  Napi::ObjectReference database_ref_;
  mvcc::ColumnFamilies cfs_;
  std::unique_ptr<mvcc::Reader> cached_;  // JS thread only
};

}  // namespace strata::binding
