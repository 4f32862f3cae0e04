// AWS App Mesh: Route, VirtualRouter, VirtualNode and VirtualService, both as `aws appmesh`
// JSON specs (`routeName` + `spec`) and as Kubernetes CRDs (appmesh.k8s.aws).
#include <algorithm>
#include <cmath>
#include <set>

#include "Dialects.h"
#include "Errors.h"
#include "JsonUtil.h"
#include "Weights.h"

namespace stitch::stitch {
namespace {

using namespace action;

constexpr std::string_view kName = "App Mesh";
constexpr const char* kRouteKinds[] = {"httpRoute", "http2Route", "grpcRoute", "tcpRoute"};

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

bool IsCrd(const Json& doc) {
  return doc.is_object() && doc.value("apiVersion", "").rfind("appmesh.k8s.aws/", 0) == 0;
}
std::string CrdKind(const Json& doc) { return IsCrd(doc) ? doc.value("kind", "") : ""; }
std::string Meta(const Json& doc, const char* key) {
  return doc.contains("metadata") && doc["metadata"].is_object() ? Str(doc["metadata"], key) : "";
}

// One route: a JSON Route document, or one entry of a CRD VirtualRouter's spec.routes.
struct RouteRef {
  DocHandle doc;
  std::string ptr;   // the protocol object (…/httpRoute)
  std::string kind;  // httpRoute, http2Route, grpcRoute, tcpRoute
  std::string name, router;
  bool crd = false;
  std::string Id() const { return router.empty() ? name : router + "/" + name; }
};

struct NodeRef {
  DocHandle doc;
  std::string name, ns;
};

struct Inventory {
  std::vector<RouteRef> routes;
  std::vector<NodeRef> nodes;
  // service name → router name, and service name → node name (virtualNode providers)
  std::vector<std::pair<std::string, std::string>> service_routers, service_nodes;
};

void AddRoutes(const Json& holder, const std::string& p, DocHandle h, const std::string& name,
               const std::string& router, bool crd, Inventory& inv) {
  for (const char* kind : kRouteKinds) {
    if (holder.contains(kind) && holder[kind].is_object()) {
      inv.routes.push_back({h, Child(p, kind), kind, name, router, crd});
      return;
    }
  }
}

Inventory Collect(const Workspace& ws, const std::vector<DocHandle>& docs) {
  Inventory inv;
  for (DocHandle h : docs) {
    const Json& doc = ws.Doc(h);
    const Json& spec = doc.contains("spec") && doc["spec"].is_object() ? doc["spec"] : Json::object();
    if (IsCrd(doc)) {
      std::string kind = CrdKind(doc), name = Meta(doc, "name");
      if (kind == "VirtualRouter" && spec.contains("routes") && spec["routes"].is_array()) {
        for (size_t i = 0; i < spec["routes"].size(); ++i)
          AddRoutes(spec["routes"][i], "/spec/routes/" + std::to_string(i), h, Str(spec["routes"][i], "name"), name, true, inv);
      } else if (kind == "VirtualNode") {
        inv.nodes.push_back({h, name, Meta(doc, "namespace")});
      } else if (kind == "VirtualService") {
        const Json* provider = Field(spec, "provider");
        if (provider && provider->contains("virtualRouter")) {
          std::string router = Str((*provider)["virtualRouter"].value("virtualRouterRef", Json::object()), "name");
          inv.service_routers.push_back({name, router});
          if (std::string aws = Str(spec, "awsName"); !aws.empty()) inv.service_routers.push_back({aws, router});
        } else if (provider && provider->contains("virtualNode")) {
          std::string node = Str((*provider)["virtualNode"].value("virtualNodeRef", Json::object()), "name");
          inv.service_nodes.push_back({name, node});
        }
      }
      continue;
    }
    if (doc.contains("routeName")) {
      AddRoutes(spec, "/spec", h, Str(doc, "routeName"), Str(doc, "virtualRouterName"), false, inv);
    } else if (doc.contains("virtualNodeName")) {
      inv.nodes.push_back({h, Str(doc, "virtualNodeName"), ""});
    } else if (doc.contains("virtualServiceName")) {
      const Json* provider = Field(spec, "provider");
      std::string name = Str(doc, "virtualServiceName");
      if (provider && provider->contains("virtualRouter"))
        inv.service_routers.push_back({name, Str((*provider)["virtualRouter"], "virtualRouterName")});
      else if (provider && provider->contains("virtualNode"))
        inv.service_nodes.push_back({name, Str((*provider)["virtualNode"], "virtualNodeName")});
    }
  }
  return inv;
}

// The virtual node a weighted target names (JSON `virtualNode`, CRD `virtualNodeRef.name`).
std::string TargetNode(const Json& target) {
  if (std::string n = Str(target, "virtualNode"); !n.empty()) return n;
  if (target.contains("virtualNodeRef") && target["virtualNodeRef"].is_object())
    return Str(target["virtualNodeRef"], "name");
  return Str(target, "virtualNodeARN");
}

class AppMesh final : public Dialect {
 public:
  std::string_view Name() const override { return kName; }

