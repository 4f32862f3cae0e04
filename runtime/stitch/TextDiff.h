// A line diff in unified format, for `stitch diff`.
#pragma once

#include <string>

namespace stitch::stitch {

// The unified diff (3 lines of context) from `before` to `after`, headed by `---`/`+++` lines
// naming them; "" when the texts are equal. With `color`, ANSI colours mark removed (red),
// added (green) and hunk (cyan) lines. Pure.
std::string UnifiedDiff(const std::string& before, const std::string& after, const std::string& before_name,
                        const std::string& after_name, bool color);

}  // namespace stitch::stitch
