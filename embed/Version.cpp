// The library version, from the project version at build time.
#include "stitch/Version.h"

namespace stitch {

const char* LibraryVersion() { return STITCH_LIBRARY_VERSION; }

}  // namespace stitch
