// mvcc::Reader: snapshot reads of the transaction layer's MVCC data (docs/format/mvcc.md) done
// natively, so that a point get or a range scan at a timestamp is one crossing from JavaScript
// and no per-version objects are made. The transaction layer keeps every policy decision (which
// locks it may read past, commits still landing): the reader only reports a lock it meets.
//
// Thread safety: a Reader built with cached iterators is for one thread (the JS thread); one
// built without is cheap to make per call on a worker thread.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "strata/db.h"

namespace strata::mvcc {

struct ColumnFamilies {
  uint32_t lock = 0;
  uint32_t write = 0;
  uint32_t value = 0;  // the `default` CF
};

enum class Outcome { kValue, kNotFound, kLocked };

struct ScanResult {
  // Entries packed back to back: fixed32 raw key length, raw key, fixed32 value length, value.
  std::string packed;
  uint32_t count = 0;
  // Encoded key from which to continue (forward: inclusive lower bound; reverse: exclusive upper
  // bound); empty when the range is exhausted.
  std::string resume;
};

class Reader {
 public:
  Reader(DB* db, ColumnFamilies cfs, bool cache_iterators);
  ~Reader();

  // The value of encoded user key E visible at read_ts. With check_lock, a Put or Delete lock
  // with start_ts <= read_ts is reported as kLocked with the lock record in *out. Incomplete
  // when tier is kCacheOnly and the answer needs a disk read.
  Status Get(ReadTier tier, uint64_t read_ts, std::string_view encoded_key, bool check_lock,
             Outcome* outcome, std::string* out);

  // The newest write-CF record of encoded user key E (any type, any timestamp): its key and
  // value, or found = false when E has none.
  Status Latest(ReadTier tier, std::string_view encoded_key, bool* found, std::string* key,
                std::string* value);

  // Up to limit visible entries of encoded range [lower, upper) (upper empty: unbounded) at
  // read_ts, forward or reverse. Locks are not examined (the caller reads the lock CF first).
  // Drops the cached iterator when it no longer reads the current files, so that it stops
  // pinning files a compaction replaced. For owners to call when idle.
  void ReleaseStale();

  Status Scan(ReadTier tier, uint64_t read_ts, std::string_view lower, std::string_view upper,
              uint32_t limit, bool reverse, bool key_only, ScanResult* result);

 private:
  Iterator* WriteIterator(ReadTier tier, std::string_view upper_bound);
  // Resolves a write record into the visible value. false for Lock/Rollback (look further).
  Status VisibleVersion(ReadTier tier, std::string_view encoded_key, std::string_view record,
                        bool key_only, Outcome* outcome, std::string* value, bool* decided);

  DB* db_;
  ColumnFamilies cfs_;
  bool cache_iterators_;
  std::unique_ptr<Iterator> write_iter_;
  std::string scratch_;
};

}  // namespace strata::mvcc
