#include "db/version_set.h"

#include <algorithm>

#include "db/dbformat.h"
#include "db/filename.h"
#include "wal/log_reader.h"

namespace strata {

uint64_t Version::LevelBytes(uint32_t cf, int level) const {
  uint64_t total = 0;
  for (const auto& f : files_[cf][level]) total += f->file_size;
  return total;
}

std::vector<FilePtr> Version::Overlapping(uint32_t cf, int level, std::string_view smallest_user,
                                          std::string_view largest_user, bool unbounded_low,
                                          bool unbounded_high) const {
  std::vector<FilePtr> out;
  for (const auto& f : files_[cf][level]) {
    std::string_view file_low = ExtractUserKey(f->smallest);
    std::string_view file_high = ExtractUserKey(f->largest);
    if (!unbounded_high && file_low > largest_user) continue;
    if (!unbounded_low && file_high < smallest_user) continue;
    out.push_back(f);
  }
  return out;
}

size_t Version::FindFile(uint32_t cf, int level, std::string_view internal_key) const {
  const auto& files = files_[cf][level];
  const auto* cmp = GetInternalKeyComparator();
  size_t left = 0, right = files.size();
  while (left < right) {
    size_t mid = (left + right) / 2;
    if (cmp->Compare(files[mid]->largest, internal_key) < 0) {
      left = mid + 1;
    } else {
      right = mid;
    }
  }
  return right;
}

VersionSet::VersionSet(std::string dir, Env* env, const Options* options)
    : dir_(std::move(dir)), env_(env), options_(options), current_(std::make_shared<Version>(0)) {}

VersionSet::~VersionSet() {
  if (manifest_file_) manifest_file_->Close();
}

std::shared_ptr<const Version> VersionSet::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

void VersionSet::MarkFileNumberUsed(uint64_t number) {
  uint64_t next = next_file_number_.load();
  while (next <= number && !next_file_number_.compare_exchange_weak(next, number + 1)) {
  }
}

void VersionSet::AddMissingColumnFamilies(VersionEdit* edit) {
  uint32_t next_id = 0;
  for (const auto& [name, id] : cf_ids_) next_id = std::max(next_id, id + 1);
  // "default" is always id 0.
  if (!cf_ids_.count("default")) {
    edit->AddColumnFamily(0, "default");
    next_id = std::max<uint32_t>(next_id, 1);
  }
  for (const auto& name : options_->column_families) {
    if (name == "default" || cf_ids_.count(name)) continue;
    bool queued = false;
    for (const auto& [id, n] : edit->column_families_) queued |= n == name;
    if (!queued) edit->AddColumnFamily(next_id++, name);
  }
}

Status VersionSet::ApplyMetadata(const VersionEdit& edit) {
  for (const auto& [id, name] : edit.column_families_) {
    if (cf_ids_.count(name))
      return Status::Corruption("MANIFEST names a column family twice", name);
    cf_ids_[name] = id;
  }
  if (edit.has_log_number_) log_number_ = edit.log_number_;
  if (edit.has_next_file_number_) MarkFileNumberUsed(edit.next_file_number_ - 1);
  if (edit.has_last_sequence_ && edit.last_sequence_ > LastSequence()) {
    SetLastSequence(edit.last_sequence_);
  }
  return Status::OK();
}

std::shared_ptr<Version> VersionSet::Apply(const Version& base, const VersionEdit& edit) const {
  auto v = std::make_shared<Version>(cf_ids_.size());
  for (size_t cf = 0; cf < base.files_.size() && cf < v->files_.size(); cf++) {
    v->files_[cf] = base.files_[cf];
  }
  for (const auto& d : edit.deleted_files_) {
    if (d.column_family >= v->files_.size()) continue;
    auto& level = v->files_[d.column_family][d.level];
    level.erase(std::remove_if(level.begin(), level.end(),
                               [&](const FilePtr& f) { return f->number == d.number; }),
                level.end());
  }
  for (const auto& f : edit.new_files_) {
    if (f.column_family >= v->files_.size()) continue;
    v->files_[f.column_family][f.level].push_back(std::make_shared<FileMetaData>(f.meta));
  }
  const auto* cmp = GetInternalKeyComparator();
  for (auto& levels : v->files_) {
    std::sort(levels[0].begin(), levels[0].end(),
              [](const FilePtr& a, const FilePtr& b) { return a->number > b->number; });
    for (int level = 1; level < kNumLevels; level++) {
      std::sort(levels[level].begin(), levels[level].end(),
                [cmp](const FilePtr& a, const FilePtr& b) {
                  return cmp->Compare(a->smallest, b->smallest) < 0;
                });
    }
  }
  return v;
}

Status VersionSet::CreateNew() {
  VersionEdit edit;
  AddMissingColumnFamilies(&edit);
  Status s = ApplyMetadata(edit);
  if (!s.ok()) return s;
  current_ = Apply(*current_, edit);
  return WriteSnapshotManifest();
}

namespace {
struct ManifestReporter final : public log::Reader::Reporter {
  Status* status;
  std::string file;
  void Corruption(uint64_t offset, size_t bytes, const Status& s) override {
    if (status->ok()) {
      *status = Status::Corruption(file + " at offset " + std::to_string(offset), s.message());
    }
  }
};
}  // namespace

Status VersionSet::Recover() {
  std::unique_ptr<SequentialFile> current_file;
  Status s = env_->NewSequentialFile(CurrentFileName(dir_), &current_file);
  if (!s.ok()) return s;
  char buf[256];
  std::string_view contents;
  s = current_file->Read(sizeof(buf), &contents, buf);
  if (!s.ok()) return s;
  if (contents.empty() || contents.back() != '\n') {
    return Status::Corruption("CURRENT file does not end with a newline");
  }
  std::string manifest_name(contents.substr(0, contents.size() - 1));
  uint64_t number;
  FileType type;
  if (!ParseFileName(manifest_name, &number, &type) || type != FileType::kManifest) {
    return Status::Corruption("CURRENT names no MANIFEST", manifest_name);
  }
  std::string manifest_path = dir_ + "/" + manifest_name;
  std::unique_ptr<SequentialFile> manifest;
  s = env_->NewSequentialFile(manifest_path, &manifest);
  if (!s.ok()) {
    return Status::Corruption("CURRENT points to a missing MANIFEST", manifest_path);
  }

  Status read_status;
  ManifestReporter reporter;
  reporter.status = &read_status;
  reporter.file = manifest_path;
  log::Reader reader(manifest.get(), &reporter);
  std::string scratch;
  std::string_view record;
  auto version = std::make_shared<Version>(0);
  int records = 0;
  while (reader.ReadRecord(&record, &scratch)) {
    VersionEdit edit;
    s = edit.DecodeFrom(record);
    if (!s.ok()) return Status::Corruption(manifest_path, s.message());
    s = ApplyMetadata(edit);
    if (!s.ok()) return s;
    version = Apply(*version, edit);
    records++;
  }
  // A torn last record is an edit that was never acknowledged (each edit is synced before it
  // takes effect); damage followed by valid records is corruption.
  if (!read_status.ok() && reader.ValidRecordAfterProblem()) return read_status;
  if (records == 0) return Status::Corruption("MANIFEST holds no records", manifest_path);
  if (!cf_ids_.count("default")) return Status::Corruption("MANIFEST lacks the default family");
  current_ = version;
  manifest_file_number_ = number;
  MarkFileNumberUsed(number);
  for (const auto& levels : version->files_) {
    for (const auto& level : levels) {
      for (const auto& f : level) MarkFileNumberUsed(f->number);
    }
  }
  return Status::OK();
}

Status VersionSet::WriteSnapshotManifest() {
  std::lock_guard lock(mutex_);
  return WriteSnapshotManifestLocked();
}

Status VersionSet::WriteSnapshotManifestLocked() {
  uint64_t number = NewFileNumber();
  std::string path = ManifestFileName(dir_, number);
  std::unique_ptr<WritableFile> file;
  Status s = env_->NewWritableFile(path, FileOptions(), &file);
  if (!s.ok()) return s;
  auto writer = std::make_unique<log::Writer>(file.get());

  VersionEdit snapshot;
  for (const auto& [name, id] : cf_ids_) snapshot.AddColumnFamily(id, name);
  snapshot.SetLogNumber(log_number_);
  snapshot.SetNextFileNumber(next_file_number_.load());
  snapshot.SetLastSequence(LastSequence());
  for (uint32_t cf = 0; cf < current_->files_.size(); cf++) {
    for (int level = 0; level < kNumLevels; level++) {
      for (const auto& f : current_->files_[cf][level]) snapshot.AddFile(cf, level, *f);
    }
  }
  std::string record;
  snapshot.EncodeTo(&record);
  s = writer->AddRecord(record);
  if (s.ok()) s = file->Sync();
  if (!s.ok()) {
    file->Close();
    env_->RemoveFile(path);
    return s;
  }
  // CURRENT is replaced atomically: write a temp file, sync it, rename it over CURRENT.
  std::string temp = TempFileName(dir_, number);
  std::unique_ptr<WritableFile> current_file;
  s = env_->NewWritableFile(temp, FileOptions(), &current_file);
  if (s.ok()) s = current_file->Append(path.substr(dir_.size() + 1) + "\n");
  if (s.ok()) s = current_file->Sync();
  if (s.ok()) s = current_file->Close();
  if (s.ok()) s = env_->RenameFile(temp, CurrentFileName(dir_));
  if (s.ok()) s = env_->SyncDir(dir_);
  if (!s.ok()) {
    env_->RemoveFile(temp);
    file->Close();
    env_->RemoveFile(path);
    return s;
  }
  if (manifest_file_) manifest_file_->Close();
  manifest_file_ = std::move(file);
  manifest_log_ = std::move(writer);
  manifest_file_number_ = number;
  return Status::OK();
}

Status VersionSet::LogAndApply(VersionEdit* edit) {
  std::lock_guard lock(mutex_);
  Status s;
  if (!manifest_log_) {
    // An earlier append failed and could not be cut off: continue in a fresh MANIFEST.
    s = WriteSnapshotManifestLocked();
    if (!s.ok()) return s;
  }
  if (edit->has_log_number_ && edit->log_number_ < log_number_) edit->SetLogNumber(log_number_);
  edit->SetNextFileNumber(next_file_number_.load());
  edit->SetLastSequence(LastSequence());
  std::string record;
  edit->EncodeTo(&record);
  uint64_t good_offset = manifest_log_->Offset();
  s = manifest_log_->AddRecord(record);
  if (s.ok()) s = manifest_file_->Sync();
  if (!s.ok()) {
    // Leave only complete records behind, or a later record would follow garbage.
    if (!manifest_log_->RewindTo(good_offset).ok()) manifest_log_.reset();
    return s;
  }
  s = ApplyMetadata(*edit);
  if (!s.ok()) return s;
  current_ = Apply(*current_, *edit);
  versions_.erase(std::remove_if(versions_.begin(), versions_.end(),
                                 [](const std::weak_ptr<Version>& w) { return w.expired(); }),
                  versions_.end());
  versions_.push_back(current_);
  return Status::OK();
}

size_t VersionSet::AddLiveFiles(std::set<uint64_t>* live) {
  std::lock_guard lock(mutex_);
  auto add = [live](const Version& v) {
    for (const auto& levels : v.files_) {
      for (const auto& level : levels) {
        for (const auto& f : level) live->insert(f->number);
      }
    }
  };
  add(*current_);
  size_t in_current = live->size();
  for (const auto& weak : versions_) {
    if (auto v = weak.lock()) add(*v);
  }
  return live->size() - in_current;
}

}  // namespace strata
