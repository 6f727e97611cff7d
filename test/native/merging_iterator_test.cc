// The merging iterator's SeekForward lands where Seek would, whatever the children's positions
// after Seek and Next calls moving forward, and ran-out children stay out.
#include <algorithm>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "harness.h"
#include "table/merging_iterator.h"
#include "util/comparator.h"

namespace strata {
namespace {

// A sorted list of keys as an iterator (the values repeat the keys).
class ListIterator final : public Iterator {
 public:
  explicit ListIterator(std::vector<std::string> keys)
      : keys_(std::move(keys)), index_(keys_.size()) {}

  bool Valid() const override { return index_ < keys_.size(); }
  void SeekToFirst() override { index_ = 0; }
  void SeekToLast() override { index_ = keys_.empty() ? 0 : keys_.size() - 1; }
  void Seek(std::string_view target) override {
    index_ = std::lower_bound(keys_.begin(), keys_.end(), target) - keys_.begin();
  }
  void SeekForPrev(std::string_view target) override {
    size_t after = std::upper_bound(keys_.begin(), keys_.end(), target) - keys_.begin();
    index_ = after == 0 ? keys_.size() : after - 1;
  }
  void Next() override { index_++; }
  void Prev() override { index_ = index_ == 0 ? keys_.size() : index_ - 1; }
  std::string_view key() const override { return keys_[index_]; }
  std::string_view value() const override { return keys_[index_]; }
  Status status() const override { return Status::OK(); }

 private:
  std::vector<std::string> keys_;
  size_t index_;
};

std::string Key(int n) {
  char buf[16];
  std::snprintf(buf, sizeof(buf), "k%05d", n);
  return buf;
}

TEST(MergingIterator, SeekForwardLandsWhereSeekDoes) {
  std::mt19937 random(20261125);
  for (int round = 0; round < 200; round++) {
    // Three to five children over a small key space, some keys in several children.
    int n = 3 + static_cast<int>(random() % 3);
    std::vector<std::vector<std::string>> lists(n);
    std::set<std::string> all;
    for (auto& list : lists) {
      std::set<std::string> keys;
      int count = static_cast<int>(random() % 40);
      for (int i = 0; i < count; i++) keys.insert(Key(static_cast<int>(random() % 200)));
      list.assign(keys.begin(), keys.end());
      all.insert(keys.begin(), keys.end());
    }
    auto merged = [&] {
      std::vector<Iterator*> children;
      for (const auto& list : lists) children.push_back(new ListIterator(list));
      return std::unique_ptr<Iterator>(NewMergingIterator(BytewiseComparator(), children.data(),
                                                          static_cast<int>(children.size())));
    };
    std::unique_ptr<Iterator> it = merged();
    it->Seek(Key(static_cast<int>(random() % 200)));
    for (int step = 0; step < 30 && it->Valid(); step++) {
      if (random() % 3 != 0) {
        it->Next();
        continue;
      }
      std::string target = Key(static_cast<int>(random() % 220));
      it->SeekForward(target);
      auto expected = all.lower_bound(target);
      ASSERT_EQ(it->Valid(), expected != all.end());
      if (!it->Valid()) break;
      ASSERT_EQ(std::string(it->key()), *expected);
      // And the same position as a fresh Seek, entry by entry from there.
      std::unique_ptr<Iterator> fresh = merged();
      fresh->Seek(target);
      for (int k = 0; k < 5 && fresh->Valid(); k++, fresh->Next()) {
        ASSERT_TRUE(it->Valid());
        ASSERT_EQ(std::string(it->key()), std::string(fresh->key()));
        if (k < 4) it->Next();
      }
    }
  }
}

}  // namespace
}  // namespace strata
