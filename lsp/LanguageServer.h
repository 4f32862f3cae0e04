// The JSON-RPC 2.0 side of the language server: it validates messages, dispatches LSP methods
// to the Server and the feature files, converts positions between UTF-16 and bytes, and answers
// every problem with the proper JSON-RPC error. No exception escapes; the server keeps running
// after malformed input until `exit` (or the end of input).
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "lsp/Protocol.h"
#include "lsp/Server.h"
#include "lsp/Transport.h"

namespace stitch::lsp {

struct LanguageServerOptions {
  std::string version;  // reported as serverInfo.version
};

class LanguageServer {
 public:
  using Sink = std::function<void(const Json& message)>;  // receives every outgoing message

  LanguageServer(Sink send, LanguageServerOptions options = {});

  // Handles one message body (a request, a notification or a client's response).
  void HandleMessage(std::string_view body);
  // Answers a message whose header could not be read (ParseError, id null).
  void HandleBadHeader();

  bool exit_requested() const { return exit_requested_; }
  // The process exit code the spec asks for: 0 after `shutdown` then `exit`, else 1.
  int exit_code() const { return state_ == State::kShutDown ? 0 : 1; }

  Server& server() { return server_; }

 private:
  enum class State { kUninitialized, kRunning, kShutDown };
  struct Error {
    ErrorCode code;
    std::string message;
  };
  struct Reply {
    Json result;
    std::optional<Error> error;
    static Reply Fail(ErrorCode code, std::string message) { return {Json(), Error{code, std::move(message)}}; }
  };

  void Dispatch(const Json& message);
  Reply HandleRequest(const std::string& method, const Json& params);
  void HandleNotification(const std::string& method, const Json& params);

  Reply Initialize(const Json& params);
  Reply Hover(const Json& params);
  Reply Completion(const Json& params);
  Reply Definition(const Json& params);
  Reply References(const Json& params);
  Reply DocumentSymbols(const Json& params);
  Reply Formatting(const Json& params);
  Reply SemanticTokens(const Json& params);
  Reply CodeActions(const Json& params);

  void DidOpen(const Json& params);
  void DidChange(const Json& params);
  void DidClose(const Json& params);
  void DidSave(const Json& params);

  // The open document named by a request, or an InvalidParams reply.
  const Document* Require(const std::string& uri, Reply& reply) const;
  void PublishDiagnostics(const Document& document);
  void Log(int type, const std::string& message);
  void SendError(const Json& id, ErrorCode code, const std::string& message);

  Sink send_;
  LanguageServerOptions options_;
  Server server_;
  State state_ = State::kUninitialized;
  bool exit_requested_ = false;
  bool snippet_support_ = false;
};

// Serves LSP over `transport` until `exit` or the end of input; returns the exit code.
int RunLanguageServer(Transport& transport, LanguageServerOptions options = {});

}  // namespace stitch::lsp
