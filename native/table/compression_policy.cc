#include <algorithm>

#include "strata/compression.h"
#include "util/compression.h"

namespace strata {

namespace {

constexpr uint32_t kMinPageBytes = 4 << 10;
constexpr uint32_t kMaxPageBytes = 64 << 10;

std::string ValidateSettings(const CompressionSettings& s) {
  if (!ValidCompressionLevel(s.algorithm, s.level)) {
    return std::string("compression level ") + std::to_string(s.level) + " is out of range for " +
           AlgorithmName(s.algorithm);
  }
  if (s.page_size_bytes < kMinPageBytes || s.page_size_bytes > kMaxPageBytes ||
      (s.page_size_bytes & (s.page_size_bytes - 1)) != 0) {
    return "page size must be a power of two from 4 KiB to 64 KiB";
  }
  return {};
}

}  // namespace

CompressionPolicy::CompressionPolicy(CompressionSettings fallback,
                                     std::vector<CompressionRange> ranges)
    : fallback_(fallback), ranges_(std::move(ranges)) {
  std::sort(ranges_.begin(), ranges_.end(),
            [](const CompressionRange& a, const CompressionRange& b) { return a.start < b.start; });
}

std::string CompressionPolicy::Validate() const {
  std::string problem = ValidateSettings(fallback_);
  if (!problem.empty()) return problem;
  for (size_t i = 0; i < ranges_.size(); i++) {
    const auto& r = ranges_[i];
    if (!r.end.empty() && r.end <= r.start) return "a compression range ends before it starts";
    if (i + 1 < ranges_.size() && (r.end.empty() || r.end > ranges_[i + 1].start)) {
      return "compression ranges overlap";
    }
    problem = ValidateSettings(r.settings);
    if (!problem.empty()) return problem;
  }
  return {};
}

const CompressionSettings& CompressionPolicy::Lookup(std::string_view key,
                                                     std::string* stretch_end) const {
  // First range whose start is after key; the candidate is the one before it.
  auto after = std::upper_bound(
      ranges_.begin(), ranges_.end(), key,
      [](std::string_view k, const CompressionRange& r) { return k < std::string_view(r.start); });
  if (after != ranges_.begin()) {
    const CompressionRange& candidate = *(after - 1);
    if (candidate.end.empty() || key < std::string_view(candidate.end)) {
      *stretch_end = candidate.end;
      return candidate.settings;
    }
  }
  // Between ranges: the fallback holds until the next range starts.
  if (after != ranges_.end()) {
    *stretch_end = after->start;
  } else {
    stretch_end->clear();
  }
  return fallback_;
}

}  // namespace strata
