// WAL framing: records of every size round-trip across block boundaries, and damage is reported
// with whether anything valid follows it (the torn-tail test recovery relies on).
#include <string>

#include "harness.h"
#include "strata/env.h"
#include "wal/log_reader.h"
#include "wal/log_writer.h"

namespace strata {
namespace {

std::string Payload(int i, size_t length) {
  std::string s(length, static_cast<char>('a' + i % 26));
  s.append(std::to_string(i));
  return s;
}

struct Log {
  std::unique_ptr<Env> env = NewMemEnv();
  std::string path = "/log";

  void Write(const std::vector<std::string>& records) {
    std::unique_ptr<WritableFile> file;
    ASSERT_OK(env->NewWritableFile(path, FileOptions(), &file));
    log::Writer writer(file.get());
    for (const auto& r : records) ASSERT_OK(writer.AddRecord(r));
    ASSERT_OK(file->Close());
  }

  std::vector<std::string> Read(bool* problem = nullptr, bool* valid_after = nullptr) {
    std::unique_ptr<SequentialFile> file;
    ASSERT_OK(env->NewSequentialFile(path, &file));
    log::Reader reader(file.get(), nullptr);
    std::vector<std::string> out;
    std::string scratch;
    std::string_view record;
    while (reader.ReadRecord(&record, &scratch)) out.emplace_back(record);
    if (problem) *problem = reader.HadProblem();
    if (valid_after) *valid_after = reader.ValidRecordAfterProblem();
    return out;
  }

  void FlipByte(uint64_t offset) {
    std::unique_ptr<RandomAccessFile> in;
    ASSERT_OK(env->NewRandomAccessFile(path, FileOptions(), &in));
    std::string data(in->Size(), '\0');
    std::string_view got;
    ASSERT_OK(in->Read(0, data.size(), &got, data.data()));
    std::string copy(got);
    copy[offset] ^= 0x20;
    std::unique_ptr<WritableFile> out;
    ASSERT_OK(env->NewWritableFile(path, FileOptions(), &out));
    ASSERT_OK(out->Append(copy));
  }
};

TEST(Log, RecordsOfEverySizeRoundTripAcrossBlocks) {
  Log log;
  std::vector<std::string> records;
  for (int i = 0; i < 200; i++) records.push_back(Payload(i, (i * 997) % 70000));
  records.push_back("");
  log.Write(records);
  auto read = log.Read();
  ASSERT_EQ(read.size(), records.size());
  for (size_t i = 0; i < records.size(); i++) ASSERT_TRUE(read[i] == records[i]);
}

TEST(Log, DamageFollowedByValidRecordsIsReportedAsSuch) {
  Log log;
  std::vector<std::string> records;
  for (int i = 0; i < 100; i++) records.push_back(Payload(i, 1000));
  log.Write(records);
  log.FlipByte(5000);
  bool problem = false, valid_after = false;
  auto read = log.Read(&problem, &valid_after);
  ASSERT_TRUE(problem);
  ASSERT_TRUE(valid_after);
  ASSERT_TRUE(read.size() < records.size());
}

TEST(Log, DamageInTheLastRecordHasNothingValidAfterIt) {
  Log log;
  std::vector<std::string> records;
  for (int i = 0; i < 10; i++) records.push_back(Payload(i, 100));
  log.Write(records);
  uint64_t size;
  ASSERT_OK(log.env->GetFileSize(log.path, &size));
  log.FlipByte(size - 3);
  bool problem = false, valid_after = true;
  auto read = log.Read(&problem, &valid_after);
  ASSERT_TRUE(problem);
  ASSERT_TRUE(!valid_after);
  ASSERT_EQ(read.size(), size_t{9});
}

}  // namespace
}  // namespace strata
