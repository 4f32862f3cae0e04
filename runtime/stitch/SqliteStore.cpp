#include "SqliteStore.h"

#include <sqlite3.h>

#include "Errors.h"

namespace stitch::stitch {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS versions (
  id        INTEGER PRIMARY KEY,
  parent    INTEGER REFERENCES versions(id),
  hash      TEXT NOT NULL,
  created   TEXT NOT NULL,
  kind      TEXT NOT NULL,
  actions   TEXT NOT NULL,
  patch     TEXT NOT NULL,
  manifests TEXT NOT NULL,
  files     TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  version INTEGER NOT NULL REFERENCES versions(id),
  time    TEXT NOT NULL,
  who     TEXT NOT NULL,
  what    TEXT NOT NULL,
  why     TEXT NOT NULL
);
)sql";

// A prepared statement that finalizes itself.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) { rc_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr); }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool ok() const { return rc_ == SQLITE_OK; }
  sqlite3_stmt* get() { return stmt_; }
  void Bind(int i, const std::string& s) { sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT); }
  void Bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void BindNull(int i) { sqlite3_bind_null(stmt_, i); }
  int Step() { return sqlite3_step(stmt_); }
  std::string Text(int col) {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : "";
  }
  std::int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

 private:
  sqlite3_stmt* stmt_ = nullptr;
  int rc_ = SQLITE_ERROR;
};

class SqliteStore final : public VersionStore {
 public:
  SqliteStore(sqlite3* db, std::string path, SqliteStoreOptions options)
      : db_(db), path_(std::move(path)), options_(std::move(options)) {}
  ~SqliteStore() override { sqlite3_close(db_); }

  Result<std::optional<VersionId>> Head() override {
    Stmt s(db_, "SELECT MAX(id) FROM versions");
    if (!s.ok() || s.Step() != SQLITE_ROW) return Fail("cannot read the head version");
    if (s.IsNull(0)) return std::optional<VersionId>{};
    return std::optional<VersionId>{s.Int(0)};
  }

  Result<std::vector<VersionInfo>> History() override {
    Stmt s(db_, "SELECT id, parent, hash, created, kind, actions FROM versions ORDER BY id");
    if (!s.ok()) return Fail("cannot read the history");
    std::vector<VersionInfo> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.push_back(Info(s));
    if (rc != SQLITE_DONE) return Fail("cannot read the history");
    return out;
  }

  Result<Version> Get(VersionId id) override {
    Stmt s(db_, "SELECT id, parent, hash, created, kind, actions, patch, manifests, files FROM versions WHERE id = ?");
    if (!s.ok()) return Fail("cannot read version " + std::to_string(id));
    s.Bind(1, id);
    int rc = s.Step();
    if (rc == SQLITE_DONE) return Error{codes::kUnknownVersion, "no version " + std::to_string(id) + " in the store", path_};
    if (rc != SQLITE_ROW) return Fail("cannot read version " + std::to_string(id));
    Version v;
    v.info = Info(s);
    try {
      v.actions = Json::parse(s.Text(5));
      v.patch = Json::parse(s.Text(6));
      v.manifests = Json::parse(s.Text(7));
      Json files = Json::parse(s.Text(8));
      for (const Json& f : files) v.files.push_back({f.at("path").get<std::string>(), f.at("text").get<std::string>()});
    } catch (const nlohmann::json::exception& e) {
      return Error{codes::kStoreCorrupt, "version " + std::to_string(id) + " has unreadable content: " + e.what(), path_};
    }
    if (ContentHash(v.manifests) != v.info.hash) {
      return Error{codes::kStoreCorrupt, "version " + std::to_string(id) + " does not match its content hash", path_};
    }
    Stmt a(db_, "SELECT time, who, what, why FROM audit WHERE version = ? ORDER BY id");
    if (!a.ok()) return Fail("cannot read the audit of version " + std::to_string(id));
    a.Bind(1, id);
    while ((rc = a.Step()) == SQLITE_ROW) v.audit.push_back({a.Text(0), a.Text(1), a.Text(2), a.Text(3)});
    if (rc != SQLITE_DONE) return Fail("cannot read the audit of version " + std::to_string(id));
    return v;
  }

  Result<CommitResult> Commit(const NewVersion& v) override {
    if (Exec("BEGIN IMMEDIATE") != SQLITE_OK) return Fail("cannot start a commit");
    auto result = CommitLocked(v);
    if (!result) {
      Exec("ROLLBACK");
      return result;
    }
    if (!result->created) {
      Exec("ROLLBACK");
      return result;
    }
    if (options_.before_commit) options_.before_commit();
    if (Exec("COMMIT") != SQLITE_OK) {
      Exec("ROLLBACK");
      return Fail("cannot commit the new version");
    }
    return result;
  }

