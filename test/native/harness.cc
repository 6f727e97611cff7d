#include "harness.h"

#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <iostream>

namespace strata::test {

std::vector<TestCase>& Registry() {
  static std::vector<TestCase> tests;
  return tests;
}

struct Failure {
  std::string message;
};

void Fail(const char* file, int line, const std::string& message) {
  throw Failure{std::string(file) + ":" + std::to_string(line) + ": " + message};
}

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "strata-test-XXXXXX").string();
  char* made = ::mkdtemp(pattern.data());
  if (made == nullptr) {
    std::perror("mkdtemp");
    std::abort();
  }
  path_ = made;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace strata::test

int main(int argc, char** argv) {
  using strata::test::Registry;
  const char* filter = argc > 1 ? argv[1] : nullptr;
  int failed = 0, ran = 0;
  for (const auto& t : Registry()) {
    std::string full = std::string(t.suite) + "." + t.name;
    if (filter && full.find(filter) == std::string::npos) continue;
    ran++;
    try {
      t.body();
      std::cout << "ok   " << full << "\n";
    } catch (const strata::test::Failure& f) {
      failed++;
      std::cout << "FAIL " << full << "\n     " << f.message << "\n";
    }
  }
  std::cout << ran - failed << " passed, " << failed << " failed\n";
  return failed == 0 ? 0 : 1;
}
