// MvccGcFilter: the compaction filter that garbage-collects MVCC versions of the transaction
// layer (docs/format/mvcc.md, "Garbage collection"; key layout in docs/format/keys.md).
//
// In the `write` column family, per user key (a key minus its last 8 bytes), records whose commit
// timestamp is at or below the safepoint are dropped except the newest Put (and the newest
// Delete where older data may lie below); Rollback and Lock records at or below it go too. The
// default-CF values of dropped Puts whose value is not inline are deleted once the compaction's
// output is installed. A safepoint of 0 keeps everything.
//
// Thread safety: the filter is shared by all compactions; each gets its own Context.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>

#include "strata/compaction_filter.h"

namespace strata {

class MvccGcFilter final : public CompactionFilter {
 public:
  // safepoint is read at the start of each compaction; it must outlive the filter.
  MvccGcFilter(const std::atomic<uint64_t>* safepoint, uint32_t write_cf, uint32_t default_cf);

  const char* Name() const override { return "strata.MvccGc"; }
  std::unique_ptr<Context> NewContext(uint32_t column_family) override;

 private:
  const std::atomic<uint64_t>* safepoint_;
  uint32_t write_cf_;
  uint32_t default_cf_;
};

}  // namespace strata
