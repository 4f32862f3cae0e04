// The JIT's on-disk cache across processes, a corrupt entry, and concurrent evaluation.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "ProgramFixture.h"
#include "compiler/jit/Jit.h"
#include "support/Golden.h"

using namespace stitch;
namespace fs = std::filesystem;

namespace {

struct CacheDir {
  fs::path path = fs::temp_directory_path() / ("stitch-jit-cache-" + std::to_string(::getpid()));
  CacheDir() { fs::remove_all(path); }
  ~CacheDir() { fs::remove_all(path); }
};

std::vector<fs::path> Entries(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path());
  return out;
}

}  // namespace

TEST_CASE("a second process start loads the compiled code from the cache") {
  CacheDir cache;
  std::string out;
  std::string command = std::string(STITCH_BINARY) + " compile --cache " + cache.path.string() + " examples/policies";
  REQUIRE(stitch::testing::Run(command, out) == 0);
  CHECK(out.find("cache: stored") != std::string::npos);
  CHECK(out.find("compiled in") != std::string::npos);
  REQUIRE(Entries(cache.path).size() == 1);
  REQUIRE(stitch::testing::Run(command, out) == 0);
  CHECK(out.find("cache: hit") != std::string::npos);
  CHECK(out.find("nothing compiled") != std::string::npos);
}

TEST_CASE("a truncated cache entry is detected and rebuilt") {
  CacheDir cache;
  std::string text = stitch::testing::ReadText("examples/policies/checkout.policy");
  auto first = stitch::testing::CompileText(text, Backend::kJit, cache.path.string());
  REQUIRE_FALSE(first->jit_stats()->cache_hit);
  fs::path entry = Entries(cache.path).at(0);
  auto size = fs::file_size(entry);
  fs::resize_file(entry, size / 2);
  auto second = stitch::testing::CompileText(text, Backend::kJit, cache.path.string());
  CHECK_FALSE(second->jit_stats()->cache_hit);
  CHECK(second->jit_stats()->cache_rebuilt);
  CHECK(fs::file_size(entry) == size);
  auto third = stitch::testing::CompileText(text, Backend::kJit, cache.path.string());
  CHECK(third->jit_stats()->cache_hit);
  // Flipped bytes in the payload are caught by the checksum too.
  {
    std::fstream f(entry, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size - 16));
    f.write("\xff\xff\xff\xff", 4);
  }
  auto fourth = stitch::testing::CompileText(text, Backend::kJit, cache.path.string());
  CHECK(fourth->jit_stats()->cache_rebuilt);
}

TEST_CASE("a compiled program may be evaluated from several threads at once") {
  std::string text = stitch::testing::ReadText("examples/policies/checkout.policy");
  auto program = stitch::testing::CompileText(text, Backend::kJit);
  frame::Frame f;
  size_t p99 = f.AddColumn("latency.p99");
  size_t requests = f.AddColumn("requests");
  size_t error_rate = f.AddColumn("error_rate");
  for (size_t i = 0; i < 5000; ++i) {
    size_t row = f.AddEntity({{frame::EntityKind::kService, "s" + std::to_string(i), "", "", ""}, {}});
    f.Set(row, p99, (i % 10) / 10.0);
    if (i % 7) f.Set(row, requests, static_cast<double>(i % 3));
    f.Set(row, error_rate, (i % 11) / 100.0);
  }
  Evaluation expected;
  program->Evaluate(f, expected);
  std::vector<Evaluation> results(4);
  std::vector<std::thread> threads;
  for (auto& result : results) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) program->Evaluate(f, result);
    });
  }
  for (auto& t : threads) t.join();
  for (const auto& result : results) CHECK(result.conditions == expected.conditions);
}
