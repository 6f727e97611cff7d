#include "db/db_iter.h"

#include <memory>

#include "db/dbformat.h"

namespace strata {
namespace {

// Forward: the internal iterator sits on the entry the user sees. Reverse: it sits just before
// all entries of the user key, whose key and value are copied into saved_key_/saved_value_.
class DBIter final : public Iterator {
 public:
  DBIter(Iterator* iter, uint64_t sequence, std::string lower, std::string upper)
      : iter_(iter), sequence_(sequence), lower_(std::move(lower)), upper_(std::move(upper)) {}

  bool Valid() const override { return valid_; }
  std::string_view key() const override {
    return direction_ == kForward ? ExtractUserKey(iter_->key()) : std::string_view(saved_key_);
  }
  std::string_view value() const override {
    return direction_ == kForward ? iter_->value() : std::string_view(saved_value_);
  }
  Status status() const override { return status_.ok() ? iter_->status() : status_; }

  void Reset(uint64_t sequence, std::string_view upper) {
    sequence_ = sequence;
    upper_.assign(upper.data(), upper.size());
    valid_ = false;
    status_ = Status::OK();
    direction_ = kForward;
  }

  void Next() override {
    if (direction_ == kReverse) {
      direction_ = kForward;
      // iter_ is before the entries of key(): step into them, then skip them.
      if (!iter_->Valid()) {
        iter_->SeekToFirst();
      } else {
        iter_->Next();
      }
      if (!iter_->Valid()) {
        valid_ = false;
        saved_key_.clear();
        return;
      }
    } else {
      saved_key_.assign(ExtractUserKey(iter_->key()));
      iter_->Next();
      if (!iter_->Valid()) {
        valid_ = false;
        saved_key_.clear();
        return;
      }
    }
    FindNextUserEntry(true);
  }

  void Prev() override {
    if (direction_ == kForward) {
      // Move before every entry of the current key.
      saved_key_.assign(ExtractUserKey(iter_->key()));
      while (true) {
        iter_->Prev();
        if (!iter_->Valid()) {
          valid_ = false;
          saved_key_.clear();
          saved_value_.clear();
          return;
        }
        if (ExtractUserKey(iter_->key()) < std::string_view(saved_key_)) break;
      }
      direction_ = kReverse;
    }
    FindPrevUserEntry();
  }

  void Seek(std::string_view target) override {
    direction_ = kForward;
    saved_value_.clear();
    saved_key_.clear();
    std::string_view start = target;
    if (!lower_.empty() && target < std::string_view(lower_)) start = lower_;
    AppendInternalKey(&saved_key_, start, sequence_, kValueTypeForSeek);
    iter_->Seek(saved_key_);
    if (iter_->Valid()) {
      FindNextUserEntry(false);
    } else {
      valid_ = false;
    }
  }

  void SeekForward(std::string_view target) override {
    // Only from a position this read reached moving forward, to a later user key (Reset
    // clears valid_, so a refreshed iterator seeks afresh).
    if (!valid_ || direction_ != kForward || target <= key()) {
      Seek(target);
      return;
    }
    saved_value_.clear();
    saved_key_.clear();
    AppendInternalKey(&saved_key_, target, sequence_, kValueTypeForSeek);
    iter_->SeekForward(saved_key_);
    if (iter_->Valid()) {
      FindNextUserEntry(false);
    } else {
      valid_ = false;
    }
  }

  void SeekToFirst() override {
    if (!lower_.empty()) {
      Seek(lower_);
      return;
    }
    direction_ = kForward;
    saved_value_.clear();
    iter_->SeekToFirst();
    if (iter_->Valid()) {
      FindNextUserEntry(false);
    } else {
      valid_ = false;
    }
  }

