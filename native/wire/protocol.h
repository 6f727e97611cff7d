// The MySQL wire-protocol constants the native fast path needs (docs/format/protocol.md). The
// full protocol lives in src/server; these are the few values the native side reads or writes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace strata::wire {

constexpr size_t kPacketHeaderBytes = 4;  // 3-byte payload length + sequence id
constexpr size_t kMaxPacketPayload = 0xffffff;

constexpr uint8_t kComStmtExecute = 0x17;
constexpr uint8_t kOkHeader = 0x00;
constexpr uint8_t kEofHeader = 0xfe;
constexpr uint8_t kBinaryRowHeader = 0x00;
// Bit offset of the first column in a binary row's NULL bitmap.
constexpr unsigned kBinaryRowNullOffset = 2;

// Column types (enum_field_types) the fast path encodes.
constexpr uint8_t kTypeTiny = 0x01;
constexpr uint8_t kTypeShort = 0x02;
constexpr uint8_t kTypeLong = 0x03;
constexpr uint8_t kTypeFloat = 0x04;
constexpr uint8_t kTypeDouble = 0x05;
constexpr uint8_t kTypeLongLong = 0x08;
constexpr uint8_t kTypeInt24 = 0x09;
constexpr uint8_t kTypeYear = 0x0d;
constexpr uint8_t kTypeVarchar = 0x0f;
constexpr uint8_t kTypeNewDecimal = 0xf6;
constexpr uint8_t kTypeBlob = 0xfc;
constexpr uint8_t kTypeVarString = 0xfd;
constexpr uint8_t kTypeString = 0xfe;
// Parameter type flag: the value is unsigned.
constexpr uint16_t kParamUnsigned = 0x8000;

// Server status flags of OK/EOF packets.
constexpr uint16_t kStatusInTrans = 0x0001;
constexpr uint16_t kStatusAutocommit = 0x0002;

// Appends a length-encoded integer.
void PutLengthEncodedInt(std::string* out, uint64_t v);
// Appends a packet header for a payload of length bytes.
void PutPacketHeader(std::string* out, size_t length, uint8_t sequence);

}  // namespace strata::wire
