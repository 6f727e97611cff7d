// Env: the engine's only way to reach the operating system's files, as in LevelDB. Implementations:
// PosixEnv (native/io/env_posix.cc: pread/pwrite, O_DIRECT, statx, fallocate), UringEnv
// (native/io/env_uring.cc: the same files doing their I/O through io_uring) and MemEnv
// (native/io/env_mem.cc: no files, for tests and ephemeral databases). Every I/O path of the engine
// goes through one of these, so each can be tested and swapped.
//
// Thread safety: an Env and a RandomAccessFile may be used from many threads at once. A
// SequentialFile or WritableFile belongs to one thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "strata/status.h"

namespace strata {

// How a file should be opened. Ignored where the Env has no such notion (MemEnv).
struct FileOptions {
  // Bypass the page cache (O_DIRECT), with buffers and offsets aligned as statx(STATX_DIOALIGN)
  // reports for the file. A file whose filesystem refuses it is opened buffered instead (the DB
  // checks FileSystemInfo first and reports the fallback).
  bool direct_io = false;
  // 0: no untorn writes. Otherwise (with direct_io) a write that rewrites a partly written unit of
  // this many bytes (a power of two within the device's atomic write unit range) covers exactly
  // that unit and is issued with RWF_ATOMIC, so a crash leaves the unit old or new, never torn.
  uint32_t atomic_write_unit = 0;
};

// What the filesystem under a directory can do, as statx and probes report it.
// Measured on a scratch file in the directory: statx reports these for regular files only.
struct FileSystemInfo {
  uint32_t dio_mem_align = 0;     // 0: O_DIRECT unsupported
  uint32_t dio_offset_align = 0;  // 0: O_DIRECT unsupported
  // Untorn write units (statx STATX_WRITE_ATOMIC), set only when an RWF_ATOMIC write of the
  // smallest usable unit succeeded on the scratch file. 0: no untorn writes.
  uint32_t atomic_write_unit_min = 0;
  uint32_t atomic_write_unit_max = 0;
  uint32_t block_size = 4096;  // allocation unit: hole punching frees whole blocks only
  bool punch_hole = false;     // fallocate(FALLOC_FL_PUNCH_HOLE) works
};

class SequentialFile {
 public:
  virtual ~SequentialFile() = default;
  // Reads up to n bytes. *result points into scratch (size >= n) or into the file's own memory.
  // An empty result with OK status means end of file.
  virtual Status Read(size_t n, std::string_view* result, char* scratch) = 0;
  virtual Status Skip(uint64_t n) = 0;
};

class RandomAccessFile {
 public:
  virtual ~RandomAccessFile() = default;
  // Reads up to n bytes at offset; *result points into scratch (size >= n) or into memory the
  // file owns for its lifetime. Safe to call from several threads at once.
  virtual Status Read(uint64_t offset, size_t n, std::string_view* result, char* scratch) const = 0;
  // Logical size of the file.
  virtual uint64_t Size() const = 0;
};

class WritableFile {
 public:
  virtual ~WritableFile() = default;
  // Appends at the end of what was written so far.
  virtual Status Append(std::string_view data) = 0;
  // Appends data at offset, leaving [Size(), offset) unwritten: a hole unless Allocate reserved
  // it, reading as zeros either way. REQUIRES: offset >= Size(); with direct_io, offset a
  // multiple of the file's O_DIRECT offset alignment.
  virtual Status WriteAt(uint64_t offset, std::string_view data) = 0;
  // Hands buffered data to the operating system.
  virtual Status Flush() = 0;
  // Makes everything written so far durable (fdatasync).
  virtual Status Sync() = 0;
  virtual Status Close() = 0;
  // Bytes logically in the file (appended or written at an offset).
  virtual uint64_t Size() const = 0;
  // Drops everything at or after size. Used to cut a failed append off the WAL.
  virtual Status Truncate(uint64_t size) = 0;
  // Reserves [offset, offset+length) so later writes cannot fail for lack of space. The file on
  // disk grows to cover the reservation (so that holes can be punched in it: filesystems ignore
  // punches past the end of a file); Close cuts it back to Size(). NotSupported where the
  // filesystem cannot.
  virtual Status Allocate(uint64_t offset, uint64_t length) = 0;
  // Releases the blocks of [offset, offset+length) while keeping the file's size; the range
  // reads as zeros. Only whole filesystem blocks are freed. NotSupported where the filesystem
  // cannot. REQUIRES: nothing is written into the range afterwards.
  virtual Status PunchHole(uint64_t offset, uint64_t length) = 0;
};

// An advisory lock held on a file for the life of the database.
class FileLock {
 public:
  virtual ~FileLock() = default;
};

class Env {
 public:
  virtual ~Env() = default;

  virtual Status NewSequentialFile(const std::string& path,
                                   std::unique_ptr<SequentialFile>* result) = 0;
  virtual Status NewRandomAccessFile(const std::string& path, const FileOptions& options,
                                     std::unique_ptr<RandomAccessFile>* result) = 0;
  // Creates or truncates path.
  virtual Status NewWritableFile(const std::string& path, const FileOptions& options,
                                 std::unique_ptr<WritableFile>* result) = 0;
  // Opens path for writing at its end (creating it when absent).
  virtual Status NewAppendableFile(const std::string& path, const FileOptions& options,
                                   std::unique_ptr<WritableFile>* result) = 0;

  virtual bool FileExists(const std::string& path) = 0;
  virtual Status GetChildren(const std::string& dir, std::vector<std::string>* names) = 0;
  virtual Status RemoveFile(const std::string& path) = 0;
  virtual Status CreateDir(const std::string& dir) = 0;
  virtual Status GetFileSize(const std::string& path, uint64_t* size) = 0;
  // Bytes the filesystem allocated to the file (st_blocks * 512); less than the size when the
  // file has holes.
  virtual Status GetAllocatedBytes(const std::string& path, uint64_t* bytes) = 0;
  // Bytes of [offset, offset+length) that lie in allocated extents of the file (SEEK_DATA and
  // SEEK_HOLE), at the filesystem's block granularity.
  virtual Status GetAllocatedBytesInRange(const std::string& path, uint64_t offset, uint64_t length,
                                          uint64_t* bytes) = 0;
  // Atomically replaces `to` with `from`.
  virtual Status RenameFile(const std::string& from, const std::string& to) = 0;
  // Makes the directory's entries (creations, renames, removals) durable.
  virtual Status SyncDir(const std::string& dir) = 0;
  // Takes an exclusive lock; Busy when another process holds it.
  virtual Status LockFile(const std::string& path, std::unique_ptr<FileLock>* lock) = 0;
  virtual Status GetFileSystemInfo(const std::string& dir, FileSystemInfo* info) = 0;

  // The I/O backend, for stats: "threads" (syscalls on the calling thread), "uring", "mem".
  virtual const char* Name() const = 0;

  virtual uint64_t NowMicros() = 0;
  virtual void SleepMicros(uint64_t micros) = 0;
};

// The pread/pwrite Env ("threads": every engine thread does its own I/O). Never deleted.
Env* PosixEnv();
// The io_uring Env, or nullptr (with the reason in *why_not) when this process cannot set up an
// io_uring ring (an old kernel, io_uring_disabled, a seccomp filter). Never deleted.
Env* UringEnv(std::string* why_not);
// A fresh in-memory Env; each call returns an independent filesystem.
std::unique_ptr<Env> NewMemEnv();

}  // namespace strata
