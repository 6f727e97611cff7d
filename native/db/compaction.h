// Compaction: which files one compaction merges, and CompactionPicker, which chooses the next
// compaction by leveled scores (L0 by file count, deeper levels by bytes against a target that
// grows level_size_multiplier times per level).
//
// Thread safety: CompactionPicker is used under the DB mutex only.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "db/version_set.h"
#include "strata/options.h"

namespace strata {

struct Compaction {
  uint32_t column_family = 0;
  int level = 0;         // inputs[0] come from here
  int output_level = 1;  // inputs[1] and the outputs live here
  std::array<std::vector<FilePtr>, 2> inputs;
  std::shared_ptr<const Version> version;  // the version the inputs were picked from
  bool manual = false;

  // One input file and nothing to merge with below: move it down without rewriting.
  bool IsTrivialMove() const {
    return !manual && inputs[0].size() == 1 && inputs[1].empty() && level > 0;
  }
  // Whether levels below the output hold no data for user_key, so that a deletion of it can be
  // dropped. Calls must come in ascending key order (it keeps a cursor per level).
  bool IsBaseLevelForKey(std::string_view user_key);
  uint64_t InputBytes() const;

 private:
  std::array<size_t, kNumLevels> level_ptrs_{};
};

class CompactionPicker {
 public:
  explicit CompactionPicker(const Options* options);

  // The most urgent compaction whose files are free, with its files marked being_compacted; or
  // nullptr. allow_level0: no other L0 compaction of that family runs.
  std::unique_ptr<Compaction> Pick(const std::shared_ptr<const Version>& version);
  // True when some level of some family is over its target.
  bool NeedsCompaction(const Version& version) const;
  // A compaction of level into level + 1 (in_place: into level itself, level > 0) for keys in
  // [begin, end] (nullptr: unbounded); nullptr when the level has no such files or they are busy
  // (then *busy is set).
  std::unique_ptr<Compaction> PickRange(const std::shared_ptr<const Version>& version, uint32_t cf,
                                        int level, const std::string* begin, const std::string* end,
                                        bool in_place, bool* busy);

  uint64_t MaxBytesForLevel(int level) const;
  double Score(const Version& version, uint32_t cf, int level) const;

 private:
  bool SetupOtherInputs(Compaction* c);
  static void Mark(Compaction* c);

  const Options* options_;
  // Where the last compaction of each family and level ended, so the next one starts after it.
  std::vector<std::array<std::string, kNumLevels>> compact_pointer_;
};

}  // namespace strata
