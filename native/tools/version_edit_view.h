// Read access to a decoded VersionEdit's fields for the data-dir tools, which dump MANIFEST
// records field by field. VersionEdit names this struct a friend.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "db/version_edit.h"

namespace strata {

struct VersionEditView {
  std::optional<uint64_t> log_number;
  std::optional<uint64_t> next_file_number;
  std::optional<uint64_t> last_sequence;
  std::vector<std::pair<uint32_t, std::string>> column_families;
  std::vector<VersionEdit::DeletedFile> deleted_files;
  std::vector<VersionEdit::NewFile> new_files;

  static VersionEditView Of(const VersionEdit& edit) {
    VersionEditView view;
    if (edit.has_log_number_) view.log_number = edit.log_number_;
    if (edit.has_next_file_number_) view.next_file_number = edit.next_file_number_;
    if (edit.has_last_sequence_) view.last_sequence = edit.last_sequence_;
    view.column_families = edit.column_families_;
    view.deleted_files.assign(edit.deleted_files_.begin(), edit.deleted_files_.end());
    view.new_files = edit.new_files_;
    return view;
  }
};

}  // namespace strata