  bool Owns(const Json& doc) const override {
    if (!doc.is_object()) return false;
    if (IsCrd(doc)) return true;
    for (const char* k : {"routeName", "virtualNodeName", "virtualRouterName", "virtualServiceName"})
      if (doc.contains(k)) return true;
    // A bare `{"spec": {"listeners": ...}}` as `aws appmesh create-virtual-router --cli-input-json`.
    if (doc.size() == 1 && doc.contains("spec") && doc["spec"].is_object()) {
      for (const char* k : {"listeners", "httpRoute", "http2Route", "grpcRoute", "tcpRoute", "backends", "provider"})
        if (doc["spec"].contains(k)) return true;
    }
    return false;
  }

  Result<bool> Apply(Workspace& ws, const std::vector<DocHandle>& docs, const Step& step,
                     const StitchOptions& options) const override {
    Inventory inv = Collect(ws, docs);
    const Action& a = *step.action;
    return std::visit(
        Overload{
            [&](const Redirect&) { return Split(ws, inv, a, step.moves); },
            [&](const Shift&) { return Split(ws, inv, a, step.moves); },
            [&](const Mirror&) {
              return NotSupported(ws, inv, a, "App Mesh routes cannot mirror traffic");
            },
            [&](const RateLimit&) {
              return NotSupported(ws, inv, a, "App Mesh has no rate limits");
            },
            [&](const Isolate&) { return IsolateNode(ws, inv, a); },
            [&](const RequireMtls& m) { return Mtls(ws, inv, a, m, options); },
            [&](const SetTimeout& t) { return Timeout(ws, inv, a, t); },
            [&](const SetRetries& r) { return Retries(ws, inv, a, r); },
        },
        a.kind);
  }

 private:
  static std::vector<RouteRef> MatchRoutes(const Inventory& inv, const Target& target) {
    std::set<std::string> routers;
    if (target.kind == TargetKind::kService) {
      routers.insert(target.name);
      for (const auto& [service, router] : inv.service_routers)
        if (service == target.name) routers.insert(router);
    }
    std::vector<RouteRef> out;
    for (const RouteRef& r : inv.routes) {
      bool match = target.kind == TargetKind::kRoute ? (r.name == target.name || r.Id() == target.name)
                                                      : routers.count(r.router) > 0;
      if (match) out.push_back(r);
    }
    return out;
  }

  Result<bool> NotSupported(const Workspace& ws, const Inventory& inv, const Action& a, const std::string& why) const {
    auto routes = MatchRoutes(inv, a.target);
    if (routes.empty()) return false;
    return Inexpressible(a, kName, why, ws.Where(routes[0].doc, routes[0].ptr));
  }

  static Json* Targets(Json& proto) {
    if (!proto.contains("action") || !proto["action"].is_object()) return nullptr;
    Json& action = proto["action"];
    if (!action.contains("weightedTargets") || !action["weightedTargets"].is_array()) return nullptr;
    return &action["weightedTargets"];
  }

  static bool NodeKnown(const Inventory& inv, const std::string& name) {
    return std::any_of(inv.nodes.begin(), inv.nodes.end(), [&](const NodeRef& n) { return n.name == name; });
  }

  static std::vector<Weighted> Current(const Json& targets) {
    std::vector<Weighted> out;
    for (const Json& t : targets)
      out.push_back({TargetNode(t), t.contains("weight") && t["weight"].is_number() ? t["weight"].get<double>() : 0});
    return out;
  }

  static void WriteWeights(Json& targets, const std::vector<std::pair<std::string, std::int64_t>>& weights, bool crd) {
    for (size_t i = 0; i < weights.size(); ++i) {
      if (i < targets.size()) {
        targets[i]["weight"] = weights[i].second;
        continue;
      }
      Json t = Json::object();
      if (crd) {
        t["virtualNodeRef"] = Json::object();
        t["virtualNodeRef"]["name"] = weights[i].first;
      } else {
        t["virtualNode"] = weights[i].first;
      }
      t["weight"] = weights[i].second;
      targets.push_back(std::move(t));
    }
  }

