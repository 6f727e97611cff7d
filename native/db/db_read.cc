// The read path: point lookups and iterators over a SuperVersion (memtables + Version), with an
// optional memory-only tier that answers Incomplete instead of reading from disk.

#include <algorithm>

#include "db/db_impl.h"
#include "db/db_iter.h"
#include "db/dbformat.h"
#include "table/merging_iterator.h"
#include "table/two_level_iterator.h"

namespace strata {

std::shared_ptr<const SuperVersion> DBImpl::GetSuperVersion() const {
  std::lock_guard lock(mutex_);
  return super_version_;
}

void DBImpl::InstallSuperVersion() {
  auto sv = std::make_shared<SuperVersion>();
  sv->mem = mem_;
  sv->imm.assign(imm_.begin(), imm_.end());
  sv->version = versions_->current();
  super_version_ = std::move(sv);
  super_version_number_.fetch_add(1, std::memory_order_release);
}

uint64_t DBImpl::ReadSequence(uint64_t snapshot) const {
  return snapshot != kReadLatest ? snapshot : versions_->LastSequence();
}

Status DBImpl::Get(const ReadOptions& options, uint32_t column_family, std::string_view key,
                   std::string* value) {
  // The sequence is read before the SuperVersion: every write at or below it is then in a
  // memtable or file that SuperVersion holds (a later memtable switch only moves it to imm).
  uint64_t sequence = ReadSequence(options.snapshot);
  auto sv = GetSuperVersion();
  if (!sv) return Status::Closed();
  if (column_family >= sv->mem->column_families.size()) {
    return Status::InvalidArgument("unknown column family " + std::to_string(column_family));
  }
  LookupKey lookup(key, sequence);
  Status s;
  if (sv->mem->column_families[column_family]->Get(lookup, value, &s)) return s;
  for (const auto& imm : sv->imm) {
    if (imm->column_families[column_family]->Get(lookup, value, &s)) return s;
  }
  bool found = false;
  s = GetFromVersion(*sv->version, options, column_family, lookup, value, &found);
  if (!s.ok()) return s;
  return found ? Status::OK() : Status::NotFound("");
}

Status DBImpl::GetFromVersion(const Version& version, const ReadOptions& options, uint32_t cf,
                              const LookupKey& key, std::string* value, bool* found) {
  TableReadContext context;
  context.tier.store(options.read_tier, std::memory_order_relaxed);
  context.fill_cache = options.fill_cache;
  std::string_view user_key = key.user_key();
  std::string_view internal_key = key.internal_key();
  Status result_status;
  bool deleted = false;
  auto found_entry = [&](std::string_view k, std::string_view v) {
    ParsedInternalKey parsed;
    if (!ParseInternalKey(k, &parsed)) {
      result_status = Status::Corruption("malformed internal key in table");
      *found = true;
      return;
    }
    if (parsed.user_key != user_key) return;
    *found = true;
    if (parsed.type == ValueType::kValue) {
      value->assign(v.data(), v.size());
    } else {
      deleted = true;
    }
  };
  auto search = [&](const FilePtr& f) -> Status {
    std::shared_ptr<const Table> table;
    Status s = table_cache_->FindTable(f->number, f->file_size, options.read_tier, &table);
    if (!s.ok()) return s;
    return table->Get(context, internal_key, user_key, found_entry);
  };

  for (const auto& f : version.files(cf, 0)) {
    if (user_key < ExtractUserKey(f->smallest) || user_key > ExtractUserKey(f->largest)) continue;
    Status s = search(f);
    if (!s.ok()) return s;
    if (*found) break;
  }
  for (int level = 1; level < kNumLevels && !*found; level++) {
    const auto& files = version.files(cf, level);
    size_t index = version.FindFile(cf, level, internal_key);
    if (index >= files.size()) continue;
    const FilePtr& f = files[index];
    if (user_key < ExtractUserKey(f->smallest)) continue;
    Status s = search(f);
    if (!s.ok()) return s;
  }
  if (!result_status.ok()) return result_status;
  if (deleted) *found = false;
  return Status::OK();
}

namespace {

// The user iterator: what it pins (the SuperVersion) and the read context its tables consult, so
// the tier can change between operations; RefreshIterator rebuilds it over a newer SuperVersion.
class UserIterator final : public Iterator {
 public:
  UserIterator(uint32_t column_family, std::string lower_bound,
               std::shared_ptr<TableReadContext> context)
      : column_family_(column_family),
        lower_bound_(std::move(lower_bound)),
        context_(std::move(context)) {}

  void Install(Iterator* inner, std::shared_ptr<const SuperVersion> sv, uint64_t sv_number) {
    inner_.reset(inner);
    sv_ = std::move(sv);
    sv_number_ = sv_number;
  }

