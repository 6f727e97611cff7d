#include "db/filename.h"

#include <cstdio>

namespace strata {

static std::string Numbered(const std::string& dir, uint64_t number, const char* suffix) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "/%06llu.%s", static_cast<unsigned long long>(number), suffix);
  return dir + buf;
}

std::string WalFileName(const std::string& dir, uint64_t number) {
  return Numbered(dir, number, "wal");
}
std::string TableFileName(const std::string& dir, uint64_t number) {
  return Numbered(dir, number, "sst");
}
std::string TempFileName(const std::string& dir, uint64_t number) {
  return Numbered(dir, number, "dbtmp");
}
std::string ManifestFileName(const std::string& dir, uint64_t number) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "/MANIFEST-%06llu", static_cast<unsigned long long>(number));
  return dir + buf;
}
std::string CurrentFileName(const std::string& dir) { return dir + "/CURRENT"; }
std::string LockFileName(const std::string& dir) { return dir + "/LOCK"; }

bool ParseFileName(const std::string& name, uint64_t* number, FileType* type) {
  if (name == "CURRENT") {
    *number = 0;
    *type = FileType::kCurrent;
    return true;
  }
  if (name == "LOCK") {
    *number = 0;
    *type = FileType::kLock;
    return true;
  }
  auto parse_number = [](const std::string& digits, uint64_t* out) {
    if (digits.empty() || digits.size() > 19) return false;
    uint64_t v = 0;
    for (char c : digits) {
      if (c < '0' || c > '9') return false;
      v = v * 10 + static_cast<uint64_t>(c - '0');
    }
    *out = v;
    return true;
  };
  const std::string kManifest = "MANIFEST-";
  if (name.compare(0, kManifest.size(), kManifest) == 0) {
    *type = FileType::kManifest;
    return parse_number(name.substr(kManifest.size()), number);
  }
  size_t dot = name.find('.');
  if (dot == std::string::npos || !parse_number(name.substr(0, dot), number)) return false;
  std::string suffix = name.substr(dot + 1);
  if (suffix == "wal") {
    *type = FileType::kWal;
  } else if (suffix == "sst") {
    *type = FileType::kTable;
  } else if (suffix == "dbtmp") {
    *type = FileType::kTemp;
  } else {
    return false;
  }
  return true;
}

}  // namespace strata
