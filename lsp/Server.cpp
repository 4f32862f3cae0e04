#include "lsp/Server.h"

#include <algorithm>

#include "lsp/Uri.h"
#include "lsp/Workspace.h"

namespace stitch::lsp {

void Server::SetWorkspaceRoot(std::string root) {
  root_ = std::move(root);
  RescanManifests();
}

void Server::RescanManifests() { manifests_ = ScanManifests(root_); }

void Server::Recheck(Document& document) {
  Diagnostics diagnostics;
  // A fresh SourceFile: the AST and diagnostics of the previous text stay self-consistent
  // until they are replaced here.
  document.checked = CheckSource(document.source, diagnostics);
  diagnostics.Sort();
  document.diagnostics = diagnostics.all();
}

const Document& Server::Open(const std::string& uri, std::string text, int64_t version) {
  Document& document = documents_[uri];
  document.uri = uri;
  document.path = UriToPath(uri);
  document.version = version;
  document.source = std::make_shared<SourceFile>(document.path, std::move(text));
  Recheck(document);
  return document;
}

bool Server::Edit(const std::string& uri, const ByteEdit& edit) {
  auto it = documents_.find(uri);
  if (it == documents_.end()) return false;
  Document& document = it->second;
  if (!edit.range) {
    document.source = std::make_shared<SourceFile>(document.path, edit.text);
    return true;
  }
  const std::string& old_text = document.source->text();
  size_t begin = std::min<size_t>(edit.range->begin, old_text.size());
  size_t end = std::clamp<size_t>(edit.range->end, begin, old_text.size());
  std::string text;
  text.reserve(old_text.size() - (end - begin) + edit.text.size());
  text.append(old_text, 0, begin).append(edit.text).append(old_text, end, std::string::npos);
  document.source = std::make_shared<SourceFile>(document.path, std::move(text));
  return true;
}

const Document* Server::Update(const std::string& uri, int64_t version) {
  auto it = documents_.find(uri);
  if (it == documents_.end()) return nullptr;
  it->second.version = version;
  Recheck(it->second);
  return &it->second;
}

const Document* Server::Change(const std::string& uri, int64_t version,
                               const std::vector<ByteEdit>& edits) {
  for (const ByteEdit& edit : edits) {
    if (!Edit(uri, edit)) return nullptr;
  }
  return Update(uri, version);
}

bool Server::Close(const std::string& uri) { return documents_.erase(uri) > 0; }

const Document* Server::Find(const std::string& uri) const {
  auto it = documents_.find(uri);
  return it == documents_.end() ? nullptr : &it->second;
}

std::vector<const Document*> Server::Documents() const {
  std::vector<const Document*> out;
  for (const auto& [uri, document] : documents_) out.push_back(&document);
  return out;
}

}  // namespace stitch::lsp