  bool Valid() const override { return inner_->Valid(); }
  void SeekToFirst() override { inner_->SeekToFirst(); }
  void SeekToLast() override { inner_->SeekToLast(); }
  void Seek(std::string_view target) override { inner_->Seek(target); }
  void SeekForward(std::string_view target) override { inner_->SeekForward(target); }
  void SeekForPrev(std::string_view target) override { inner_->SeekForPrev(target); }
  void Next() override { inner_->Next(); }
  void Prev() override { inner_->Prev(); }
  std::string_view key() const override { return inner_->key(); }
  std::string_view value() const override { return inner_->value(); }
  Status status() const override { return inner_->status(); }

  void SetTier(ReadTier tier) { context_->tier.store(tier, std::memory_order_relaxed); }
  Iterator* inner() const { return inner_.get(); }
  uint64_t sv_number() const { return sv_number_; }
  uint32_t column_family() const { return column_family_; }
  const std::string& lower_bound() const { return lower_bound_; }
  TableReadContext* context() const { return context_.get(); }

 private:
  uint32_t column_family_;
  std::string lower_bound_;
  std::shared_ptr<TableReadContext> context_;
  std::unique_ptr<Iterator> inner_;
  std::shared_ptr<const SuperVersion> sv_;
  uint64_t sv_number_ = 0;
};

}  // namespace

Iterator* DBImpl::NewLevelIterator(std::vector<FilePtr> files, const TableReadContext* context) {
  // The "index" of a level is its file list: key = the file's largest key, value = its position.
  class FileListIterator final : public Iterator {
   public:
    explicit FileListIterator(const std::vector<FilePtr>* files)
        : files_(files), index_(files->size()) {}
    bool Valid() const override { return index_ < files_->size(); }
    void Seek(std::string_view target) override {
      const auto* cmp = GetInternalKeyComparator();
      index_ = std::partition_point(
                   files_->begin(), files_->end(),
                   [&](const FilePtr& f) { return cmp->Compare(f->largest, target) < 0; }) -
               files_->begin();
    }
    void SeekForPrev(std::string_view target) override {
      // The last file whose smallest key is <= target.
      const auto* cmp = GetInternalKeyComparator();
      size_t after = std::partition_point(
                         files_->begin(), files_->end(),
                         [&](const FilePtr& f) { return cmp->Compare(f->smallest, target) <= 0; }) -
                     files_->begin();
      index_ = after == 0 ? files_->size() : after - 1;
    }
    void SeekToFirst() override { index_ = 0; }
    void SeekToLast() override { index_ = files_->empty() ? 0 : files_->size() - 1; }
    void Next() override { index_++; }
    void Prev() override { index_ = index_ == 0 ? files_->size() : index_ - 1; }
    std::string_view key() const override { return (*files_)[index_]->largest; }
    std::string_view value() const override {
      EncodeFixed64(buf_, index_);
      return std::string_view(buf_, sizeof(buf_));
    }
    Status status() const override { return Status::OK(); }

   private:
    const std::vector<FilePtr>* files_;
    size_t index_;
    mutable char buf_[8];
  };

  auto shared_files = std::make_shared<std::vector<FilePtr>>(std::move(files));
  Iterator* index = new FileListIterator(shared_files.get());
  Iterator* it = NewTwoLevelIterator(
      index, [this, shared_files, context](std::string_view index_value) -> Iterator* {
        const FilePtr& f = (*shared_files)[DecodeFixed64(index_value.data())];
        std::shared_ptr<const Table> table;
        Status s = table_cache_->FindTable(f->number, f->file_size,
                                           context->tier.load(std::memory_order_relaxed), &table);
        if (!s.ok()) return NewErrorIterator(s);
        Iterator* table_iter = table->NewIterator(context);
        table_iter->RegisterCleanup([table] {});
        return table_iter;
      });
  it->RegisterCleanup([shared_files] {});
  return it;
}

Iterator* DBImpl::NewDBIterator(const SuperVersion& sv, uint32_t column_family,
                                const TableReadContext* context, uint64_t sequence,
                                const std::string& lower_bound, std::string upper_bound) {
  std::vector<Iterator*> children;
  children.push_back(sv.mem->column_families[column_family]->NewIterator());
  for (const auto& imm : sv.imm) {
    children.push_back(imm->column_families[column_family]->NewIterator());
  }
  const Version& version = *sv.version;
  for (const auto& f : version.files(column_family, 0)) {
    children.push_back(NewLevelIterator({f}, context));
  }
  for (int level = 1; level < kNumLevels; level++) {
    const auto& files = version.files(column_family, level);
    if (!files.empty()) children.push_back(NewLevelIterator(files, context));
  }
  Iterator* merged = NewMergingIterator(GetInternalKeyComparator(), children.data(),
                                        static_cast<int>(children.size()));
  return strata::NewDBIterator(merged, sequence, lower_bound, std::move(upper_bound));
}

Iterator* DBImpl::NewIterator(const ReadOptions& options, uint32_t column_family) {
  uint64_t sequence = ReadSequence(options.snapshot);
  uint64_t sv_number = super_version_number_.load(std::memory_order_acquire);
  auto sv = GetSuperVersion();
  if (!sv) return NewErrorIterator(Status::Closed());
  if (column_family >= sv->mem->column_families.size()) {
    return NewErrorIterator(
        Status::InvalidArgument("unknown column family " + std::to_string(column_family)));
  }
  auto context = std::make_shared<TableReadContext>();
  context->tier.store(options.read_tier, std::memory_order_relaxed);
  context->fill_cache = options.fill_cache;
  auto* user = new UserIterator(column_family, options.lower_bound, context);
  Iterator* inner = NewDBIterator(*sv, column_family, context.get(), sequence, options.lower_bound,
                                  options.upper_bound);
  user->Install(inner, std::move(sv), sv_number);
  return user;
}

Iterator* DBImpl::NewPrefixIterator(const ReadOptions& options, uint32_t column_family,
                                    std::string_view prefix) {
  uint64_t sequence = ReadSequence(options.snapshot);
  uint64_t sv_number = super_version_number_.load(std::memory_order_acquire);
  auto sv = GetSuperVersion();
  if (!sv) return NewErrorIterator(Status::Closed());
  if (column_family >= sv->mem->column_families.size() || prefix.empty()) {
    return NewErrorIterator(Status::InvalidArgument("bad prefix iterator"));
  }
  std::string upper(prefix);
  while (!upper.empty() && static_cast<unsigned char>(upper.back()) == 0xff) upper.pop_back();
  if (!upper.empty())
    upper.back() = static_cast<char>(static_cast<unsigned char>(upper.back()) + 1);

  auto context = std::make_shared<TableReadContext>();
  context->tier.store(options.read_tier, std::memory_order_relaxed);
  context->fill_cache = options.fill_cache;
  std::vector<Iterator*> children;
  auto add_memtable = [&](const MemTable& mem) {
    if (mem.PrefixMayMatch(prefix)) children.push_back(mem.NewIterator());
  };
  add_memtable(*sv->mem->column_families[column_family]);
  for (const auto& imm : sv->imm) add_memtable(*imm->column_families[column_family]);
  auto add_file = [&](const FilePtr& f) -> Status {
    std::string_view low = ExtractUserKey(f->smallest);
    std::string_view high = ExtractUserKey(f->largest);
    if (high < prefix || (!upper.empty() && low >= std::string_view(upper))) return Status::OK();
    std::shared_ptr<const Table> table;
    Status s = table_cache_->FindTable(f->number, f->file_size, options.read_tier, &table);
    if (!s.ok()) return s;
    if (!table->PrefixMayMatch(prefix)) return Status::OK();
    Iterator* it = table->NewIterator(context.get());
    it->RegisterCleanup([table] {});
    children.push_back(it);
    return Status::OK();
  };
  const Version& version = *sv->version;
  Status s;
  for (const auto& f : version.files(column_family, 0)) {
    if (s.ok()) s = add_file(f);
  }
  std::string target;
  AppendInternalKey(&target, prefix, kMaxSequenceNumber, kValueTypeForSeek);
  for (int level = 1; level < kNumLevels && s.ok(); level++) {
    const auto& files = version.files(column_family, level);
    for (size_t i = version.FindFile(column_family, level, target); i < files.size() && s.ok();
         i++) {
      if (!upper.empty() && ExtractUserKey(files[i]->smallest) >= std::string_view(upper)) break;
      s = add_file(files[i]);
    }
  }
  if (!s.ok()) {
    for (Iterator* child : children) delete child;
    return NewErrorIterator(s);
  }
  Iterator* merged = NewMergingIterator(GetInternalKeyComparator(), children.data(),
                                        static_cast<int>(children.size()));
  Iterator* db_iter =
      strata::NewDBIterator(merged, sequence, std::string(prefix), std::move(upper));
  auto* user = new UserIterator(column_family, std::string(prefix), context);
  user->Install(db_iter, std::move(sv), sv_number);
  return user;
}

void DBImpl::RefreshIterator(Iterator* iterator, uint64_t snapshot, std::string_view upper_bound) {
  auto* user = dynamic_cast<UserIterator*>(iterator);
  if (user == nullptr) return;
  uint64_t sequence = ReadSequence(snapshot);
  uint64_t sv_number = super_version_number_.load(std::memory_order_acquire);
  if (sv_number == user->sv_number()) {
    ResetDBIterator(user->inner(), sequence, upper_bound);
    return;
  }
  auto sv = GetSuperVersion();
  if (!sv) return;
  Iterator* inner = NewDBIterator(*sv, user->column_family(), user->context(), sequence,
                                  user->lower_bound(), std::string(upper_bound));
  user->Install(inner, std::move(sv), sv_number);
}

bool DBImpl::IteratorIsCurrent(const Iterator* iterator) {
  const auto* user = dynamic_cast<const UserIterator*>(iterator);
  return user == nullptr ||
         user->sv_number() == super_version_number_.load(std::memory_order_acquire);
}

void DBImpl::SetIteratorReadTier(Iterator* iterator, ReadTier tier) {
  if (auto* user = dynamic_cast<UserIterator*>(iterator)) user->SetTier(tier);
}

}  // namespace strata
