// XfsMount: a fresh XFS filesystem mounted for one test (mkfs.xfs -m reflink=1 on a sparse image
// file, mount -o loop). XFS with reflink offers untorn writes (statx STATX_WRITE_ATOMIC, units of
// 4 KiB and up) where this machine's ext4 root offers none, so the atomic-write tests run there.
// Needs root and xfsprogs; a test that cannot have the mount fails and says why, never skips.
#pragma once

#include <string>

#include "harness.h"

namespace strata::test {

class XfsMount {
 public:
  XfsMount();
  ~XfsMount();
  XfsMount(const XfsMount&) = delete;
  XfsMount& operator=(const XfsMount&) = delete;

  // The mount point, empty when mounting failed (error() says why).
  const std::string& path() const { return path_; }
  const std::string& error() const { return error_; }

 private:
  TempDir dir_;
  std::string image_;
  std::string path_;
  std::string error_;
};

// Fails the running test when the mount is not there.
#define ASSERT_MOUNTED(mount)                                                                  \
  do {                                                                                         \
    if ((mount).path().empty())                                                                \
      ::strata::test::Fail(__FILE__, __LINE__,                                                 \
                           "cannot mount an XFS image for untorn writes: " + (mount).error()); \
  } while (0)

}  // namespace strata::test
