// `file://` URIs and paths. Other schemes (`untitled:`) keep their text as the path, which is
// only used to tell the `.policy` form from YAML and to name the file in messages.
#pragma once

#include <string>

namespace stitch::lsp {

// "file:///a/b%20c.policy" → "/a/b c.policy".
std::string UriToPath(const std::string& uri);
// "/a/b c.policy" → "file:///a/b%20c.policy".
std::string PathToUri(const std::string& path);

}  // namespace stitch::lsp