  action::Status Init() {
    if (Exec("PRAGMA journal_mode=WAL") != SQLITE_OK) return Fail("cannot switch to WAL mode (is this an SQLite file?)");
    Exec("PRAGMA synchronous=FULL");
    Exec("PRAGMA foreign_keys=ON");
    if (sqlite3_exec(db_, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK) return Fail("cannot create the store schema");
    Stmt check(db_, "SELECT id, parent, hash, created, kind, actions, patch, manifests, files FROM versions LIMIT 0");
    if (!check.ok()) return Fail("not a Stitch version store");
    return action::Ok{};
  }

 private:
  VersionInfo Info(Stmt& s) {
    VersionInfo info;
    info.id = s.Int(0);
    if (!s.IsNull(1)) info.parent = s.Int(1);
    info.hash = s.Text(2);
    info.time = s.Text(3);
    info.kind = s.Text(4);
    try {
      info.action_count = Json::parse(s.Text(5)).size();
    } catch (const nlohmann::json::exception&) {
      info.action_count = 0;
    }
    return info;
  }

  Result<CommitResult> CommitLocked(const NewVersion& v) {
    auto head = Head();
    if (!head) return head.error();
    if (*head != v.expected_parent) {
      auto name = [](std::optional<VersionId> id) { return id ? "version " + std::to_string(*id) : std::string("an empty store"); };
      return Error{codes::kStoreConflict,
                   "the store moved on: this change was based on " + name(v.expected_parent) + " but the head is now " +
                       name(*head) + "; stitch again on top of the new head",
                   path_};
    }
    std::string hash = ContentHash(v.manifests);
    if (*head) {
      Stmt s(db_, "SELECT id, parent, hash, created, kind, actions FROM versions WHERE id = ?");
      s.Bind(1, **head);
      if (!s.ok() || s.Step() != SQLITE_ROW) return Fail("cannot read the head version");
      VersionInfo info = Info(s);
      if (info.hash == hash) return CommitResult{info, false};
    }
    VersionInfo info;
    info.id = *head ? **head + 1 : 1;
    info.parent = *head;
    info.hash = hash;
    info.time = v.time;
    info.kind = v.kind;
    info.action_count = v.actions.size();
    Json files = Json::array();
    for (const auto& [path, text] : v.files) {
      Json f = Json::object();
      f["path"] = path;
      f["text"] = text;
      files.push_back(std::move(f));
    }
    Stmt ins(db_, "INSERT INTO versions (id, parent, hash, created, kind, actions, patch, manifests, files) "
                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!ins.ok()) return Fail("cannot prepare the new version");
    ins.Bind(1, info.id);
    if (info.parent) ins.Bind(2, *info.parent); else ins.BindNull(2);
    ins.Bind(3, hash);
    ins.Bind(4, v.time);
    ins.Bind(5, v.kind);
    ins.Bind(6, v.actions.dump());
    ins.Bind(7, v.patch.dump());
    ins.Bind(8, v.manifests.dump());
    ins.Bind(9, files.dump());
    if (ins.Step() != SQLITE_DONE) return Fail("cannot write the new version");
    for (const AuditEntry& e : v.audit) {
      Stmt a(db_, "INSERT INTO audit (version, time, who, what, why) VALUES (?, ?, ?, ?, ?)");
      a.Bind(1, info.id);
      a.Bind(2, e.time);
      a.Bind(3, e.who);
      a.Bind(4, e.what);
      a.Bind(5, e.why);
      if (!a.ok() || a.Step() != SQLITE_DONE) return Fail("cannot write the audit entries");
    }
    return CommitResult{info, true};
  }

  int Exec(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr); }

  Error Fail(const std::string& what) {
    return Error{codes::kStore, what + ": " + sqlite3_errmsg(db_), path_};
  }

  sqlite3* db_;
  std::string path_;
  SqliteStoreOptions options_;
};

}  // namespace

Result<std::unique_ptr<VersionStore>> OpenSqliteStore(const std::string& path, SqliteStoreOptions options) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error{codes::kStore, "cannot open the version store: " + message, path};
  }
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  auto store = std::make_unique<SqliteStore>(db, path, std::move(options));
  if (auto s = store->Init(); !s) return s.error();
  return std::unique_ptr<VersionStore>(std::move(store));
}

}  // namespace stitch::stitch
