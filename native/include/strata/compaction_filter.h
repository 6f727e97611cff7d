// CompactionFilter: a hook that compaction calls for each surviving entry, so that a layer above
// can drop entries it knows are garbage (the MVCC garbage collector plugs in here).
//
// Thread safety: Filter may be called from several compaction threads at once; each compaction
// gets its own Context.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace strata {

class CompactionFilter {
 public:
  enum class Decision { kKeep, kRemove };

  // What one compaction asks of the filter. Entries arrive in key order, newest version of a
  // key first; only the newest visible version per snapshot stripe is offered.
  class Context {
   public:
    virtual ~Context() = default;
    // column_family: the family being compacted; bottommost: nothing of this family lies below
    // the compaction's output level, so dropping a key cannot uncover an older one.
    virtual Decision Filter(uint32_t column_family, std::string_view user_key,
                            std::string_view value, bool bottommost) = 0;
    // Keys of other column families to delete once the compaction's output is installed
    // (e.g. the default-CF values of dropped MVCC versions). Drained by the engine.
    virtual void TakeSideDeletes(std::vector<std::pair<uint32_t, std::string>>* out) {}
  };

  virtual ~CompactionFilter() = default;
  virtual const char* Name() const = 0;
  // A context for one compaction of column_family, or nullptr to keep everything.
  virtual std::unique_ptr<Context> NewContext(uint32_t column_family) = 0;
};

}  // namespace strata
