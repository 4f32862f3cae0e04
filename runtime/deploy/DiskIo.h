// Durable file-system steps the backends are built from: whole-file reads, fsynced writes,
// renames, directory exchange and symlink swaps. Every failure is a D0401 (write) or D0402
// (read) error naming the path and the system's reason. Stateless; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "Target.h"

namespace stitch::deploy::disk {

// The file's bytes, or nullopt when it does not exist.
Result<std::optional<std::string>> ReadIfExists(const std::string& path);

// Creates or truncates `path`, writes `content` and fsyncs it.
Status WriteDurably(const std::string& path, const std::string& content);

// rename(2): atomically replaces `to` (a file, or a symlink itself) with `from`.
Status Rename(const std::string& from, const std::string& to);

// fsync(2) of a directory, so that renames in it survive a crash.
Status SyncDir(const std::string& dir);

// Atomically exchanges two existing paths (renameat2 RENAME_EXCHANGE; both on one file system).
Status Exchange(const std::string& a, const std::string& b);

// Creates `dir` and its parents when missing.
Status EnsureDir(const std::string& dir);

// Removes a file or a directory tree; a missing path is not an error.
Status RemoveAll(const std::string& path);

// Points symlink `link` at `value` atomically: a symlink made under a temporary name in the
// same directory is renamed over `link`.
Status SwapSymlink(const std::string& link, const std::string& value);

// The value of symlink `path`, or nullopt when `path` does not exist or is not a symlink.
std::optional<std::string> ReadSymlink(const std::string& path);

// Whether `path` exists (without following a final symlink).
bool Exists(const std::string& path);
bool IsDirectory(const std::string& path);

// Names of the entries of `dir` (sorted); empty when it cannot be listed.
std::vector<std::string> List(const std::string& dir);

// "<dir>/<name>" without doubling a trailing slash.
std::string Join(const std::string& dir, const std::string& name);

// A name unique to this process for temporary files: "<base>.<pid>.stitch-tmp".
std::string TempName(const std::string& base);

}  // namespace stitch::deploy::disk
