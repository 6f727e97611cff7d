// Block codecs: LZ4 (fast and HC) and zstd, from the system's liblz4 and libzstd.
//
// Thread safety: all functions may be called concurrently; codec state is per thread.
#pragma once

#include <string>
#include <string_view>

#include "strata/compression.h"
#include "strata/status.h"

namespace strata {

// Compresses input as settings say into *output (replacing it). False when the algorithm is
// kNone or the codec failed; the caller then stores the block plain.
bool CompressBlock(const CompressionSettings& settings, std::string_view input,
                   std::string* output);

// Decompresses exactly raw_length bytes into output (size >= raw_length). Corruption when the
// input does not decode to exactly raw_length bytes.
Status DecompressBlock(CompressionAlgorithm algorithm, std::string_view input, char* output,
                       size_t raw_length);

// Whether compressed can decode to raw_length bytes at all: LZ4 expands at most 255 times, and a
// zstd frame records its content size in its header.
bool PlausibleRawLength(CompressionAlgorithm algorithm, std::string_view compressed,
                        size_t raw_length);

const char* AlgorithmName(CompressionAlgorithm algorithm);

// Whether a level is valid for the algorithm (LZ4: 1–12, zstd: 1–22, none: anything).
bool ValidCompressionLevel(CompressionAlgorithm algorithm, int level);

}  // namespace strata
