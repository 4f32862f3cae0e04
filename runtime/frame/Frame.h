// The columnar telemetry frame: one row per entity, one column of doubles per metric key, a
// validity bitmap per column. Compiled predicates read it through a FrameView (FrameView.h).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "runtime/frame/Entity.h"

namespace stitch::frame {

// A note attached to a frame cell by ingestion, e.g. a quantile taken from the +Inf bucket or
// a stale sample. `row` is the row index (kWholeFrame for the frame), `key` the column key
// ("" for the whole row).
struct FrameFlag {
  static constexpr size_t kWholeFrame = static_cast<size_t>(-1);
  size_t row;
  std::string key;
  std::string message;
};

// Values are in base units: seconds, ratio 0..1, per second, bytes, bytes per second.
// Bit (row % 64) of word (row / 64) of a column's validity is set when the value is present; a
// missing value is stored as 0.0, never NaN. Not thread-safe; pointers returned by Values() and
// Validity() are invalidated by AddEntity() and AddColumn().
class Frame {
 public:
  int64_t time_ms = 0;  // the instant the frame describes, ms since the Unix epoch
  bool stale = false;   // the source failed after this frame was built; it is the last known

  // Appends a row (every column missing) and returns its index. An entity already present is
  // not added twice: its existing row index is returned and its tags are merged.
  size_t AddEntity(Entity entity);
  std::optional<size_t> FindEntity(const EntityId& id) const;
  const Entity& GetEntity(size_t row) const { return entities_[row]; }
  Entity& MutableEntity(size_t row) { return entities_[row]; }
  size_t rows() const { return entities_.size(); }

  // Adds a column (all rows missing) and returns its index; an existing key returns its index.
  size_t AddColumn(std::string key);
  std::optional<size_t> ColumnIndex(std::string_view key) const;
  const std::string& ColumnKey(size_t col) const { return keys_[col]; }
  size_t columns() const { return keys_.size(); }

  // Stores a present value; a NaN or infinite value is stored as missing instead.
  void Set(size_t row, size_t col, double value);
  void SetMissing(size_t row, size_t col);
  bool Valid(size_t row, size_t col) const {
    return (validity_[col][row / 64] >> (row % 64)) & 1u;
  }
  // The stored value: 0.0 when missing.
  double Value(size_t row, size_t col) const { return values_[col][row]; }
  // The value when present.
  std::optional<double> Get(size_t row, size_t col) const;
  std::optional<double> Get(size_t row, std::string_view key) const;

  const double* Values(size_t col) const { return values_[col].data(); }
  const uint64_t* Validity(size_t col) const { return validity_[col].data(); }

  void AddFlag(size_t row, std::string key, std::string message);
  const std::vector<FrameFlag>& flags() const { return flags_; }

 private:
  struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };

  std::vector<Entity> entities_;
  std::unordered_map<EntityId, size_t, EntityIdHash> rows_by_id_;
  std::vector<std::string> keys_;
  std::unordered_map<std::string, size_t, StringHash, std::equal_to<>> columns_by_key_;
  std::vector<std::vector<double>> values_;
  std::vector<std::vector<uint64_t>> validity_;
  std::vector<FrameFlag> flags_;
};

}  // namespace stitch::frame
