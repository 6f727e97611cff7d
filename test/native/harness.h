// A minimal test harness for the native engine tests: TEST(Suite, Name) registers a test,
// ASSERT_* stop it with a message. The binary runs every test (or those matching argv[1]).
#pragma once

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <vector>

namespace strata::test {

struct TestCase {
  const char* suite;
  const char* name;
  std::function<void()> body;
};

std::vector<TestCase>& Registry();

struct Registrar {
  Registrar(const char* suite, const char* name, std::function<void()> body) {
    Registry().push_back({suite, name, std::move(body)});
  }
};

[[noreturn]] void Fail(const char* file, int line, const std::string& message);

// A fresh empty directory under the system temp dir, removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace strata::test

#define TEST(suite, name)                                                             \
  static void suite##_##name##_Test();                                                \
  static ::strata::test::Registrar suite##_##name##_registrar(#suite, #name,          \
                                                              suite##_##name##_Test); \
  static void suite##_##name##_Test()

#define ASSERT_TRUE(cond)                                                     \
  do {                                                                        \
    if (!(cond)) ::strata::test::Fail(__FILE__, __LINE__, "expected " #cond); \
  } while (0)

#define ASSERT_EQ(a, b)                                                         \
  do {                                                                          \
    const auto _a = (a);                                                        \
    const auto _b = (b);                                                        \
    if (!(_a == _b)) {                                                          \
      std::ostringstream _m;                                                    \
      _m << "expected " #a " == " #b ", got '" << _a << "' and '" << _b << "'"; \
      ::strata::test::Fail(__FILE__, __LINE__, _m.str());                       \
    }                                                                           \
  } while (0)

#define ASSERT_OK(expr)                                                                 \
  do {                                                                                  \
    ::strata::Status _s = (expr);                                                       \
    if (!_s.ok()) ::strata::test::Fail(__FILE__, __LINE__, #expr ": " + _s.ToString()); \
  } while (0)
