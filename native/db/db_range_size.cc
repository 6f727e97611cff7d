// GetRangeSize: the SST bytes holding a key range, logical and allocated, for the layers above
// (a table's size on disk, as information_schema reports it).

#include "db/db_impl.h"
#include "db/dbformat.h"
#include "db/filename.h"

namespace strata {

Status DBImpl::GetRangeSize(std::string_view start, std::string_view end, RangeSize* size) {
  *size = RangeSize();
  auto sv = GetSuperVersion();
  if (!sv) return Status::Closed();
  const Version& version = *sv->version;
  bool unbounded = end.empty();
  for (uint32_t cf = 0; cf < version.num_column_families(); cf++) {
    for (int level = 0; level < kNumLevels; level++) {
      for (const FilePtr& f : version.files(cf, level)) {
        std::string_view smallest = ExtractUserKey(f->smallest);
        std::string_view largest = ExtractUserKey(f->largest);
        if (largest < start || (!unbounded && smallest >= end)) continue;
        size->files++;
        if (smallest >= start && (unbounded || largest < end)) {
          size->logical_bytes += f->file_size;
          size->allocated_bytes += f->allocated_bytes;
          continue;
        }
        std::shared_ptr<const Table> table;
        Status s = table_cache_->FindTable(f->number, f->file_size, ReadTier::kAll, &table);
        if (!s.ok()) return s;
        uint64_t span_begin, span_end;
        s = table->DataSpan(start, end, &span_begin, &span_end);
        if (!s.ok()) return s;
        if (span_end <= span_begin) continue;
        uint64_t allocated = 0;
        s = env_->GetAllocatedBytesInRange(TableFileName(dir_, f->number), span_begin,
                                           span_end - span_begin, &allocated);
        if (!s.ok()) return s;
        size->logical_bytes += span_end - span_begin;
        size->allocated_bytes += allocated;
      }
    }
  }
  return Status::OK();
}

}  // namespace strata
