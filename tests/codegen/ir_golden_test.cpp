// `stitch compile --emit=ir` of every example policy file, beside its expected listing.
#include <catch2/catch.hpp>

#include "ProgramFixture.h"
#include "support/Golden.h"

using namespace stitch;

TEST_CASE("the IR of each example matches its golden listing") {
  for (const std::string& path : stitch::testing::FilesWithSuffix("examples/policies", ".policy")) {
    DYNAMIC_SECTION(path) {
      auto program = stitch::testing::CompileText(stitch::testing::ReadText(path), Backend::kInterpreter);
      std::string name = path.substr(path.rfind('/') + 1);
      std::string golden = "tests/codegen/ir/" + name.substr(0, name.size() - 7) + ".ir";
      std::string listing = program->ir().Print();
      CHECK(listing == stitch::testing::Expect(golden, listing));
    }
  }
}
