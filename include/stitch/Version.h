// The library's version.
#pragma once

#include "stitch/Export.h"

namespace stitch {

// "MAJOR.MINOR.PATCH" of the loaded libstitch (stitch_version() in the C ABI). Thread-safe;
// the string is static.
STITCH_API const char* LibraryVersion();

}  // namespace stitch
