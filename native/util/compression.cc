#include "util/compression.h"

#include <lz4.h>
#include <lz4hc.h>
#include <zstd.h>

#include <memory>

namespace strata {
namespace {

// LZ4 levels 1 and 2 use the fast compressor; from 3 on, LZ4HC at that level (MariaDB's
// PAGE_COMPRESSION_LEVEL meaning, clamped to LZ4HC's maximum of 12).
constexpr int kLz4HcFirstLevel = 3;
// An LZ4 sequence's length bytes each add at most 255 bytes of output, so no block decodes to
// more than this many times its size (plus the final literals' few bytes).
constexpr size_t kLz4MaxExpansion = 255;
constexpr size_t kLz4MaxTrailingBytes = 16;

struct ZstdContexts {
  ZSTD_CCtx* compress = ZSTD_createCCtx();
  ZSTD_DCtx* decompress = ZSTD_createDCtx();
  ~ZstdContexts() {
    ZSTD_freeCCtx(compress);
    ZSTD_freeDCtx(decompress);
  }
};

ZstdContexts& Zstd() {
  thread_local ZstdContexts contexts;
  return contexts;
}

void* Lz4HcState() {
  struct State {
    std::unique_ptr<char[]> bytes{new char[LZ4_sizeofStateHC()]};
  };
  thread_local State state;
  return state.bytes.get();
}

}  // namespace

bool CompressBlock(const CompressionSettings& settings, std::string_view input,
                   std::string* output) {
  switch (settings.algorithm) {
    case CompressionAlgorithm::kNone:
      return false;
    case CompressionAlgorithm::kLz4: {
      int bound = LZ4_compressBound(static_cast<int>(input.size()));
      output->resize(bound);
      int n;
      if (settings.level >= kLz4HcFirstLevel) {
        n = LZ4_compress_HC_extStateHC(Lz4HcState(), input.data(), output->data(),
                                       static_cast<int>(input.size()), bound,
                                       std::min(settings.level, LZ4HC_CLEVEL_MAX));
      } else {
        n = LZ4_compress_default(input.data(), output->data(), static_cast<int>(input.size()),
                                 bound);
      }
      if (n <= 0) return false;
      output->resize(n);
      return true;
    }
    case CompressionAlgorithm::kZstd: {
      size_t bound = ZSTD_compressBound(input.size());
      output->resize(bound);
      size_t n = ZSTD_compressCCtx(Zstd().compress, output->data(), bound, input.data(),
                                   input.size(), settings.level);
      if (ZSTD_isError(n)) return false;
      output->resize(n);
      return true;
    }
  }
  return false;
}

Status DecompressBlock(CompressionAlgorithm algorithm, std::string_view input, char* output,
                       size_t raw_length) {
  switch (algorithm) {
    case CompressionAlgorithm::kNone:
      return Status::Corruption("block is not compressed");
    case CompressionAlgorithm::kLz4: {
      int n = LZ4_decompress_safe(input.data(), output, static_cast<int>(input.size()),
                                  static_cast<int>(raw_length));
      if (n < 0 || static_cast<size_t>(n) != raw_length) {
        return Status::Corruption("LZ4 block does not decode to its recorded length");
      }
      return Status::OK();
    }
    case CompressionAlgorithm::kZstd: {
      size_t n =
          ZSTD_decompressDCtx(Zstd().decompress, output, raw_length, input.data(), input.size());
      if (ZSTD_isError(n) || n != raw_length) {
        return Status::Corruption("zstd block does not decode to its recorded length");
      }
      return Status::OK();
    }
  }
  return Status::Corruption("unknown compression algorithm");
}

bool PlausibleRawLength(CompressionAlgorithm algorithm, std::string_view compressed,
                        size_t raw_length) {
  switch (algorithm) {
    case CompressionAlgorithm::kNone:
      return raw_length == compressed.size();
    case CompressionAlgorithm::kLz4:
      return raw_length <= compressed.size() * kLz4MaxExpansion + kLz4MaxTrailingBytes;
    case CompressionAlgorithm::kZstd:
      return ZSTD_getFrameContentSize(compressed.data(), compressed.size()) == raw_length;
  }
  return false;
}

const char* AlgorithmName(CompressionAlgorithm algorithm) {
  switch (algorithm) {
    case CompressionAlgorithm::kNone:
      return "none";
    case CompressionAlgorithm::kLz4:
      return "lz4";
    case CompressionAlgorithm::kZstd:
      return "zstd";
  }
  return "unknown";
}

bool ValidCompressionLevel(CompressionAlgorithm algorithm, int level) {
  switch (algorithm) {
    case CompressionAlgorithm::kNone:
      return true;
    case CompressionAlgorithm::kLz4:
      return level >= 1 && level <= LZ4HC_CLEVEL_MAX;
    case CompressionAlgorithm::kZstd:
      return level >= 1 && level <= ZSTD_maxCLevel();
  }
  return false;
}

}  // namespace strata
