#include "xfs_mount.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>

namespace strata::test {

namespace {

// mkfs.xfs refuses filesystems smaller than 300 MB; the image is sparse, so it costs only the
// few MB of metadata mkfs writes.
constexpr off_t kImageBytes = 320ll << 20;

// Runs a shell command; false with its output in *output when it fails.
bool Run(const std::string& command, std::string* output) {
  FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    *output = "cannot run: " + command;
    return false;
  }
  char buffer[512];
  output->clear();
  while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr) output->append(buffer);
  return ::pclose(pipe) == 0;
}

}  // namespace

XfsMount::XfsMount() {
  std::string output;
  if (!Run("command -v mkfs.xfs", &output)) {
    error_ = "mkfs.xfs is missing (apt-get install -y xfsprogs)";
    return;
  }
  image_ = dir_.path() + "/xfs.img";
  int fd = ::open(image_.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 || ::ftruncate(fd, kImageBytes) != 0) {
    error_ = "cannot create " + image_;
    if (fd >= 0) ::close(fd);
    return;
  }
  ::close(fd);
  if (!Run("mkfs.xfs -q -m reflink=1 " + image_, &output)) {
    error_ = "mkfs.xfs failed: " + output;
    return;
  }
  std::string mount_point = dir_.path() + "/mnt";
  ::mkdir(mount_point.c_str(), 0755);
  if (!Run("mount -o loop " + image_ + " " + mount_point, &output)) {
    error_ = "mount -o loop failed (needs root): " + output;
    return;
  }
  path_ = mount_point;
}

XfsMount::~XfsMount() {
  if (path_.empty()) return;
  std::string output;
  Run("umount " + path_, &output);
}

}  // namespace strata::test
