#include "db/compaction.h"

#include <algorithm>

#include "db/dbformat.h"

namespace strata {

bool Compaction::IsBaseLevelForKey(std::string_view user_key) {
  for (int lvl = output_level + 1; lvl < kNumLevels; lvl++) {
    const auto& files = version->files(column_family, lvl);
    while (level_ptrs_[lvl] < files.size()) {
      const FilePtr& f = files[level_ptrs_[lvl]];
      if (user_key <= ExtractUserKey(f->largest)) {
        if (user_key >= ExtractUserKey(f->smallest)) return false;
        break;
      }
      level_ptrs_[lvl]++;
    }
  }
  return true;
}

uint64_t Compaction::InputBytes() const {
  uint64_t total = 0;
  for (const auto& which : inputs) {
    for (const auto& f : which) total += f->file_size;
  }
  return total;
}

CompactionPicker::CompactionPicker(const Options* options) : options_(options) {}

uint64_t CompactionPicker::MaxBytesForLevel(int level) const {
  double result = static_cast<double>(options_->max_bytes_for_level_base);
  for (int l = 1; l < level; l++) result *= options_->level_size_multiplier;
  return static_cast<uint64_t>(result);
}

double CompactionPicker::Score(const Version& version, uint32_t cf, int level) const {
  if (level == 0) {
    return static_cast<double>(version.files(cf, 0).size()) / options_->level0_compaction_trigger;
  }
  return static_cast<double>(version.LevelBytes(cf, level)) /
         static_cast<double>(MaxBytesForLevel(level));
}

bool CompactionPicker::NeedsCompaction(const Version& version) const {
  for (uint32_t cf = 0; cf < version.num_column_families(); cf++) {
    for (int level = 0; level < kNumLevels - 1; level++) {
      if (Score(version, cf, level) >= 1) return true;
    }
  }
  return false;
}

void CompactionPicker::Mark(Compaction* c) {
  for (auto& which : c->inputs) {
    for (auto& f : which) f->being_compacted = true;
  }
}

static bool AnyBusy(const std::vector<FilePtr>& files) {
  return std::any_of(files.begin(), files.end(),
                     [](const FilePtr& f) { return f->being_compacted; });
}

static void UserRange(const std::vector<FilePtr>& files, std::string* smallest,
                      std::string* largest) {
  for (size_t i = 0; i < files.size(); i++) {
    std::string_view low = ExtractUserKey(files[i]->smallest);
    std::string_view high = ExtractUserKey(files[i]->largest);
    if (i == 0 || low < std::string_view(*smallest)) smallest->assign(low);
    if (i == 0 || high > std::string_view(*largest)) largest->assign(high);
  }
}

bool CompactionPicker::SetupOtherInputs(Compaction* c) {
  std::string smallest, largest;
  UserRange(c->inputs[0], &smallest, &largest);
  c->inputs[1] = c->version->Overlapping(c->column_family, c->output_level, smallest, largest);
  return !AnyBusy(c->inputs[1]);
}

std::unique_ptr<Compaction> CompactionPicker::Pick(const std::shared_ptr<const Version>& version) {
  if (compact_pointer_.size() < version->num_column_families()) {
    compact_pointer_.resize(version->num_column_families());
  }
  // Candidates in order of urgency.
  struct Candidate {
    double score;
    uint32_t cf;
    int level;
  };
  std::vector<Candidate> candidates;
  for (uint32_t cf = 0; cf < version->num_column_families(); cf++) {
    for (int level = 0; level < kNumLevels - 1; level++) {
      double score = Score(*version, cf, level);
      if (score >= 1) candidates.push_back({score, cf, level});
    }
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.score > b.score; });

  for (const auto& cand : candidates) {
    auto c = std::make_unique<Compaction>();
    c->column_family = cand.cf;
    c->level = cand.level;
    c->output_level = cand.level + 1;
    c->version = version;
    const auto& files = version->files(cand.cf, cand.level);
    if (cand.level == 0) {
      // All of L0 at once: its files overlap, and leaving an older one behind would let a
      // deletion in the output hide nothing while the older value resurfaces.
      if (AnyBusy(files)) continue;
      c->inputs[0] = files;
    } else {
      // The first free file after where the last compaction of this level ended.
      const std::string& pointer = compact_pointer_[cand.cf][cand.level];
      const auto* cmp = GetInternalKeyComparator();
      FilePtr chosen;
      for (const auto& f : files) {
        if (f->being_compacted) continue;
        if (pointer.empty() || cmp->Compare(f->largest, pointer) > 0) {
          chosen = f;
          break;
        }
      }
      if (!chosen) {
        for (const auto& f : files) {
          if (!f->being_compacted) {
            chosen = f;
            break;
          }
        }
      }
      if (!chosen) continue;
      c->inputs[0] = {chosen};
    }
    if (!SetupOtherInputs(c.get())) continue;
    compact_pointer_[cand.cf][cand.level] = c->inputs[0].back()->largest;
    Mark(c.get());
    return c;
  }
  return nullptr;
}

std::unique_ptr<Compaction> CompactionPicker::PickRange(
    const std::shared_ptr<const Version>& version, uint32_t cf, int level, const std::string* begin,
    const std::string* end, bool in_place, bool* busy) {
  *busy = false;
  auto inputs =
      version->Overlapping(cf, level, begin ? *begin : std::string_view(),
                           end ? *end : std::string_view(), begin == nullptr, end == nullptr);
  if (inputs.empty()) return nullptr;
  if (level == 0) inputs = version->files(cf, 0);  // see Pick: L0 moves as a whole
  auto c = std::make_unique<Compaction>();
  c->column_family = cf;
  c->level = level;
  c->output_level = in_place ? level : level + 1;
  c->version = version;
  c->manual = true;
  c->inputs[0] = std::move(inputs);
  // In place, the outputs replace the inputs within their level: they hold the inputs' keys, so
  // they overlap no other file there.
  if (AnyBusy(c->inputs[0]) || (!in_place && !SetupOtherInputs(c.get()))) {
    *busy = true;
    return nullptr;
  }
  Mark(c.get());
  return c;
}

}  // namespace strata
