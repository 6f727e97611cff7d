#include "tools/manifest_dump.h"

#include <memory>

#include "db/filename.h"
#include "tools/log_dump.h"

namespace strata::tools {

namespace {

// The longest CURRENT file read: "MANIFEST-" and up to 19 digits and a newline fit many times.
constexpr size_t kMaxCurrentBytes = 256;

Status ReadCurrent(Env* env, const std::string& dir, ManifestDump* dump) {
  std::string path = CurrentFileName(dir);
  std::unique_ptr<SequentialFile> file;
  Status s = env->NewSequentialFile(path, &file);
  if (!s.ok()) return s;
  char space[kMaxCurrentBytes];
  std::string_view contents;
  s = file->Read(sizeof(space), &contents, space);
  if (!s.ok()) return s;
  if (contents.empty() || contents.back() != '\n') {
    dump->findings.AddProblem(path, 0, "CURRENT does not end with a newline");
    return Status::OK();
  }
  std::string name(contents.substr(0, contents.size() - 1));
  uint64_t number;
  FileType type;
  if (!ParseFileName(name, &number, &type) || type != FileType::kManifest) {
    dump->findings.AddProblem(path, 0, "CURRENT names no MANIFEST ('" + name + "')");
    return Status::OK();
  }
  dump->manifest_name = name;
  return Status::OK();
}

class StateBuilder {
 public:
  // Applies an edit as VersionSet::ApplyMetadata and VersionSet::Apply do; false (with the
  // reason) when the edit cannot apply.
  bool Apply(const VersionEditView& edit, std::string* why) {
    for (const auto& [id, name] : edit.column_families) {
      if (column_families_.count(name)) {
        *why = "names column family '" + name + "' twice";
        return false;
      }
      column_families_[name] = id;
    }
    if (edit.log_number) log_number_ = *edit.log_number;
    if (edit.next_file_number && *edit.next_file_number > next_file_number_) {
      next_file_number_ = *edit.next_file_number;
    }
    if (edit.last_sequence && *edit.last_sequence > last_sequence_) {
      last_sequence_ = *edit.last_sequence;
    }
    for (const auto& d : edit.deleted_files) files_.erase(Key{d.column_family, d.level, d.number});
    for (const auto& f : edit.new_files) {
      files_[Key{f.column_family, f.level, f.meta.number}] = f.meta;
    }
    return true;
  }

  void Finish(ManifestDump* dump) const {
    dump->column_families = column_families_;
    dump->log_number = log_number_;
    dump->next_file_number = next_file_number_;
    dump->last_sequence = last_sequence_;
    for (const auto& [key, meta] : files_) {
      if (key.column_family >= column_families_.size()) continue;  // as Apply skips them
      dump->live_files.push_back(LiveFile{key.column_family, key.level, meta});
    }
  }

 private:
  struct Key {
    uint32_t column_family;
    int level;
    uint64_t number;
    auto operator<=>(const Key&) const = default;
  };
  std::map<std::string, uint32_t> column_families_;
  uint64_t log_number_ = 0;
  uint64_t next_file_number_ = 0;
  uint64_t last_sequence_ = 0;
  std::map<Key, FileMetaData> files_;
};

}  // namespace

Status DumpManifest(Env* env, const std::string& dir, ManifestDump* dump) {
  *dump = ManifestDump();
  Status s = ReadCurrent(env, dir, dump);
  if (!s.ok() || dump->manifest_name.empty()) return s;
  std::string path = dir + "/" + dump->manifest_name;
  if (!env->FileExists(path)) {
    dump->findings.AddProblem(CurrentFileName(dir), 0,
                              "CURRENT names " + dump->manifest_name + ", which is missing");
    return Status::OK();
  }
  LogDumpOptions options;
  options.newest = true;
  LogDump log;
  s = DumpLog(env, path, options, &log);
  if (!s.ok()) return s;
  dump->manifest_size = log.file_size;
  for (auto& p : log.findings.problems) dump->findings.problems.push_back(std::move(p));
  for (auto& p : log.findings.notes) dump->findings.notes.push_back(std::move(p));

  StateBuilder state;
  bool state_ok = true;
  for (size_t i = 0; i < log.payloads.size(); i++) {
    uint64_t offset = log.record_list[i].offset;
    VersionEdit edit;
    s = edit.DecodeFrom(log.payloads[i]);
    if (!s.ok()) {
      dump->findings.AddProblem(path, offset, s.message());
      state_ok = false;
      continue;
    }
    ManifestEditDump entry{offset, VersionEditView::Of(edit)};
    std::string why;
    if (!state.Apply(entry.edit, &why)) {
      dump->findings.AddProblem(path, offset, "version edit " + why);
      state_ok = false;
    }
    dump->edits.push_back(std::move(entry));
  }
  if (log.payloads.empty()) {
    dump->findings.AddProblem(path, 0, "MANIFEST holds no records");
    state_ok = false;
  }
  state.Finish(dump);
  if (state_ok && !dump->column_families.count("default")) {
    dump->findings.AddProblem(path, 0, "MANIFEST lacks the default column family");
    state_ok = false;
  }
  dump->state_ok = state_ok;
  return Status::OK();
}

}  // namespace strata::tools
