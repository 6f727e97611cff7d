#include "tools/check.h"

#include <algorithm>
#include <map>
#include <memory>
#include <vector>

#include "db/dbformat.h"
#include "db/filename.h"
#include "tools/log_dump.h"
#include "tools/manifest_dump.h"
#include "tools/table_dump.h"

namespace strata::tools {

namespace {

void Merge(Findings* into, Findings&& from) {
  for (auto& p : from.problems) into->problems.push_back(std::move(p));
  for (auto& p : from.notes) into->notes.push_back(std::move(p));
}

std::string Where(const LiveFile& file) {
  return "column family " + std::to_string(file.column_family) + ", level " +
         std::to_string(file.level);
}

// What the MANIFEST says about a table must match the table itself.
void CompareWithManifest(const std::string& path, const LiveFile& live, const TableDump& table,
                         Findings* findings) {
  const FileMetaData& meta = live.meta;
  if (table.file_size != meta.file_size) {
    findings->AddProblem(path, 0,
                         "is " + std::to_string(table.file_size) +
                             " bytes; the MANIFEST recorded " + std::to_string(meta.file_size));
  }
  if (!table.findings.problems.empty()) return;
  if (table.smallest != meta.smallest || table.largest != meta.largest) {
    findings->AddProblem(path, 0, "its key range differs from the one the MANIFEST recorded");
  }
  if (meta.num_entries != 0 && table.entries != meta.num_entries) {
    findings->AddProblem(path, 0,
                         "holds " + std::to_string(table.entries) +
                             " entries; the MANIFEST recorded " + std::to_string(meta.num_entries));
  }
}

}  // namespace

Status CheckDataDir(Env* env, const std::string& data_dir, CheckReport* report) {
  *report = CheckReport();
  std::string dir = data_dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  std::vector<std::string> children;
  Status s = env->GetChildren(dir, &children);
  if (!s.ok()) return s;
  if (!env->FileExists(CurrentFileName(dir))) {
    return Status::InvalidArgument(dir, "is not a StrataDB data dir (it has no CURRENT file)");
  }
  std::unique_ptr<FileLock> lock;
  s = env->LockFile(LockFileName(dir), &lock);
  if (!s.ok()) return s;
  Findings& findings = report->findings;

  ManifestDump manifest;
  s = DumpManifest(env, dir, &manifest);
  if (!s.ok()) return s;
  Merge(&findings, std::move(manifest.findings));
  report->manifest_records = manifest.edits.size();
  report->bytes += manifest.manifest_size;
  if (!manifest.state_ok) return Status::OK();

  std::map<uint64_t, const LiveFile*> live;
  for (const LiveFile& file : manifest.live_files) live[file.meta.number] = &file;
  for (const auto& [number, file] : live) {
    std::string path = TableFileName(dir, number);
    if (!env->FileExists(path)) {
      findings.AddProblem(path, 0, "is missing; the MANIFEST lists it in " + Where(*file));
      continue;
    }
    TableDumpOptions options;
    options.allocation = false;
    TableDump table;
    s = DumpTable(env, path, options, &table);
    if (!s.ok()) {
      findings.AddProblem(path, 0, s.ToString());
      continue;
    }
    CompareWithManifest(path, *file, table, &findings);
    report->table_files++;
    report->blocks += table.blocks.size();
    report->entries += table.entries;
    report->bytes += table.file_size;
    Merge(&findings, std::move(table.findings));
  }

  std::vector<uint64_t> wals;
  for (const std::string& name : children) {
    uint64_t number;
    FileType type;
    if (!ParseFileName(name, &number, &type)) continue;
    std::string path = dir + "/" + name;
    if (type == FileType::kWal && number >= manifest.log_number) wals.push_back(number);
    if (type == FileType::kWal && number < manifest.log_number) {
      findings.AddNote(path, 0,
                       "an obsolete WAL (its writes are in SSTs); the next open deletes it");
    } else if (type == FileType::kTable && !live.count(number)) {
      findings.AddNote(path, 0,
                       "not in the MANIFEST (left by an interrupted flush or compaction); "
                       "the next open deletes it");
    } else if (type == FileType::kManifest && name != manifest.manifest_name) {
      findings.AddNote(path, 0, "an older MANIFEST; the next open deletes it");
    } else if (type == FileType::kTemp) {
      findings.AddNote(path, 0, "a temporary file; the next open deletes it");
    }
  }
  std::sort(wals.begin(), wals.end());
  for (size_t i = 0; i < wals.size(); i++) {
    std::string path = WalFileName(dir, wals[i]);
    LogDumpOptions options;
    options.batches = true;
    options.column_families = static_cast<uint32_t>(manifest.column_families.size());
    options.newest = i + 1 == wals.size();
    options.keep_records = false;
    LogDump log;
    s = DumpLog(env, path, options, &log);
    if (!s.ok()) {
      findings.AddProblem(path, 0, s.ToString());
      continue;
    }
    report->wal_files++;
    report->wal_records += log.records;
    report->bytes += log.file_size;
    Merge(&findings, std::move(log.findings));
  }
  return Status::OK();
}

}  // namespace strata::tools
