// What the data-dir tools (`strata check`, `strata inspect`) report about damaged files: the file,
// the byte offset where the damage begins, and what is wrong there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace strata::tools {

struct Problem {
  std::string file;  // path as given to the tool
  uint64_t offset = 0;
  std::string message;
};

// Problems are damage the engine would refuse to open with, or data it would lose. Notes are
// findings the engine handles by design (a write torn by a crash at the very end of the newest
// WAL, files no longer referenced that the next open deletes): worth showing, not failures.
struct Findings {
  std::vector<Problem> problems;
  std::vector<Problem> notes;

  void AddProblem(std::string file, uint64_t offset, std::string message) {
    problems.push_back(Problem{std::move(file), offset, std::move(message)});
  }
  void AddNote(std::string file, uint64_t offset, std::string message) {
    notes.push_back(Problem{std::move(file), offset, std::move(message)});
  }
};

}  // namespace strata::tools
