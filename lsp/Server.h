// The language server without the protocol: open documents with their versions, edits in byte
// offsets, and a re-check through the compiler's front-end after each change. Features read a
// `Document`; the JSON-RPC layer (LanguageServer) converts positions at its edge. Not
// thread-safe; pointers to documents stay valid until that document is changed or closed.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/Compile.h"
#include "compiler/check/ManifestNames.h"

namespace stitch::lsp {

struct Document {
  std::string uri;
  std::string path;  // from the URI; `.yaml`/`.yml` selects the YAML form
  int64_t version = 0;
  SourceFilePtr source;  // the current text
  CheckedFile checked;   // the AST, also when syntax errors kept the checker from running
  std::vector<stitch::Diagnostic> diagnostics;  // sorted, exactly what `stitch check` reports

  // True when the AST's offsets are offsets of this text (the `.policy` form); features other
  // than diagnostics and formatting need it.
  bool policy_form() const { return checked.ast.source == source; }
};

// A replacement of `range` (bytes of the text at that moment; none: the whole text).
struct ByteEdit {
  std::optional<SourceRange> range;
  std::string text;
};

class Server {
 public:
  // Reads the manifest names of the workspace under `root` (see Workspace.h).
  void SetWorkspaceRoot(std::string root);
  void RescanManifests();
  const std::string& workspace_root() const { return root_; }
  const check::ManifestNames& manifests() const { return manifests_; }

  // Opens (or reopens) a document and checks it.
  const Document& Open(const std::string& uri, std::string text, int64_t version);
  // Applies one edit without re-checking; false when the document is not open. Ranges are
  // clamped to the text.
  bool Edit(const std::string& uri, const ByteEdit& edit);
  // Records the version and re-checks; null when the document is not open.
  const Document* Update(const std::string& uri, int64_t version);
  // Applies edits in order (each against the text the previous one left), then re-checks.
  const Document* Change(const std::string& uri, int64_t version, const std::vector<ByteEdit>& edits);
  bool Close(const std::string& uri);

  const Document* Find(const std::string& uri) const;
  std::vector<const Document*> Documents() const;  // ordered by URI

 private:
  static void Recheck(Document& document);

  std::string root_;
  check::ManifestNames manifests_;
  std::map<std::string, Document> documents_;
};

}  // namespace stitch::lsp
