// The export macro of libstitch: only declarations marked STITCH_API are visible outside the
// shared library (it is built with -fvisibility=hidden).
#pragma once

#if defined(STITCH_BUILDING_LIBRARY)
#define STITCH_API __attribute__((visibility("default")))
#else
#define STITCH_API
#endif
