// The embedded default version store: one SQLite database in WAL mode.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "Store.h"

namespace stitch::stitch {

struct SqliteStoreOptions {
  int busy_timeout_ms = 10000;  // how long a writer waits for another writer's lock
  // Test seam: called inside a commit after its rows are written and before COMMIT.
  std::function<void()> before_commit;
};

// Opens (creating if needed) the store at `path`. S0401 when it cannot be opened or is not a
// Stitch store.
Result<std::unique_ptr<VersionStore>> OpenSqliteStore(const std::string& path, SqliteStoreOptions options = {});

}  // namespace stitch::stitch
