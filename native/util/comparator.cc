#include "util/comparator.h"

namespace strata {
namespace {

class Bytewise final : public Comparator {
 public:
  int Compare(std::string_view a, std::string_view b) const override { return a.compare(b); }
  const char* Name() const override { return "strata.Bytewise"; }
};

}  // namespace

const Comparator* BytewiseComparator() {
  static const Bytewise kInstance;
  return &kInstance;
}

}  // namespace strata
