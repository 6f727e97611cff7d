#include "power_cut_io.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "io/statx_ext.h"

namespace strata::test {

namespace {

// The unit a device tears: the physical sector, 4 KiB on this machine's disk.
constexpr uint64_t kTornBlockBytes = 4096;

enum class Fate { kLost, kWhole, kTorn };

std::string ReadRange(const std::string& path, uint64_t offset, size_t n) {
  std::string bytes(n, '\0');
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return bytes;
  ssize_t got = ::pread(fd, bytes.data(), n, static_cast<off_t>(offset));
  (void)got;  // past the end the image stays zeros
  ::close(fd);
  return bytes;
}

void WriteRange(const std::string& path, uint64_t offset, const std::string& bytes) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0) return;
  ssize_t written = ::pwrite(fd, bytes.data(), bytes.size(), static_cast<off_t>(offset));
  (void)written;
  ::close(fd);
}

}  // namespace

// Every write goes through to the real channel and completes before Write returns, so that nothing
// is still queued when the power goes off.
class PowerCutIo::Channel final : public WriteChannel {
 public:
  Channel(PowerCutIo* io, int fd, std::string path, std::unique_ptr<WriteChannel> base)
      : io_(io), fd_(fd), path_(std::move(path)), base_(std::move(base)) {}

  Status Write(const char* buf, size_t n, uint64_t offset, int rw_flags) override {
    if (!io_->RecordWrite(path_, fd_, buf, n, offset, rw_flags)) return PowerOff();
    Status s = base_->Write(buf, n, offset, rw_flags);
    if (s.ok()) s = base_->WaitAll();
    return s;
  }
  Status Start() override { return io_->power_off() ? PowerOff() : Status::OK(); }
  Status WaitAll() override { return io_->power_off() ? PowerOff() : Status::OK(); }
  Status Sync() override {
    std::lock_guard lock(io_->mutex_);
    if (io_->power_off_) return PowerOff();
    Status s = base_->Sync();
    if (s.ok()) io_->unsynced_.erase(path_);
    return s;
  }

 private:
  Status PowerOff() const { return Status::IOError(path_, "the power is off"); }

  PowerCutIo* io_;
  int fd_;
  std::string path_;
  std::unique_ptr<WriteChannel> base_;
};

PowerCutIo::PowerCutIo(FileIo* base, uint64_t seed, std::string tear_suffix)
    : base_(base), tear_suffix_(std::move(tear_suffix)), random_(seed) {}

void PowerCutIo::CutAfterWrites(uint64_t write_count) {
  std::lock_guard lock(mutex_);
  cut_after_ = write_count;
  if (writes_ >= write_count) power_off_ = true;
}

void PowerCutIo::CutNow() {
  std::lock_guard lock(mutex_);
  power_off_ = true;
  if (!files_cut_) LeaveFilesAsAfterTheCut();
}

bool PowerCutIo::power_off() const {
  std::lock_guard lock(mutex_);
  return power_off_;
}

uint64_t PowerCutIo::writes() const {
  std::lock_guard lock(mutex_);
  return writes_;
}

uint64_t PowerCutIo::untorn_writes() const {
  std::lock_guard lock(mutex_);
  return untorn_writes_;
}

Status PowerCutIo::Read(int fd, const std::string& path, char* buf, size_t n, uint64_t offset,
                        size_t* bytes_read) {
  return base_->Read(fd, path, buf, n, offset, bytes_read);
}

std::unique_ptr<WriteChannel> PowerCutIo::NewWriteChannel(int fd, const std::string& path,
                                                          const std::vector<iovec>& buffers) {
  return std::make_unique<Channel>(this, fd, path, base_->NewWriteChannel(fd, path, buffers));
}

bool PowerCutIo::RecordWrite(const std::string& path, int, const char* buf, size_t n,
                             uint64_t offset, int rw_flags) {
  std::lock_guard lock(mutex_);
  if (power_off_) return false;
  writes_++;
  uint64_t begin = offset / kTornBlockBytes * kTornBlockBytes;
  uint64_t end = (offset + n + kTornBlockBytes - 1) / kTornBlockBytes * kTornBlockBytes;
  UnsyncedWrite w;
  w.block_offset = begin;
  w.before = ReadRange(path, begin, end - begin);
  w.after = w.before;
  w.after.replace(offset - begin, n, buf, n);
  w.atomic = (rw_flags & kRwfAtomic) != 0;
  untorn_writes_ += w.atomic ? 1 : 0;
  unsynced_[path].push_back(std::move(w));
  if (cut_after_ != 0 && writes_ >= cut_after_) power_off_ = true;
  return true;
}

uint64_t PowerCutIo::Pick(uint64_t n) {
  return std::uniform_int_distribution<uint64_t>(0, n - 1)(random_);
}

void PowerCutIo::LeaveFilesAsAfterTheCut() {
  files_cut_ = true;
  for (auto& [path, writes] : unsynced_) {
    for (auto it = writes.rbegin(); it != writes.rend(); ++it) {
      WriteRange(path, it->block_offset, it->before);
    }
    bool tearable =
        path.size() >= tear_suffix_.size() &&
        path.compare(path.size() - tear_suffix_.size(), tear_suffix_.size(), tear_suffix_) == 0;
    for (const UnsyncedWrite& w : writes) {
      Fate fate = static_cast<Fate>(Pick(3));
      if (fate == Fate::kTorn && (w.atomic || !tearable)) fate = Fate::kWhole;
      if (fate == Fate::kLost) continue;
      std::string landed = w.after;
      if (fate == Fate::kTorn) {
        for (uint64_t b = 0; b < landed.size(); b += kTornBlockBytes) {
          switch (Pick(3)) {
            case 0:
              landed.replace(b, kTornBlockBytes, w.before, b, kTornBlockBytes);
              break;
            case 1:
              for (uint64_t i = b; i < b + kTornBlockBytes; i++) {
                landed[i] = static_cast<char>(random_());
              }
              break;
            default:
              break;  // the new bytes landed
          }
        }
      }
      WriteRange(path, w.block_offset, landed);
    }
  }
  unsynced_.clear();
}

}  // namespace strata::test
