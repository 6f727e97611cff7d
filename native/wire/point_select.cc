#include "wire/point_select.h"

#include <algorithm>
#include <cstring>

#include "util/coding.h"
#include "wire/protocol.h"

namespace strata::wire {

namespace {

// COM_STMT_EXECUTE layout: command, u32 statement id, u8 cursor flags, u32 iteration count.
constexpr size_t kExecuteFixedBytes = 10;
constexpr size_t kCursorFlagsOffset = 5;
constexpr uint64_t kSignBit = uint64_t{1} << 63;
constexpr uint64_t kReadLatest = ~uint64_t{0};
// docs/format/row.md
constexpr uint8_t kRowFormatV1 = 0xa1;
constexpr uint8_t kRowFlagWide = 0x01;
constexpr size_t kRowHeaderBytes = 6;
// docs/format/keys.md: memcomparable bytes, groups of 8 and a marker.
constexpr size_t kGroupBytes = 8;
constexpr unsigned char kMarkerFull = 0xff;

void EncodeUserKey(std::string_view raw, std::string* out) {
  out->clear();
  size_t i = 0;
  for (;; i += kGroupBytes) {
    size_t left = raw.size() - i;
    if (left >= kGroupBytes) {
      out->append(raw.data() + i, kGroupBytes);
      out->push_back(static_cast<char>(kMarkerFull));
      if (left == kGroupBytes) {
        out->append(kGroupBytes, '\0');
        out->push_back(static_cast<char>(kMarkerFull - kGroupBytes));
        return;
      }
    } else {
      out->append(raw.data() + i, left);
      out->append(kGroupBytes - left, '\0');
      out->push_back(static_cast<char>(kMarkerFull - (kGroupBytes - left)));
      return;
    }
  }
}

// The handle parameter as int64, when the bound type is an integer. false: not handled here.
bool ReadHandle(std::string_view payload, uint16_t* param_type, int64_t* handle) {
  if (payload.size() < kExecuteFixedBytes + 2) return false;
  if (payload[kCursorFlagsOffset] != 0) return false;  // a cursor: the JS path answers it
  size_t pos = kExecuteFixedBytes;
  uint8_t null_bitmap = static_cast<uint8_t>(payload[pos++]);
  if (null_bitmap & 1) return false;
  uint8_t new_params_bound = static_cast<uint8_t>(payload[pos++]);
  if (new_params_bound == 1) {
    if (payload.size() < pos + 2) return false;
    *param_type = DecodeFixed16(payload.data() + pos);
    pos += 2;
  } else if (*param_type == 0) {
    return false;
  }
  bool is_unsigned = (*param_type & kParamUnsigned) != 0;
  uint8_t type = *param_type & 0xff;
  if (type == kTypeDouble || type == kTypeFloat) {
    // Clients such as mysql2 send every number as a DOUBLE: an integral value within int64
    // names one handle; anything else is compared as MySQL does by the JavaScript path.
    size_t bytes = type == kTypeDouble ? 8 : 4;
    if (payload.size() != pos + bytes) return false;
    double d;
    if (bytes == 8) {
      std::memcpy(&d, payload.data() + pos, 8);
    } else {
      float f;
      std::memcpy(&f, payload.data() + pos, 4);
      d = f;
    }
    constexpr double kInt64Bound = 9223372036854775808.0;  // 2^63
    if (!(d >= -kInt64Bound && d < kInt64Bound) ||
        d != static_cast<double>(static_cast<int64_t>(d))) {
      return false;
    }
    *handle = static_cast<int64_t>(d);
    return true;
  }
  size_t width;
  switch (type) {
    case kTypeTiny:
      width = 1;
      break;
    case kTypeShort:
    case kTypeYear:
      width = 2;
      break;
    case kTypeLong:
    case kTypeInt24:
      width = 4;
      break;
    case kTypeLongLong:
      width = 8;
      break;
    default:
      return false;
  }
  if (payload.size() != pos + width) return false;
  uint64_t raw = 0;
  std::memcpy(&raw, payload.data() + pos, width);
  if (!is_unsigned && width < 8 && (raw >> (8 * width - 1)) & 1) {
    raw |= ~uint64_t{0} << (8 * width);  // sign-extend
  }
  if (is_unsigned && width == 8 && (raw & kSignBit)) return false;  // beyond any int64 handle
  *handle = static_cast<int64_t>(raw);
  return true;
}

struct RowView {
  bool wide = false;
  size_t present = 0;
  size_t nulls = 0;
  const char* ids = nullptr;
  const char* ends = nullptr;
  const char* data = nullptr;
  size_t data_bytes = 0;
};

bool ParseRow(std::string_view value, RowView* row) {
  if (value.size() < kRowHeaderBytes || static_cast<uint8_t>(value[0]) != kRowFormatV1) {
    return false;
  }
  row->wide = (static_cast<uint8_t>(value[1]) & kRowFlagWide) != 0;
  row->present = DecodeFixed16(value.data() + 2);
  row->nulls = DecodeFixed16(value.data() + 4);
  size_t id_width = row->wide ? 4 : 1;
  size_t end_width = row->wide ? 4 : 2;
  size_t header =
      kRowHeaderBytes + (row->present + row->nulls) * id_width + row->present * end_width;
  if (value.size() < header) return false;
  row->ids = value.data() + kRowHeaderBytes;
  row->ends = row->ids + (row->present + row->nulls) * id_width;
  row->data = value.data() + header;
  row->data_bytes = value.size() - header;
  return true;
}

uint32_t IdAt(const RowView& row, size_t i) {
  return row.wide ? DecodeFixed32(row.ids + 4 * i) : static_cast<uint8_t>(row.ids[i]);
}

uint32_t EndAt(const RowView& row, size_t i) {
  return row.wide ? DecodeFixed32(row.ends + 4 * i) : DecodeFixed16(row.ends + 2 * i);
}

enum class Lookup { kValue, kNull, kAbsent, kCorrupt };

Lookup FindColumn(const RowView& row, uint32_t id, std::string_view* value) {
  size_t lo = 0, hi = row.present;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    uint32_t at = IdAt(row, mid);
    if (at == id) {
      uint32_t start = mid == 0 ? 0 : EndAt(row, mid - 1);
      uint32_t end = EndAt(row, mid);
      if (end < start || end > row.data_bytes) return Lookup::kCorrupt;
      *value = std::string_view(row.data + start, end - start);
      return Lookup::kValue;
    }
    if (at < id) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  for (size_t i = row.present; i < row.present + row.nulls; i++) {
    if (IdAt(row, i) == id) return Lookup::kNull;
  }
  return Lookup::kAbsent;
}

// Appends one column value in the binary row format; false when it cannot be encoded exactly.
bool PutBinaryValue(const FastColumn& column, std::string_view value, std::string* out) {
  if (column.kind == FastColumn::Kind::kBytes) {
    PutLengthEncodedInt(out, value.size());
    out->append(value);
    return true;
  }
  if (column.kind == FastColumn::Kind::kFloat) {
    if (value.size() != 8) return false;
    double d;
    std::memcpy(&d, value.data(), 8);
    if (column.wire_type == kTypeFloat) {
      float f = static_cast<float>(d);
      out->append(reinterpret_cast<const char*>(&f), 4);
    } else if (column.wire_type == kTypeDouble) {
      out->append(value);
    } else {
      return false;
    }
    return true;
  }
  size_t stored = value.size();
  if (stored != 1 && stored != 2 && stored != 4 && stored != 8) return false;
  uint64_t raw = 0;
  std::memcpy(&raw, value.data(), stored);
  if (column.kind == FastColumn::Kind::kInt && stored < 8 && (raw >> (8 * stored - 1)) & 1) {
    raw |= ~uint64_t{0} << (8 * stored);
  }
  size_t width;
  switch (column.wire_type) {
    case kTypeTiny:
      width = 1;
      break;
    case kTypeShort:
    case kTypeYear:
      width = 2;
      break;
    case kTypeLong:
    case kTypeInt24:
      width = 4;
      break;
    case kTypeLongLong:
      width = 8;
      break;
    default:
      return false;
  }
  out->append(reinterpret_cast<const char*>(&raw), width);
  return true;
}

void PutTerminator(std::string* out, uint8_t sequence, uint16_t status, bool deprecate_eof) {
  std::string payload;
  payload.push_back(static_cast<char>(kEofHeader));
  if (deprecate_eof) {
    PutLengthEncodedInt(&payload, 0);  // affected rows
    PutLengthEncodedInt(&payload, 0);  // last insert id
    char flags[4];
    EncodeFixed16(flags, status);
    EncodeFixed16(flags + 2, 0);  // warnings
    payload.append(flags, 4);
  } else {
    char flags[4];
    EncodeFixed16(flags, 0);  // warnings
    EncodeFixed16(flags + 2, status);
    payload.append(flags, 4);
  }
  PutPacketHeader(out, payload.size(), sequence);
  out->append(payload);
}

}  // namespace

FastOutcome ExecutePointSelect(mvcc::Reader* reader, const PointSelectPlan& plan,
                               std::string_view payload, uint16_t* param_type,
                               uint16_t status_flags, bool deprecate_eof, std::string* out,
                               Status* error) {
  *error = Status::OK();
  uint16_t bound_type = *param_type;
  int64_t handle;
  if (!ReadHandle(payload, &bound_type, &handle)) return FastOutcome::kFallback;

  std::string raw = plan.row_key_prefix;
  uint64_t flipped = static_cast<uint64_t>(handle) ^ kSignBit;
  for (int i = 7; i >= 0; i--) raw.push_back(static_cast<char>((flipped >> (8 * i)) & 0xff));
  std::string encoded;
  EncodeUserKey(raw, &encoded);

  mvcc::Outcome outcome;
  std::string value;
  Status s = reader->Get(ReadTier::kAll, kReadLatest, encoded, true, &outcome, &value);
  if (!s.ok()) {
    *error = s;
    return FastOutcome::kFallback;
  }
  if (outcome == mvcc::Outcome::kLocked) return FastOutcome::kFallback;

  std::string row_payload;
  if (outcome == mvcc::Outcome::kValue) {
    RowView row;
    if (!ParseRow(value, &row)) return FastOutcome::kFallback;
    size_t bitmap_bytes = (plan.columns.size() + kBinaryRowNullOffset + 7) / 8;
    row_payload.push_back(static_cast<char>(kBinaryRowHeader));
    size_t bitmap_at = row_payload.size();
    row_payload.append(bitmap_bytes, '\0');
    for (size_t i = 0; i < plan.columns.size(); i++) {
      std::string_view column_value;
      switch (FindColumn(row, plan.columns[i].id, &column_value)) {
        case Lookup::kValue:
          if (!PutBinaryValue(plan.columns[i], column_value, &row_payload)) {
            return FastOutcome::kFallback;
          }
          break;
        case Lookup::kNull: {
          size_t bit = i + kBinaryRowNullOffset;
          row_payload[bitmap_at + bit / 8] |= static_cast<char>(1u << (bit % 8));
          break;
        }
        case Lookup::kAbsent:
        case Lookup::kCorrupt:
          return FastOutcome::kFallback;
      }
    }
    if (row_payload.size() > kMaxPacketPayload) return FastOutcome::kFallback;
  }

  uint8_t sequence = 1;
  PutPacketHeader(out, plan.column_count_payload.size(), sequence++);
  out->append(plan.column_count_payload);
  for (const auto& column : plan.column_payloads) {
    PutPacketHeader(out, column.size(), sequence++);
    out->append(column);
  }
  if (!deprecate_eof) {
    std::string eof;
    eof.push_back(static_cast<char>(kEofHeader));
    char flags[4];
    EncodeFixed16(flags, 0);
    EncodeFixed16(flags + 2, status_flags);
    eof.append(flags, 4);
    PutPacketHeader(out, eof.size(), sequence++);
    out->append(eof);
  }
  if (!row_payload.empty()) {
    PutPacketHeader(out, row_payload.size(), sequence++);
    out->append(row_payload);
  }
  PutTerminator(out, sequence, status_flags, deprecate_eof);
  *param_type = bound_type;
  return FastOutcome::kAnswered;
}

}  // namespace strata::wire
