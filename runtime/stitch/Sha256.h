// SHA-256 (FIPS 180-4), for content hashes of versions.
#pragma once

#include <string>
#include <string_view>

namespace stitch::stitch {

// Lowercase hex SHA-256 of the bytes of `data`. Pure.
std::string Sha256Hex(std::string_view data);

}  // namespace stitch::stitch
