#include "mvcc/reader.h"

#include "mvcc/mvcc_format.h"
#include "util/coding.h"

namespace strata::mvcc {

namespace {

// Versions of one key stepped over with Next before a Seek to the next key is cheaper.
constexpr int kNextsBeforeSeek = 4;

Status Malformed(const char* what) { return Status::Corruption("malformed MVCC record", what); }

void AppendTimestampSuffix(std::string* key, uint64_t ts) { AppendBigEndian64(key, ~ts); }

// Whether a lock record (mvcc.md) blocks reads at read_ts: a Put or Delete lock with
// start_ts <= read_ts. Malformed records are corruption.
Status LockBlocks(std::string_view lock, uint64_t read_ts, bool* blocks) {
  *blocks = false;
  if (lock.empty()) return Malformed("empty lock");
  if (lock[0] != kLockPut && lock[0] != kLockDelete) return Status::OK();
  std::string_view rest = lock.substr(1);
  std::string_view primary;
  if (!GetLengthPrefixed(&rest, &primary) || rest.size() < kTimestampBytes) {
    return Malformed("lock record");
  }
  *blocks = DecodeBigEndian64(rest.data()) <= read_ts;
  return Status::OK();
}

}  // namespace

Reader::Reader(DB* db, ColumnFamilies cfs, bool cache_iterators)
    : db_(db), cfs_(cfs), cache_iterators_(cache_iterators) {}

Reader::~Reader() = default;

Iterator* Reader::WriteIterator(ReadTier tier, std::string_view upper_bound) {
  if (!write_iter_) {
    ReadOptions options;
    options.read_tier = tier;
    write_iter_.reset(db_->NewIterator(options, cfs_.write));
  }
  db_->RefreshIterator(write_iter_.get(), kReadLatest, upper_bound);
  db_->SetIteratorReadTier(write_iter_.get(), tier);
  return write_iter_.get();
}

void Reader::ReleaseStale() {
  if (write_iter_ && !db_->IteratorIsCurrent(write_iter_.get())) write_iter_.reset();
}

Status Reader::VisibleVersion(ReadTier tier, std::string_view encoded_key, std::string_view record,
                              bool key_only, Outcome* outcome, std::string* value, bool* decided) {
  *decided = true;
  if (record.size() < kWriteFixedBytes) return Malformed("write record too short");
  switch (record[0]) {
    case kWriteDelete:
      *outcome = Outcome::kNotFound;
      return Status::OK();
    case kWriteLock:
    case kWriteRollback:
      *decided = false;
      return Status::OK();
    case kWritePut:
      break;
    default:
      return Malformed("unknown write type");
  }
  *outcome = Outcome::kValue;
  if (record.size() > kWriteFixedBytes && record[kWriteFixedBytes] == kTagShortValue) {
    if (record.size() < kWriteFixedBytes + 2) return Malformed("short value");
    size_t length = static_cast<unsigned char>(record[kWriteFixedBytes + 1]);
    if (record.size() < kWriteFixedBytes + 2 + length) return Malformed("short value length");
    if (!key_only) value->assign(record.data() + kWriteFixedBytes + 2, length);
    return Status::OK();
  }
  if (key_only) return Status::OK();
  // A long value lives in the default CF at E ‖ ~start_ts.
  scratch_.assign(encoded_key);
  scratch_.append(record.data() + kWriteStartTsOffset, kTimestampBytes);
  for (size_t i = scratch_.size() - kTimestampBytes; i < scratch_.size(); i++) {
    scratch_[i] = static_cast<char>(~static_cast<unsigned char>(scratch_[i]));
  }
  ReadOptions options;
  options.read_tier = tier;
  Status s = db_->Get(options, cfs_.value, scratch_, value);
  if (s.IsNotFound())
    return Status::Corruption("a Put's long value is missing from the default CF");
  return s;
}

Status Reader::Get(ReadTier tier, uint64_t read_ts, std::string_view encoded_key, bool check_lock,
                   Outcome* outcome, std::string* out) {
  if (check_lock) {
    ReadOptions options;
    options.read_tier = tier;
    Status s = db_->Get(options, cfs_.lock, encoded_key, out);
    if (s.ok()) {
      bool blocks;
      s = LockBlocks(*out, read_ts, &blocks);
      if (!s.ok()) return s;
      if (blocks) {
        *outcome = Outcome::kLocked;
        return Status::OK();
      }
    } else if (!s.IsNotFound()) {
      return s;
    }
  }
  // Only the memtables and the files whose prefix filter admits E are read.
  ReadOptions options;
  options.read_tier = tier;
  std::unique_ptr<Iterator> it(db_->NewPrefixIterator(options, cfs_.write, encoded_key));
  std::string target(encoded_key);
  AppendTimestampSuffix(&target, read_ts);
  for (it->Seek(target); it->Valid(); it->Next()) {
    bool decided;
    Status s = VisibleVersion(tier, encoded_key, it->value(), false, outcome, out, &decided);
    if (!s.ok() || decided) return s;
  }
  *outcome = Outcome::kNotFound;
  return it->status();
}

Status Reader::Latest(ReadTier tier, std::string_view encoded_key, bool* found, std::string* key,
                      std::string* value) {
  ReadOptions options;
  options.read_tier = tier;
  std::unique_ptr<Iterator> it(db_->NewPrefixIterator(options, cfs_.write, encoded_key));
  it->SeekToFirst();
  *found = it->Valid();
  if (*found) {
    key->assign(it->key());
    value->assign(it->value());
  }
  return it->status();
}

Status Reader::Scan(ReadTier tier, uint64_t read_ts, std::string_view lower, std::string_view upper,
                    uint32_t limit, bool reverse, bool key_only, ScanResult* result) {
  std::unique_ptr<Iterator> owned;
  Iterator* it;
  if (cache_iterators_) {
    it = WriteIterator(tier, upper);
  } else {
    ReadOptions options;
    options.read_tier = tier;
    options.upper_bound.assign(upper);
    owned.reset(db_->NewIterator(options, cfs_.write));
    it = owned.get();
  }
  std::string encoded;  // E of the key in hand
  std::string raw;
  std::string value;
  std::string target;
  auto emit = [&]() -> Status {
    if (!DecodeUserKey(encoded, &raw)) return Status::Corruption("malformed encoded user key");
    PutFixed32(&result->packed, static_cast<uint32_t>(raw.size()));
    result->packed.append(raw);
    PutFixed32(&result->packed, static_cast<uint32_t>(value.size()));
    result->packed.append(value);
    result->count++;
    return Status::OK();
  };

  if (!reverse) {
    it->Seek(lower);
    while (it->Valid() && result->count < limit) {
      std::string_view key = it->key();
      if (key.size() <= kTimestampBytes) return Malformed("write-CF key too short");
      encoded.assign(key.data(), key.size() - kTimestampBytes);
      if (KeyTimestamp(key) > read_ts) {
        // Versions newer than the read: jump to the newest one it may see.
        target = encoded;
        AppendTimestampSuffix(&target, read_ts);
        it->SeekForward(target);
        if (!it->Valid() || it->key().size() != target.size() ||
            it->key().compare(0, encoded.size(), encoded) != 0) {
          continue;  // nothing visible of this key; the loop reads whatever is next
        }
      }
      // it is on the newest version at or below read_ts of `encoded`.
      Outcome outcome = Outcome::kNotFound;
      bool decided = false;
      value.clear();
      while (it->Valid()) {
        std::string_view k = it->key();
        if (k.size() != encoded.size() + kTimestampBytes ||
            k.compare(0, encoded.size(), encoded) != 0) {
          break;
        }
        Status s = VisibleVersion(tier, encoded, it->value(), key_only, &outcome, &value, &decided);
        if (!s.ok()) return s;
        if (decided) break;
        it->Next();
      }
      if (decided && outcome == Outcome::kValue) {
        Status s = emit();
        if (!s.ok()) return s;
      }
      // Past the older versions of this key: a few Nexts, then a seek.
      int steps = 0;
      while (it->Valid() && steps < kNextsBeforeSeek) {
        std::string_view k = it->key();
        if (k.size() != encoded.size() + kTimestampBytes ||
            k.compare(0, encoded.size(), encoded) != 0) {
          break;
        }
        it->Next();
        steps++;
      }
      if (steps == kNextsBeforeSeek && it->Valid()) it->SeekForward(PrefixEnd(encoded));
    }
    if (!it->status().ok()) return it->status();
    if (it->Valid()) {
      std::string_view key = it->key();
      result->resume.assign(key.data(), key.size() - kTimestampBytes);
    }
    return Status::OK();
  }

  // Reverse: visit user keys from the top; for each, read its visible version forward.
  if (upper.empty()) {
    it->SeekToLast();
  } else {
    it->SeekForPrev(upper);
  }
  while (it->Valid() && result->count < limit) {
    std::string_view key = it->key();
    if (key.size() <= kTimestampBytes) return Malformed("write-CF key too short");
    encoded.assign(key.data(), key.size() - kTimestampBytes);
    if (std::string_view(encoded) < lower) break;
    target = encoded;
    AppendTimestampSuffix(&target, read_ts);
    Outcome outcome = Outcome::kNotFound;
    bool decided = false;
    value.clear();
    for (it->Seek(target); it->Valid(); it->Next()) {
      std::string_view k = it->key();
      if (k.size() != encoded.size() + kTimestampBytes ||
          k.compare(0, encoded.size(), encoded) != 0) {
        break;
      }
      Status s = VisibleVersion(tier, encoded, it->value(), key_only, &outcome, &value, &decided);
      if (!s.ok()) return s;
      if (decided) break;
    }
    if (!it->status().ok()) return it->status();
    if (decided && outcome == Outcome::kValue) {
      Status s = emit();
      if (!s.ok()) return s;
    }
    it->SeekForPrev(encoded);  // the last version of the previous key
  }
  if (!it->status().ok()) return it->status();
  if (it->Valid() && result->count >= limit) {
    std::string_view key = it->key();
    std::string next(key.data(), key.size() - kTimestampBytes);
    if (std::string_view(next) >= lower) result->resume = PrefixEnd(next);
  }
  return Status::OK();
}

}  // namespace strata::mvcc
