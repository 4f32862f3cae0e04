#include "runtime/frame/Frame.h"

#include <cmath>

namespace stitch::frame {

size_t Frame::AddEntity(Entity entity) {
  if (auto it = rows_by_id_.find(entity.id); it != rows_by_id_.end()) {
    entities_[it->second].tags.merge(entity.tags);
    return it->second;
  }
  const size_t row = entities_.size();
  rows_by_id_.emplace(entity.id, row);
  entities_.push_back(std::move(entity));
  const size_t words = (entities_.size() + 63) / 64;
  for (size_t col = 0; col < keys_.size(); ++col) {
    values_[col].push_back(0.0);
    validity_[col].resize(words, 0);
  }
  return row;
}

std::optional<size_t> Frame::FindEntity(const EntityId& id) const {
  auto it = rows_by_id_.find(id);
  if (it == rows_by_id_.end()) return std::nullopt;
  return it->second;
}

size_t Frame::AddColumn(std::string key) {
  if (auto it = columns_by_key_.find(key); it != columns_by_key_.end()) return it->second;
  const size_t col = keys_.size();
  columns_by_key_.emplace(key, col);
  keys_.push_back(std::move(key));
  values_.emplace_back(entities_.size(), 0.0);
  validity_.emplace_back((entities_.size() + 63) / 64, 0);
  return col;
}

std::optional<size_t> Frame::ColumnIndex(std::string_view key) const {
  auto it = columns_by_key_.find(key);
  if (it == columns_by_key_.end()) return std::nullopt;
  return it->second;
}

void Frame::Set(size_t row, size_t col, double value) {
  if (!std::isfinite(value)) {
    SetMissing(row, col);
    return;
  }
  values_[col][row] = value;
  validity_[col][row / 64] |= uint64_t{1} << (row % 64);
}

void Frame::SetMissing(size_t row, size_t col) {
  values_[col][row] = 0.0;
  validity_[col][row / 64] &= ~(uint64_t{1} << (row % 64));
}

std::optional<double> Frame::Get(size_t row, size_t col) const {
  if (!Valid(row, col)) return std::nullopt;
  return values_[col][row];
}

std::optional<double> Frame::Get(size_t row, std::string_view key) const {
  auto col = ColumnIndex(key);
  if (!col) return std::nullopt;
  return Get(row, *col);
}

void Frame::AddFlag(size_t row, std::string key, std::string message) {
  flags_.push_back({row, std::move(key), std::move(message)});
}

}  // namespace stitch::frame