  Result<bool> Split(Workspace& ws, const Inventory& inv, const Action& a, const std::vector<Move>& moves) const {
    auto routes = MatchRoutes(inv, a.target);
    if (routes.empty() && a.target.kind == TargetKind::kService) {
      for (const auto& [service, node] : inv.service_nodes) {
        if (service != a.target.name) continue;
        return Inexpressible(a, kName,
                             "virtual service `" + service + "` is provided by the single virtual node `" + node +
                                 "`; give it a VirtualRouter with a route to split traffic",
                             "");
      }
    }
    for (const RouteRef& r : routes) {
      std::string where = ws.Where(r.doc, r.ptr);
      Json& proto = ws.Doc(r.doc)[Json::json_pointer(r.ptr)];
      Json* targets = Targets(proto);
      if (!targets) return Error{codes::kNoDestination, "route `" + r.Id() + "` has no `action.weightedTargets`", where};
      std::vector<Weighted> current = Current(*targets);
      std::vector<Weighted> wanted;
      for (const Move& m : moves) {
        if (m.to.kind == DestinationKind::kSubset) {
          return Error{codes::kDestination,
                       "App Mesh has no subsets: `" + m.to.name + "` must name a virtual node", where};
        }
        bool routed = std::any_of(current.begin(), current.end(), [&](const Weighted& w) { return w.key == m.to.name; });
        if (!routed && !m.to.declared && !NodeKnown(inv, m.to.name)) {
          return Error{codes::kDestination,
                       "virtual node `" + m.to.name + "` does not exist in the loaded manifests (mark the "
                       "destination `declared` if it is defined elsewhere)",
                       where};
        }
        wanted.push_back({m.to.name, m.share});
      }
      auto weights = Rebalance(current, wanted, where);
      if (!weights) return weights.error();
      WriteWeights(*targets, *weights, r.crd);
    }
    return !routes.empty();
  }

  Result<bool> IsolateNode(Workspace& ws, const Inventory& inv, const Action& a) const {
    bool found = NodeKnown(inv, a.target.name);
    std::vector<RouteRef> routes = inv.routes;
    if (!a.target.service.empty()) routes = MatchRoutes(inv, Target{TargetKind::kService, a.target.service, ""});
    for (const RouteRef& r : routes) {
      std::string where = ws.Where(r.doc, r.ptr);
      Json& proto = ws.Doc(r.doc)[Json::json_pointer(r.ptr)];
      Json* targets = Targets(proto);
      if (!targets) continue;
      std::vector<Weighted> current = Current(*targets);
      if (std::none_of(current.begin(), current.end(), [&](const Weighted& w) { return w.key == a.target.name; }))
        continue;
      found = true;
      auto weights = Drain(current, a.target.name, where);
      if (!weights) return weights.error();
      WriteWeights(*targets, *weights, r.crd);
    }
    return found;
  }

  Result<bool> Timeout(Workspace& ws, const Inventory& inv, const Action& a, const SetTimeout& t) const {
    auto routes = MatchRoutes(inv, a.target);
    for (const RouteRef& r : routes) {
      if (r.kind == "tcpRoute") {
        return Inexpressible(a, kName, "a tcpRoute has only an idle timeout, not a per-request one",
                             ws.Where(r.doc, r.ptr));
      }
      Json& proto = ws.Doc(r.doc)[Json::json_pointer(r.ptr)];
      if (!proto.contains("timeout") || !proto["timeout"].is_object()) proto["timeout"] = Json::object();
      Json per = Json::object();
      per["unit"] = "ms";
      per["value"] = static_cast<std::int64_t>(std::llround(t.seconds * 1000));
      proto["timeout"]["perRequest"] = per;
    }
    return !routes.empty();
  }