  void SeekForPrev(std::string_view target) override {
    if (!upper_.empty() && target >= std::string_view(upper_)) {
      SeekToLast();
      return;
    }
    direction_ = kReverse;
    saved_value_.clear();
    saved_key_.clear();
    // Sequence 0 with the deletion type sorts after every version of target.
    std::string seek_key;
    AppendInternalKey(&seek_key, target, 0, ValueType::kDeletion);
    iter_->SeekForPrev(seek_key);
    FindPrevUserEntry();
  }

  void SeekToLast() override {
    direction_ = kReverse;
    saved_value_.clear();
    saved_key_.clear();
    if (upper_.empty()) {
      iter_->SeekToLast();
    } else {
      // The last entry before every version of upper.
      std::string seek_key;
      AppendInternalKey(&seek_key, upper_, kMaxSequenceNumber, kValueTypeForSeek);
      iter_->Seek(seek_key);
      if (iter_->Valid()) {
        iter_->Prev();
      } else if (iter_->status().ok()) {
        iter_->SeekToLast();
      }
    }
    FindPrevUserEntry();
  }

 private:
  enum Direction { kForward, kReverse };

  bool ParseKey(ParsedInternalKey* ikey) {
    if (!ParseInternalKey(iter_->key(), ikey)) {
      status_ = Status::Corruption("malformed internal key");
      return false;
    }
    return true;
  }

  // Skips to the first visible, not deleted entry at or after iter_. With skipping, entries of
  // user keys <= saved_key_ are passed over.
  void FindNextUserEntry(bool skipping) {
    do {
      ParsedInternalKey ikey;
      if (!ParseKey(&ikey)) break;
      if (!upper_.empty() && ikey.user_key >= std::string_view(upper_)) break;
      if (ikey.sequence <= sequence_) {
        if (ikey.type == ValueType::kDeletion) {
          saved_key_.assign(ikey.user_key);
          skipping = true;
        } else if (!skipping || ikey.user_key > std::string_view(saved_key_)) {
          valid_ = true;
          saved_key_.clear();
          return;
        }
      }
      iter_->Next();
    } while (iter_->Valid());
    saved_key_.clear();
    valid_ = false;
  }

  // Finds the newest visible version of the user key before iter_'s position (scanning back),
  // leaving iter_ just before that key's entries.
  void FindPrevUserEntry() {
    ValueType value_type = ValueType::kDeletion;
    while (iter_->Valid()) {
      ParsedInternalKey ikey;
      if (!ParseKey(&ikey)) break;
      if (ikey.sequence <= sequence_) {
        if (value_type != ValueType::kDeletion && ikey.user_key < std::string_view(saved_key_)) {
          break;  // the entries of an earlier key begin: saved_key_ is the answer
        }
        if (!lower_.empty() && ikey.user_key < std::string_view(lower_)) break;
        value_type = ikey.type;
        if (value_type == ValueType::kDeletion) {
          saved_key_.clear();
          saved_value_.clear();
        } else {
          saved_key_.assign(ikey.user_key);
          saved_value_.assign(iter_->value());
        }
      }
      iter_->Prev();
    }
    if (value_type == ValueType::kDeletion || !status_.ok() || !iter_->status().ok()) {
      valid_ = false;
      saved_key_.clear();
      saved_value_.clear();
      direction_ = kForward;
    } else {
      valid_ = true;
    }
  }

  std::unique_ptr<Iterator> iter_;
  uint64_t sequence_;
  std::string lower_;
  std::string upper_;
  Direction direction_ = kForward;
  bool valid_ = false;
  std::string saved_key_;
  std::string saved_value_;
  Status status_;
};

}  // namespace

void ResetDBIterator(Iterator* db_iter, uint64_t sequence, std::string_view upper_bound) {
  static_cast<DBIter*>(db_iter)->Reset(sequence, upper_bound);
}

Iterator* NewDBIterator(Iterator* internal_iter, uint64_t sequence, std::string lower_bound,
                        std::string upper_bound) {
  return new DBIter(internal_iter, sequence, std::move(lower_bound), std::move(upper_bound));
}

}  // namespace strata
