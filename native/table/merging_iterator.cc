#include "table/merging_iterator.h"

#include <memory>
#include <vector>

namespace strata {
namespace {

class MergingIterator final : public Iterator {
 public:
  MergingIterator(const Comparator* comparator, Iterator** children, int n)
      : comparator_(comparator) {
    children_.reserve(n);
    for (int i = 0; i < n; i++) children_.emplace_back(children[i]);
  }

  bool Valid() const override { return current_ != nullptr; }

  void SeekToFirst() override {
    for (auto& child : children_) child->SeekToFirst();
    FindSmallest();
    direction_ = kForward;
  }

  void SeekToLast() override {
    for (auto& child : children_) child->SeekToLast();
    FindLargest();
    direction_ = kReverse;
  }

  void Seek(std::string_view target) override {
    for (auto& child : children_) child->Seek(target);
    FindSmallest();
    direction_ = kForward;
  }

  void SeekForward(std::string_view target) override {
    if (direction_ != kForward || current_ == nullptr ||
        comparator_->Compare(target, current_->key()) <= 0) {
      Seek(target);
      return;
    }
    // Moving forward, every child sits at its first entry at or after some bound at or below
    // key(), so one already at or past target is where Seek(target) would put it, and one that
    // ran out (without an error) has nothing at or after target either.
    for (auto& child : children_) {
      if (child->Valid() ? comparator_->Compare(child->key(), target) >= 0 : child->status().ok()) {
        continue;
      }
      child->SeekForward(target);
    }
    FindSmallest();
  }

  void SeekForPrev(std::string_view target) override {
    for (auto& child : children_) child->SeekForPrev(target);
    FindLargest();
    direction_ = kReverse;
  }

  void Next() override {
    // Every non-current child must be positioned after key(); after a reverse move they sit
    // before it.
    if (direction_ != kForward) {
      std::string k(key());
      for (auto& child : children_) {
        if (child.get() == current_) continue;
        child->Seek(k);
        if (child->Valid() && comparator_->Compare(k, child->key()) == 0) child->Next();
      }
      direction_ = kForward;
    }
    current_->Next();
    FindSmallest();
  }

  void Prev() override {
    if (direction_ != kReverse) {
      std::string k(key());
      for (auto& child : children_) {
        if (child.get() == current_) continue;
        child->Seek(k);
        if (child->Valid()) {
          child->Prev();  // the entry just before k
        } else if (child->status().ok()) {
          child->SeekToLast();  // every entry of this child is before k
        }
      }
      direction_ = kReverse;
    }
    current_->Prev();
    FindLargest();
  }

  std::string_view key() const override { return current_->key(); }
  std::string_view value() const override { return current_->value(); }

  Status status() const override {
    for (const auto& child : children_) {
      Status s = child->status();
      if (!s.ok()) return s;
    }
    return Status::OK();
  }

 private:
  enum Direction { kForward, kReverse };

  // A child that failed makes the whole merge invalid: returning entries from the others would
  // silently skip the failed child's keys.
  bool AnyChildFailed() const {
    for (const auto& child : children_) {
      if (!child->Valid() && !child->status().ok()) return true;
    }
    return false;
  }

  void FindSmallest() {
    Iterator* smallest = nullptr;
    for (auto& child : children_) {
      if (child->Valid() &&
          (smallest == nullptr || comparator_->Compare(child->key(), smallest->key()) < 0)) {
        smallest = child.get();
      }
    }
    current_ = AnyChildFailed() ? nullptr : smallest;
  }

  void FindLargest() {
    Iterator* largest = nullptr;
    for (auto it = children_.rbegin(); it != children_.rend(); ++it) {
      auto& child = *it;
      if (child->Valid() &&
          (largest == nullptr || comparator_->Compare(child->key(), largest->key()) > 0)) {
        largest = child.get();
      }
    }
    current_ = AnyChildFailed() ? nullptr : largest;
  }

  const Comparator* comparator_;
  std::vector<std::unique_ptr<Iterator>> children_;
  Iterator* current_ = nullptr;
  Direction direction_ = kForward;
};

}  // namespace

Iterator* NewMergingIterator(const Comparator* comparator, Iterator** children, int n) {
  if (n == 1) return children[0];
  return new MergingIterator(comparator, children, n);
}

}  // namespace strata
