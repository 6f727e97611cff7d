// The files of the posix-based Envs (PosixEnv, UringEnv): a file descriptor plus the FileIo that
// moves its bytes. Files opened with O_DIRECT keep buffers, offsets and lengths aligned as statx
// reports for the file; writable files fill one buffer while the other is being written.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "io/file_io.h"
#include "strata/env.h"

namespace strata {

// How an open file does its I/O.
struct PosixFileMode {
  // Alignment of O_DIRECT offsets and lengths (statx dio_offset_align); 0 when buffered.
  uint32_t direct_align = 0;
  // FileOptions::atomic_write_unit, kept only for O_DIRECT files.
  uint32_t atomic_write_unit = 0;
};

std::unique_ptr<SequentialFile> NewPosixSequentialFile(std::string path, int fd);

std::unique_ptr<RandomAccessFile> NewPosixRandomAccessFile(std::string path, int fd, uint64_t size,
                                                           FileIo* io, PosixFileMode mode);

// size: bytes already in the file (appends continue after them). fd must be open read-write.
std::unique_ptr<WritableFile> NewPosixWritableFile(std::string path, int fd, uint64_t size,
                                                   FileIo* io, PosixFileMode mode);

}  // namespace strata
