// The SQLite version store: history order, rollback exactness, optimistic concurrency between
// writers, and crash safety when a writer is killed in the middle of a commit.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <thread>

#include <sqlite3.h>

#include "GoldenUtil.h"
#include "stitch/SqliteStore.h"

namespace fs = std::filesystem;
namespace st = stitch::stitch;
using namespace stitch::action;
using stitch::test::GoldenRoot;
using stitch::test::ReadText;

namespace {

// A fresh store path in a per-test temporary directory.
std::string FreshStore(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("stitch-store-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  fs::path path = dir / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(path.string() + suffix);
  return path.string();
}

std::unique_ptr<st::VersionStore> Open(const std::string& path, st::SqliteStoreOptions options = {}) {
  auto s = st::OpenSqliteStore(path, std::move(options));
  REQUIRE(s);
  return std::move(*s);
}

std::vector<st::Manifest> Base() {
  auto m = st::ParseManifest(ReadText(GoldenRoot() / "corpus/istio/virtual-service-reviews-80-20.yaml"), "vs.yaml");
  REQUIRE(m);
  auto d = st::ParseManifest(ReadText(GoldenRoot() / "corpus/istio/destination-rule-all-mtls.yaml"), "dr.yaml");
  REQUIRE(d);
  return {*m, *d};
}

Action Timeout(double seconds, std::string policy) {
  Action a;
  a.kind = SetTimeout{seconds};
  a.target = {TargetKind::kService, "reviews", ""};
  a.provenance = {policy, "reviews", {{"p99(latency)", 0.75}}, "2026-12-03T10:00:00Z", 1};
  return a;
}

st::CommitResult CommitTimeout(st::VersionStore& store, double seconds, const std::string& time) {
  auto head = store.Head();
  REQUIRE(head);
  std::vector<Action> actions;
  if (seconds > 0) actions.push_back(Timeout(seconds, "slow_reviews"));
  auto result = st::Stitch(Base(), actions);
  REQUIRE(result);
  auto commit = st::CommitStitch(store, *head, *result, actions, "tester", time);
  REQUIRE(commit);
  return *commit;
}

}  // namespace

TEST_CASE("versions are sequential, oldest first, each with its parent, patch and audit") {
  auto store = Open(FreshStore("history"));
  CHECK(CommitTimeout(*store, 0, "2026-12-03T10:00:00Z").info.id == 1);
  CHECK(CommitTimeout(*store, 2, "2026-12-03T10:01:00Z").info.id == 2);
  auto same = CommitTimeout(*store, 2, "2026-12-03T10:02:00Z");
  CHECK_FALSE(same.created);  // equal content: no new version
  CHECK(same.info.id == 2);
  CHECK(CommitTimeout(*store, 3, "2026-12-03T10:03:00Z").info.id == 3);

  auto history = store->History();
  REQUIRE(history);
  REQUIRE(history->size() == 3);
  CHECK((*history)[0].id == 1);
  CHECK_FALSE((*history)[0].parent.has_value());
  CHECK((*history)[1].parent == 1);
  CHECK((*history)[2].parent == 2);
  CHECK((*history)[2].time == "2026-12-03T10:03:00Z");
  CHECK((*history)[2].kind == "stitch");
  CHECK((*history)[2].action_count == 1);

  auto v3 = store->Get(3);
  REQUIRE(v3);
  CHECK(v3->patch.dump() == R"([{"op":"replace","path":"/0/documents/0/spec/http/0/timeout","value":"3s"}])");
  REQUIRE(v3->audit.size() == 1);
  CHECK(v3->audit[0] == st::AuditEntry{"2026-12-03T10:03:00Z", "tester", "set timeout 3s on service `reviews`",
                                       "policy `slow_reviews` fired for `reviews` with p99(latency) = 0.75 at "
                                       "2026-12-03T10:00:00Z (priority 1)"});
  CHECK(v3->files[0].first == "vs.yaml");
  CHECK(v3->files[0].second.find("    timeout: 3s\n") != std::string::npos);
  auto missing = store->Get(9);
  REQUIRE_FALSE(missing);
  CHECK(missing.error().code == "S0403");
}

TEST_CASE("rollback restores a version byte for byte as a new version with an audit entry") {
  auto store = Open(FreshStore("rollback"));
  CommitTimeout(*store, 1, "2026-12-03T10:00:00Z");
  CommitTimeout(*store, 4, "2026-12-03T10:01:00Z");
  auto back = st::Rollback(*store, 1, "oncall", "timeouts too long", "2026-12-03T10:05:00Z");
  REQUIRE(back);
  CHECK(back->created);
  CHECK(back->info.id == 3);
  CHECK(back->info.parent == 2);
  auto v1 = store->Get(1);
  auto v3 = store->Get(3);
  REQUIRE(v1);
  REQUIRE(v3);
  CHECK(v3->info.hash == v1->info.hash);
  CHECK(v3->manifests == v1->manifests);
  CHECK(v3->files == v1->files);  // rendered text, byte for byte
  CHECK(v3->info.kind == "rollback");
  CHECK(v3->patch.dump() == R"([{"op":"replace","path":"/0/documents/0/spec/http/0/timeout","value":"1s"}])");
  REQUIRE(v3->audit.size() == 1);
  CHECK(v3->audit[0] == st::AuditEntry{"2026-12-03T10:05:00Z", "oncall", "rollback to version 1", "timeouts too long"});
  auto again = st::Rollback(*store, 1, "oncall", "", "2026-12-03T10:06:00Z");
  REQUIRE(again);
  CHECK_FALSE(again->created);
}

TEST_CASE("two writers from the same parent: one commits, the other gets a conflict") {
  std::string path = FreshStore("conflict");
  auto a = Open(path);
  auto b = Open(path);
  CommitTimeout(*a, 0, "2026-12-03T10:00:00Z");
  auto result_a = st::Stitch(Base(), {Timeout(2, "a")});
  auto result_b = st::Stitch(Base(), {Timeout(7, "b")});
  REQUIRE(result_a);
  REQUIRE(result_b);
  auto first = st::CommitStitch(*a, 1, *result_a, {Timeout(2, "a")}, "a", "2026-12-03T10:01:00Z");
  auto second = st::CommitStitch(*b, 1, *result_b, {Timeout(7, "b")}, "b", "2026-12-03T10:01:00Z");
  REQUIRE(first);
  REQUIRE_FALSE(second);
  CHECK(second.error().Render() == path + ": error[S0402]: the store moved on: this change was based on version 1 "
                                          "but the head is now version 2; stitch again on top of the new head");
  auto history = b->History();
  REQUIRE(history);
  CHECK(history->size() == 2);
}

TEST_CASE("two threads committing at once never both win") {
  std::string path = FreshStore("threads");
  Open(path);  // create the schema
  auto result_a = st::Stitch(Base(), {Timeout(2, "a")});
  auto result_b = st::Stitch(Base(), {Timeout(7, "b")});
  REQUIRE(result_a);
  REQUIRE(result_b);
  std::atomic<int> ok{0}, conflicts{0}, other{0};
  auto writer = [&](const st::StitchResult& r, const std::string& who) {
    auto s = st::OpenSqliteStore(path);
    if (!s) {
      ++other;
      return;
    }
    auto c = st::CommitStitch(**s, std::nullopt, r, {}, who, "2026-12-03T10:00:00Z");
    if (c) ++ok;
    else if (c.error().code == "S0402") ++conflicts;
    else ++other;
  };
  std::thread t1(writer, std::cref(*result_a), "a");
  std::thread t2(writer, std::cref(*result_b), "b");
  t1.join();
  t2.join();
  CHECK(ok == 1);
  CHECK(conflicts == 1);
  CHECK(other == 0);
  auto history = Open(path)->History();
  REQUIRE(history);
  CHECK(history->size() == 1);
}

TEST_CASE("a writer killed in the middle of a commit leaves the last complete version") {
  std::string path = FreshStore("killed");
  {
    auto store = Open(path);
    CommitTimeout(*store, 1, "2026-12-03T10:00:00Z");
  }
  int ready[2];
  REQUIRE(::pipe(ready) == 0);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(ready[0]);
    st::SqliteStoreOptions options;
    options.before_commit = [&] {
      // The version's rows are written but not committed: tell the parent, then wait to die.
      char byte = 'x';
      (void)::write(ready[1], &byte, 1);
      for (;;) ::pause();
    };
    auto store = st::OpenSqliteStore(path, options);
    if (store) {
      auto result = st::Stitch(Base(), {Timeout(9, "doomed")});
      if (result) (void)st::CommitStitch(**store, 1, *result, {}, "child", "2026-12-03T10:09:00Z");
    }
    ::_exit(3);
  }
  ::close(ready[1]);
  char byte = 0;
  REQUIRE(::read(ready[0], &byte, 1) == 1);
  CHECK(byte == 'x');
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));
  ::close(ready[0]);

  auto store = Open(path);
  auto head = store->Head();
  REQUIRE(head);
  CHECK(*head == 1);
  auto v1 = store->Get(1);
  REQUIRE(v1);  // its content still matches its hash
  CHECK(v1->files[0].second.find("timeout: 1s") != std::string::npos);
  // The store keeps working after the crash.
  CHECK(CommitTimeout(*store, 5, "2026-12-03T10:10:00Z").info.id == 2);
}

TEST_CASE("content that no longer matches its hash is reported as corrupt") {
  std::string path = FreshStore("corrupt");
  {
    auto store = Open(path);
    CommitTimeout(*store, 1, "2026-12-03T10:00:00Z");
  }
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  REQUIRE(sqlite3_exec(db, "UPDATE versions SET manifests = replace(manifests, '\"1s\"', '\"9s\"')", nullptr, nullptr,
                       nullptr) == SQLITE_OK);
  sqlite3_close(db);
  auto store = Open(path);
  auto v = store->Get(1);
  REQUIRE_FALSE(v);
  CHECK(v.error().Render() == path + ": error[S0404]: version 1 does not match its content hash");
}