  Result<bool> Retries(Workspace& ws, const Inventory& inv, const Action& a, const SetRetries& s) const {
    auto routes = MatchRoutes(inv, a.target);
    for (const RouteRef& r : routes) {
      std::string where = ws.Where(r.doc, r.ptr);
      if (r.kind == "tcpRoute") return Inexpressible(a, kName, "a tcpRoute has no retry policy", where);
      std::vector<std::string> http_events, tcp_events, grpc_events;
      size_t start = 0;
      while (start <= s.on.size()) {
        size_t comma = s.on.find(',', start);
        std::string token = s.on.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        token.erase(0, token.find_first_not_of(' '));
        token.erase(token.find_last_not_of(' ') + 1);
        if (token == "5xx") http_events.push_back("server-error");
        else if (token == "gateway-error") http_events.push_back("gateway-error");
        else if (token == "retriable-4xx") http_events.push_back("client-error");
        else if (token == "reset" || token == "connect-failure") tcp_events.push_back("connection-error");
        else if (r.kind == "grpcRoute" && (token == "cancelled" || token == "deadline-exceeded" ||
                                           token == "internal" || token == "resource-exhausted" ||
                                           token == "unavailable"))
          grpc_events.push_back(token);
        else
          return Inexpressible(a, kName, "retry condition `" + token + "` has no App Mesh retry event", where);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      Json& proto = ws.Doc(r.doc)[Json::json_pointer(r.ptr)];
      if (!proto.contains("retryPolicy") || !proto["retryPolicy"].is_object()) proto["retryPolicy"] = Json::object();
      Json& policy = proto["retryPolicy"];
      policy["maxRetries"] = s.attempts;
      if (!policy.contains("perRetryTimeout")) {
        // Required by App Mesh: the route's own per-request timeout, else its 15 s default.
        Json per = Json::object();
        per["unit"] = "ms";
        per["value"] = 15000;
        if (proto.contains("timeout") && proto["timeout"].contains("perRequest")) per = proto["timeout"]["perRequest"];
        policy["perRetryTimeout"] = per;
      }
      auto set_events = [&](const char* key, const std::vector<std::string>& events) {
        if (events.empty()) {
          policy.erase(key);
        } else {
          policy[key] = events;
        }
      };
      set_events("httpRetryEvents", http_events);
      set_events("tcpRetryEvents", tcp_events);
      if (r.kind == "grpcRoute") set_events("grpcRetryEvents", grpc_events);
    }
    return !routes.empty();
  }

  Result<bool> Mtls(Workspace& ws, const Inventory& inv, const Action& a, const RequireMtls& m,
                    const StitchOptions& options) const {
    std::set<std::string> names;
    if (a.target.kind == TargetKind::kService) {
      names.insert(a.target.name);
      for (const auto& [service, node] : inv.service_nodes)
        if (service == a.target.name) names.insert(node);
      for (const RouteRef& r : MatchRoutes(inv, a.target)) {
        Json& proto = ws.Doc(r.doc)[Json::json_pointer(r.ptr)];
        if (Json* targets = Targets(proto))
          for (const Json& t : *targets) names.insert(TargetNode(t));
      }
    }
    std::string mode = m.mode == MtlsMode::kStrict ? "STRICT" : "PERMISSIVE";
    bool found = false;
    for (const NodeRef& n : inv.nodes) {
      bool match = a.target.kind == TargetKind::kNamespace ? n.ns == a.target.name : names.count(n.name) > 0;
      if (!match) continue;
      found = true;
      Json& doc = ws.Doc(n.doc);
      if (!doc.contains("spec") || !doc["spec"].is_object()) doc["spec"] = Json::object();
      Json& spec = doc["spec"];
      if (!spec.contains("listeners") || !spec["listeners"].is_array() || spec["listeners"].empty()) {
        return Inexpressible(a, kName, "virtual node `" + n.name + "` has no listener to secure", ws.Where(n.doc, "/spec"));
      }
      for (Json& listener : spec["listeners"]) {
        if (!listener.contains("tls") || !listener["tls"].is_object()) {
          Json tls = Json::object();
          tls["mode"] = mode;
          tls["certificate"] = Json::object();
          tls["certificate"]["sds"] = Json::object();
          tls["certificate"]["sds"]["secretName"] = options.sds_certificate;
          listener["tls"] = std::move(tls);
        } else {
          listener["tls"]["mode"] = mode;
        }
      }
      if (m.mode != MtlsMode::kStrict) continue;
      if (!spec.contains("backendDefaults") || !spec["backendDefaults"].is_object()) spec["backendDefaults"] = Json::object();
      Json& defaults = spec["backendDefaults"];
      if (!defaults.contains("clientPolicy") || !defaults["clientPolicy"].is_object()) defaults["clientPolicy"] = Json::object();
      Json& client = defaults["clientPolicy"];
      if (!client.contains("tls") || !client["tls"].is_object()) {
        Json tls = Json::object();
        tls["enforce"] = true;
        tls["validation"] = Json::object();
        tls["validation"]["trust"] = Json::object();
        tls["validation"]["trust"]["sds"] = Json::object();
        tls["validation"]["trust"]["sds"]["secretName"] = options.sds_trust;
        client["tls"] = std::move(tls);
      } else {
        client["tls"]["enforce"] = true;
      }
    }
    return found;
  }
};

}  // namespace

const Dialect& AppMeshDialect() {
  static const AppMesh dialect;
  return dialect;
}

}  // namespace stitch::stitch
