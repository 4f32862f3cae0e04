// A manifest dialect (Envoy v3, Istio, App Mesh): recognises its documents, finds the
// services, routes, destinations and nodes in them, and applies actions by editing them.
// The stitcher turns each edit into an RFC 6902 patch (json::diff) and applies that.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "Manifest.h"
#include "action/Action.h"

namespace stitch::stitch {

// Guardrails and naming choices for stitching (language §11).
struct StitchOptions {
  int min_healthy_nodes = 1;     // never isolate below this many healthy endpoints
  double max_isolated = 1.0;     // share of a service's nodes that may be isolated at once
  double max_redirect = 1.0;     // cap on the combined share redirected away from a route
  std::string sds_certificate = "default";  // SDS secret of the workload certificate
  std::string sds_trust = "ROOTCA";         // SDS secret of the trusted CA bundle
};

// Identifies one document: manifest index and document index within it.
struct DocHandle {
  size_t file = 0;
  size_t doc = 0;
};

// The documents being stitched. Dialects edit them in place and may append documents.
class Workspace {
 public:
  explicit Workspace(std::vector<Manifest> manifests) : manifests_(std::move(manifests)) {}

  Json& Doc(DocHandle h) { return manifests_[h.file].documents[h.doc]; }
  const Json& Doc(DocHandle h) const { return manifests_[h.file].documents[h.doc]; }
  // Appends a new document to manifest `file`; returns its handle.
  DocHandle Append(size_t file, Json doc);
  // "path: /<doc>/<pointer>", the location of a place in a document for error messages.
  std::string Where(DocHandle h, const std::string& pointer) const;

  std::vector<Manifest>& manifests() { return manifests_; }
  const std::vector<Manifest>& manifests() const { return manifests_; }

 private:
  std::vector<Manifest> manifests_;
};

// One traffic move of a combined redirect: `share` of the traffic to `to`.
struct Move {
  action::Destination to;
  double share = 0;
};

// What the stitcher asks a dialect to apply: one action, or for redirects and shifts of the same
// target, their combined moves (the action is then the first of the group).
struct Step {
  const action::Action* action = nullptr;
  std::vector<Move> moves;
};

class Dialect {
 public:
  virtual ~Dialect() = default;
  // The name used in messages: "Envoy v3", "Istio", "App Mesh".
  virtual std::string_view Name() const = 0;
  // Whether this dialect reads `doc`.
  virtual bool Owns(const Json& doc) const = 0;
  // Applies `step` to the owned documents `docs`. Returns true when the target was found and
  // edited, false when the target is not in these documents, or an error (S03xx) when the
  // target is there but the action cannot be expressed or breaks a guardrail.
  virtual Result<bool> Apply(Workspace& ws, const std::vector<DocHandle>& docs, const Step& step,
                             const StitchOptions& options) const = 0;
};

// Every dialect, in a fixed order (Envoy v3, Istio, App Mesh). Lifetime: static.
const std::vector<const Dialect*>& AllDialects();

// The error "`<action>` cannot be expressed in <dialect>: <why>" (S0303).
Error Inexpressible(const action::Action& action, std::string_view dialect, const std::string& why,
                    const std::string& where);

}  // namespace stitch::stitch
