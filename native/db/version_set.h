// Version: an immutable snapshot of which SSTs hold each column family's data, level by level.
// VersionSet: the current Version, the MANIFEST that records how it came to be, file numbers,
// the last sequence and the column families (docs/format/manifest.md).
//
// Thread safety: VersionSet methods may be called from any thread (an internal mutex serialises
// LogAndApply). A Version is immutable and shared through shared_ptr; holding one keeps its files.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "db/version_edit.h"
#include "strata/env.h"
#include "strata/options.h"
#include "strata/status.h"
#include "wal/log_writer.h"

namespace strata {

using FilePtr = std::shared_ptr<FileMetaData>;
using LevelFiles = std::array<std::vector<FilePtr>, kNumLevels>;

class Version {
 public:
  explicit Version(size_t column_families) : files_(column_families) {}

  size_t num_column_families() const { return files_.size(); }
  // L0 newest first (by file number); deeper levels sorted by smallest key, not overlapping.
  const std::vector<FilePtr>& files(uint32_t cf, int level) const { return files_[cf][level]; }
  uint64_t LevelBytes(uint32_t cf, int level) const;
  // Files of a level whose user-key range intersects [smallest, largest] (user keys; empty
  // strings mean unbounded when the matching flag is set).
  std::vector<FilePtr> Overlapping(uint32_t cf, int level, std::string_view smallest_user,
                                   std::string_view largest_user, bool unbounded_low = false,
                                   bool unbounded_high = false) const;
  // Index of the first file in a sorted level whose largest key is >= internal_key.
  size_t FindFile(uint32_t cf, int level, std::string_view internal_key) const;

 private:
  friend class VersionSet;
  std::vector<LevelFiles> files_;
};

class VersionSet {
 public:
  VersionSet(std::string dir, Env* env, const Options* options);
  ~VersionSet();

  // A fresh database: column families from options, an empty version, a first MANIFEST.
  Status CreateNew();
  // Reads CURRENT and the MANIFEST it names. Changes nothing on disk.
  Status Recover();
  // Adds column families named in options but missing from the MANIFEST (ids assigned here).
  void AddMissingColumnFamilies(VersionEdit* edit);
  // Starts a new MANIFEST holding the whole current state and points CURRENT at it.
  Status WriteSnapshotManifest();

  // Applies edit to the current version, records it in the MANIFEST (synced) and installs the
  // result. Sets the edit's last sequence and next file number.
  Status LogAndApply(VersionEdit* edit);

  std::shared_ptr<const Version> current() const;

  uint64_t NewFileNumber() { return next_file_number_.fetch_add(1); }
  uint64_t PeekNextFileNumber() const { return next_file_number_.load(); }
  void MarkFileNumberUsed(uint64_t number);
  uint64_t LastSequence() const { return last_sequence_.load(std::memory_order_acquire); }
  void SetLastSequence(uint64_t s) { last_sequence_.store(s, std::memory_order_release); }
  uint64_t LogNumber() const { return log_number_; }
  uint64_t ManifestFileNumber() const { return manifest_file_number_; }

  // Column family ids by name (stable across restarts).
  const std::map<std::string, uint32_t>& column_families() const { return cf_ids_; }
  size_t NumColumnFamilies() const { return cf_ids_.size(); }

  // Files referenced by any Version still alive (the current one and those readers hold).
  // Adds the files of every version still referenced to *live; returns how many of them are held
  // only by older versions (readers that have not moved on yet).
  size_t AddLiveFiles(std::set<uint64_t>* live);

 private:
  std::shared_ptr<Version> Apply(const Version& base, const VersionEdit& edit) const;
  Status ApplyMetadata(const VersionEdit& edit);
  Status WriteSnapshotManifestLocked();

  std::string dir_;
  Env* env_;
  const Options* options_;

  mutable std::mutex mutex_;
  std::shared_ptr<Version> current_;
  std::vector<std::weak_ptr<Version>> versions_;  // every version handed out, for AddLiveFiles

  std::atomic<uint64_t> next_file_number_{2};
  std::atomic<uint64_t> last_sequence_{0};
  uint64_t log_number_ = 0;
  uint64_t manifest_file_number_ = 0;
  std::map<std::string, uint32_t> cf_ids_;

  std::unique_ptr<WritableFile> manifest_file_;
  std::unique_ptr<log::Writer> manifest_log_;
};

}  // namespace strata
