// PowerCutIo: a FileIo that does every I/O through a real one and remembers, per file, the writes
// made since its last fdatasync, so that a test can cut the power. A cut undoes those writes,
// then lets each one land whole, not at all, or (unless it was an RWF_ATOMIC write) torn: every
// filesystem block it touched ends up old, new or garbage, chosen at random. That is what a
// device without untorn writes may leave of a block being rewritten, acknowledged bytes included.
//
// Thread safety: all methods may be called from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include "io/file_io.h"

namespace strata::test {

class PowerCutIo final : public FileIo {
 public:
  // base is not owned. Only writes to files whose names end with tear_suffix may tear (the WAL's,
  // say); other unsynced writes land whole or not at all.
  PowerCutIo(FileIo* base, uint64_t seed, std::string tear_suffix);

  // From the write_count-th write on (counting from 1), the power is off: that write reaches the
  // file, and every later write and sync fails without touching it.
  void CutAfterWrites(uint64_t write_count);
  // Cuts the power now (if it is still on) and leaves every file as the device might after it.
  void CutNow();
  bool power_off() const;
  uint64_t writes() const;
  uint64_t untorn_writes() const;  // RWF_ATOMIC writes seen

  const char* Name() const override { return base_->Name(); }
  Status Read(int fd, const std::string& path, char* buf, size_t n, uint64_t offset,
              size_t* bytes_read) override;
  char* AlignedReadBuffer(size_t n) override { return base_->AlignedReadBuffer(n); }
  std::unique_ptr<WriteChannel> NewWriteChannel(int fd, const std::string& path,
                                                const std::vector<iovec>& buffers) override;

 private:
  class Channel;
  struct UnsyncedWrite {
    uint64_t block_offset;  // the touched blocks: [block_offset, block_offset + before.size())
    std::string before;
    std::string after;
    bool atomic;
  };

  // Called by channels. False once the power is off.
  bool RecordWrite(const std::string& path, int fd, const char* buf, size_t n, uint64_t offset,
                   int rw_flags);
  void ForgetUnsynced(const std::string& path);
  void LeaveFilesAsAfterTheCut();  // REQUIRES: mutex_ held
  uint64_t Pick(uint64_t n);       // uniform in [0, n); REQUIRES: mutex_ held

  FileIo* base_;
  std::string tear_suffix_;
  mutable std::mutex mutex_;
  std::mt19937_64 random_;
  uint64_t writes_ = 0;
  uint64_t untorn_writes_ = 0;
  uint64_t cut_after_ = 0;  // 0: not armed
  bool power_off_ = false;
  bool files_cut_ = false;
  std::map<std::string, std::vector<UnsyncedWrite>> unsynced_;
};

}  // namespace strata::test
