// Names of the files in a data dir (docs/format/manifest.md, "Data dir"):
//   CURRENT            name of the live MANIFEST, replaced by atomic rename
//   LOCK               held with flock while a process has the database open
//   MANIFEST-NNNNNN    version edits
//   NNNNNN.wal         write-ahead logs
//   NNNNNN.sst         tables
//   NNNNNN.dbtmp       temporary files (a CURRENT being written)
#pragma once

#include <cstdint>
#include <string>

namespace strata {

enum class FileType { kWal, kTable, kManifest, kCurrent, kLock, kTemp, kUnknown };

std::string WalFileName(const std::string& dir, uint64_t number);
std::string TableFileName(const std::string& dir, uint64_t number);
std::string ManifestFileName(const std::string& dir, uint64_t number);
std::string CurrentFileName(const std::string& dir);
std::string LockFileName(const std::string& dir);
std::string TempFileName(const std::string& dir, uint64_t number);

// Parses a file name (no directory); false for names the engine does not own.
bool ParseFileName(const std::string& name, uint64_t* number, FileType* type);

}  // namespace strata
