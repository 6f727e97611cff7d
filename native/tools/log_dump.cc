#include "tools/log_dump.h"

#include <memory>

#include "strata/write_batch.h"
#include "util/coding.h"
#include "util/crc32c.h"
#include "wal/log_format.h"
#include "wal/log_reader.h"

namespace strata::tools {

namespace {

struct CollectingReporter final : public log::Reader::Reporter {
  std::vector<Problem> problems;
  std::string file;
  void Corruption(uint64_t offset, size_t bytes, const Status& s) override {
    problems.push_back(Problem{file, offset, s.message()});
  }
};

class BatchChecker final : public WriteBatch::Handler {
 public:
  BatchChecker(uint32_t column_families, std::vector<BatchOperationDump>* operations)
      : column_families_(column_families), operations_(operations) {}

  Status Put(uint32_t cf, std::string_view key, std::string_view value) override {
    return Add(true, cf, key, value.size());
  }
  Status Delete(uint32_t cf, std::string_view key) override { return Add(false, cf, key, 0); }

 private:
  Status Add(bool put, uint32_t cf, std::string_view key, uint64_t value_bytes) {
    if (column_families_ != 0 && cf >= column_families_) {
      return Status::Corruption("operation in unknown column family " + std::to_string(cf));
    }
    if (operations_)
      operations_->push_back(BatchOperationDump{put, cf, std::string(key), value_bytes});
    return Status::OK();
  }

  uint32_t column_families_;
  std::vector<BatchOperationDump>* operations_;
};

// Where the bytes after the last complete record stop being what a writer legitimately leaves
// there (zeros that end a block, PADDING fragments): the offset of a record cut off by the end
// of the file, or file_size when the tail is clean.
Status FindTornTail(RandomAccessFile* file, uint64_t start, uint64_t file_size, uint64_t* torn) {
  *torn = file_size;
  std::string space(log::kBlockSize, '\0');
  uint64_t position = start;
  while (position < file_size) {
    uint64_t block_left = log::kBlockSize - position % log::kBlockSize;
    if (block_left < log::kHeaderSize) {
      position += block_left;
      continue;
    }
    size_t length = static_cast<size_t>(std::min<uint64_t>(block_left, file_size - position));
    std::string_view bytes;
    Status s = file->Read(position, length, &bytes, space.data());
    if (!s.ok()) return s;
    if (bytes.size() < log::kHeaderSize) {
      if (bytes.find_first_not_of('\0') != std::string_view::npos) *torn = position;
      return Status::OK();
    }
    uint32_t payload = DecodeFixed16(bytes.data() + 4);
    auto type = static_cast<unsigned char>(bytes[6]);
    if (type == log::kZeroType && payload == 0) {
      position += block_left;
      continue;
    }
    bool fits = log::kHeaderSize + payload <= bytes.size();
    if (type == log::kPaddingType && fits &&
        crc32c::Unmask(DecodeFixed32(bytes.data())) ==
            crc32c::Value(bytes.data() + 6, 1 + payload)) {
      position += log::kHeaderSize + payload;
      continue;
    }
    *torn = position;
    return Status::OK();
  }
  return Status::OK();
}

}  // namespace

Status DumpLog(Env* env, const std::string& path, const LogDumpOptions& options, LogDump* dump) {
  *dump = LogDump();
  Status s = env->GetFileSize(path, &dump->file_size);
  if (!s.ok()) return s;
  std::unique_ptr<SequentialFile> file;
  s = env->NewSequentialFile(path, &file);
  if (!s.ok()) return s;
  CollectingReporter reporter;
  reporter.file = path;
  log::Reader reader(file.get(), &reporter);
  std::string scratch;
  std::string_view record;
  std::vector<Problem> batch_problems;
  while (reader.ReadRecord(&record, &scratch)) {
    dump->records++;
    LogRecordDump entry;
    entry.offset = reader.LastRecordOffset();
    entry.bytes = record.size();
    if (options.batches) {
      if (record.size() < WriteBatch::kHeaderBytes) {
        batch_problems.push_back(Problem{path, entry.offset, "WAL record too small for a batch"});
      } else {
        WriteBatch batch{std::string(record)};
        entry.sequence = batch.Sequence();
        entry.count = batch.Count();
        BatchChecker checker(options.column_families, options.operations && options.keep_records
                                                          ? &entry.operations
                                                          : nullptr);
        Status batch_status = batch.Iterate(&checker);
        if (!batch_status.ok()) {
          batch_problems.push_back(
              Problem{path, entry.offset, "write batch: " + batch_status.message()});
        }
      }
    } else if (options.keep_records) {
      dump->payloads.emplace_back(record);
    }
    if (options.keep_records) dump->record_list.push_back(std::move(entry));
  }
  dump->end_of_last_record = reader.EndOfLastRecord();
  for (Problem& p : batch_problems) dump->findings.problems.push_back(std::move(p));

  bool torn = options.newest && !reader.ValidRecordAfterProblem();
  bool damage_past_end = false;
  for (Problem& p : reporter.problems) {
    damage_past_end |= p.offset >= dump->end_of_last_record;
    if (torn) {
      p.message += " (at the end of the newest log: a write torn by a crash, cut off at offset " +
                   std::to_string(dump->end_of_last_record) + " when the database opens)";
      dump->findings.notes.push_back(std::move(p));
    } else {
      dump->findings.problems.push_back(std::move(p));
    }
  }
  if (damage_past_end || dump->end_of_last_record >= dump->file_size) return Status::OK();

  std::unique_ptr<RandomAccessFile> random;
  s = env->NewRandomAccessFile(path, FileOptions(), &random);
  if (!s.ok()) return s;
  uint64_t torn_at;
  s = FindTornTail(random.get(), dump->end_of_last_record, dump->file_size, &torn_at);
  if (!s.ok()) return s;
  if (torn_at == dump->file_size) return Status::OK();
  std::string cut = std::to_string(dump->file_size - torn_at) + " bytes from offset " +
                    std::to_string(torn_at) + " hold a record cut off by the end of the file";
  if (options.newest) {
    dump->findings.AddNote(path, torn_at,
                           cut + " (a write torn by a crash, cut off when the database opens)");
  } else {
    dump->findings.AddProblem(path, torn_at, cut + ", in a log that is not the newest");
  }
  return Status::OK();
}

}  // namespace strata::tools
