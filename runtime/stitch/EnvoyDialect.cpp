// Envoy v3: bootstrap static_resources, file-based xDS discovery responses (`resources`),
// bare resource lists, and CiliumEnvoyConfig wrappers; snake_case or camelCase.
#include <algorithm>
#include <cmath>

#include "Dialects.h"
#include "EnvoyConfig.h"
#include "Errors.h"
#include "JsonUtil.h"
#include "Weights.h"

namespace stitch::stitch {
namespace {

using namespace action;

constexpr std::string_view kName = "Envoy v3";
constexpr const char* kUpstreamTlsType =
    "type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.UpstreamTlsContext";

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

// The key actually present for field `snake` in `object`, or "".
std::string KeyOf(const Json& object, std::string_view snake) {
  if (!object.is_object()) return "";
  if (object.contains(std::string(snake))) return std::string(snake);
  std::string camel = CamelCase(snake);
  if (object.contains(camel)) return camel;
  return "";
}

struct Place {
  DocHandle doc;
  std::string ptr;
};

struct RouteRef {
  Place at;                 // the element of routes[]
  std::string routes_ptr;   // the routes array
  size_t index = 0;
  std::string vhost, config_name, name;
  std::vector<std::string> domains;
  std::string hcm_ptr;      // HCM config holding this route config inline, or ""
  bool legacy = false;

  std::string Id() const {
    if (!name.empty()) return name;
    return vhost + match_path;
  }
  std::string match_path;
};

struct ClusterRef {
  Place at;
  std::string name;
  bool legacy = false;
};

struct HcmRef {
  Place at;                 // the HCM config object (typed_config or legacy config)
  std::string rds_name;     // rds.route_config_name, when routes come from RDS
  bool legacy = false;
};

struct Inventory {
  std::vector<RouteRef> routes;
  std::vector<ClusterRef> clusters;
  std::vector<HcmRef> hcms;
};

bool EndsWith(const std::string& s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class Collector {
 public:
  Collector(const Json& doc, DocHandle handle, Inventory& inv) : doc_(doc), h_(handle), inv_(inv) {}

  void Run() {
    if (doc_.is_array()) {
      Resources(doc_, "");
      return;
    }
    if (!doc_.is_object()) return;
    if (std::string k = KeyOf(doc_, "static_resources"); !k.empty()) {
      const Json& sr = doc_[k];
      std::string p = Child("", k);
      if (std::string lk = KeyOf(sr, "listeners"); !lk.empty() && sr[lk].is_array()) {
        for (size_t i = 0; i < sr[lk].size(); ++i) Listener(sr[lk][i], Child(Child(p, lk), i));
      }
      if (std::string ck = KeyOf(sr, "clusters"); !ck.empty() && sr[ck].is_array()) {
        for (size_t i = 0; i < sr[ck].size(); ++i) Cluster(sr[ck][i], Child(Child(p, ck), i));
      }
    }
    if (doc_.contains("resources") && doc_["resources"].is_array()) Resources(doc_["resources"], "/resources");
    if (doc_.contains("spec") && doc_["spec"].is_object() && doc_["spec"].contains("resources") &&
        doc_["spec"]["resources"].is_array()) {
      Resources(doc_["spec"]["resources"], "/spec/resources");
    }
  }

 private:
  void Resources(const Json& list, const std::string& p) {
    for (size_t i = 0; i < list.size(); ++i) {
      const Json& r = list[i];
      if (!r.is_object()) continue;
      std::string type = r.value("@type", "");
      std::string rp = Child(p, i);
      if (EndsWith(type, ".Listener") || (type.empty() && Field(r, "filter_chains"))) {
        Listener(r, rp);
      } else if (EndsWith(type, ".RouteConfiguration") || (type.empty() && Field(r, "virtual_hosts"))) {
        RouteConfig(r, rp, "");
      } else if (EndsWith(type, ".Cluster") || (type.empty() && r.contains("name"))) {
        Cluster(r, rp);
      }
    }
  }

  void Listener(const Json& l, const std::string& p) {
    std::string fk = KeyOf(l, "filter_chains");
    if (fk.empty() || !l[fk].is_array()) return;
    for (size_t i = 0; i < l[fk].size(); ++i) {
      const Json& chain = l[fk][i];
      std::string cp = Child(Child(p, fk), i);
      if (!chain.is_object() || !chain.contains("filters")) continue;
      const Json& filters = chain["filters"];
      if (filters.is_array()) {
        for (size_t j = 0; j < filters.size(); ++j) Filter(filters[j], Child(Child(cp, "filters"), j));
      } else if (filters.is_object()) {
        Filter(filters, Child(cp, "filters"));
      }
    }
  }

  void Filter(const Json& f, const std::string& p) {
    if (!f.is_object() || Str(f, "name").find("http_connection_manager") == std::string::npos) return;
    std::string ck = KeyOf(f, "typed_config");
    bool legacy = false;
    if (ck.empty() && f.contains("config")) {
      ck = "config";
      legacy = true;
    }
    if (ck.empty() || !f[ck].is_object()) return;
    const Json& cfg = f[ck];
    std::string cp = Child(p, ck);
    HcmRef hcm{{h_, cp}, "", legacy};
    if (const Json* rds = Field(cfg, "rds")) hcm.rds_name = Str(*rds, "route_config_name");
    inv_.hcms.push_back(hcm);
    if (std::string rk = KeyOf(cfg, "route_config"); !rk.empty()) {
      RouteConfig(cfg[rk], Child(cp, rk), cp, legacy);
    }
  }

  void RouteConfig(const Json& rc, const std::string& p, const std::string& hcm, bool legacy = false) {
    std::string vk = KeyOf(rc, "virtual_hosts");
    if (vk.empty() || !rc[vk].is_array()) return;
    for (size_t i = 0; i < rc[vk].size(); ++i) {
      const Json& vh = rc[vk][i];
      std::string vp = Child(Child(p, vk), i);
      if (!vh.is_object() || !vh.contains("routes") || !vh["routes"].is_array()) continue;
      std::vector<std::string> domains;
      if (vh.contains("domains") && vh["domains"].is_array())
        for (const Json& d : vh["domains"])
          if (d.is_string()) domains.push_back(d.get<std::string>());
      for (size_t j = 0; j < vh["routes"].size(); ++j) {
        const Json& r = vh["routes"][j];
        RouteRef ref;
        ref.routes_ptr = Child(vp, "routes");
        ref.at = {h_, Child(ref.routes_ptr, j)};
        ref.index = j;
        ref.vhost = Str(vh, "name");
        ref.config_name = Str(rc, "name");
        ref.name = Str(r, "name");
        ref.domains = domains;
        ref.hcm_ptr = hcm;
        ref.legacy = legacy;
        if (const Json* m = Field(r, "match")) {
          for (const char* k : {"prefix", "path", "safe_regex"}) {
            if (const Json* v = Field(*m, k); v && v->is_string()) {
              ref.match_path = v->get<std::string>();
              break;
            }
          }
        }
        inv_.routes.push_back(ref);
      }
    }
  }

  void Cluster(const Json& c, const std::string& p) {
    if (!c.is_object()) return;
    inv_.clusters.push_back({{h_, p}, Str(c, "name"), c.contains("hosts")});
  }

  const Json& doc_;
  DocHandle h_;
  Inventory& inv_;
};

Inventory Collect(const Workspace& ws, const std::vector<DocHandle>& docs) {
  Inventory inv;
  for (DocHandle h : docs) Collector(ws.Doc(h), h, inv).Run();
  return inv;
}

// The RouteAction of a route entry (its `route` field), or nullptr.
const Json* RouteAction(const Json& route) {
  const Json* ra = Field(route, "route");
  return ra && ra->is_object() ? ra : nullptr;
}

std::vector<std::string> RouteClusters(const Json& route) {
  std::vector<std::string> out;
  const Json* ra = RouteAction(route);
  if (!ra) return out;
  if (std::string c = Str(*ra, "cluster"); !c.empty()) out.push_back(c);
  if (const Json* wc = Field(*ra, "weighted_clusters")) {
    if (const Json* list = Field(*wc, "clusters"); list && list->is_array())
      for (const Json& c : *list) out.push_back(Str(c, "name"));
  }
  return out;
}

std::vector<RouteRef> MatchRoutes(const Workspace& ws, const Inventory& inv, const Target& target) {
  std::vector<RouteRef> out;
  for (const RouteRef& r : inv.routes) {
    const Json& route = ws.Doc(r.at.doc)[Json::json_pointer(r.at.ptr)];
    bool match = false;
    if (target.kind == TargetKind::kRoute) {
      match = r.Id() == target.name || (!r.name.empty() && r.name == target.name) ||
              r.vhost + r.match_path == target.name;
    } else if (target.kind == TargetKind::kService) {
      auto clusters = RouteClusters(route);
      match = r.vhost == target.name || r.config_name == target.name ||
              std::find(r.domains.begin(), r.domains.end(), target.name) != r.domains.end() ||
              std::find(clusters.begin(), clusters.end(), target.name) != clusters.end();
    }
    if (match) out.push_back(r);
  }
  // Edit later routes first so that inserting a route keeps earlier pointers valid.
  std::sort(out.begin(), out.end(), [](const RouteRef& a, const RouteRef& b) {
    if (a.at.doc.file != b.at.doc.file) return a.at.doc.file > b.at.doc.file;
    if (a.at.doc.doc != b.at.doc.doc) return a.at.doc.doc > b.at.doc.doc;
    if (a.routes_ptr != b.routes_ptr) return a.routes_ptr > b.routes_ptr;
    return a.index > b.index;
  });
  return out;
}

bool ClusterExists(const Inventory& inv, const std::string& name) {
  return std::any_of(inv.clusters.begin(), inv.clusters.end(),
                     [&](const ClusterRef& c) { return c.name == name; });
}

class Envoy final : public Dialect {
 public:
  std::string_view Name() const override { return kName; }

  bool Owns(const Json& doc) const override {
    if (doc.is_object()) {
      if (Field(doc, "static_resources") || Field(doc, "dynamic_resources")) return true;
      std::string kind = doc.value("kind", "");
      if (kind == "CiliumEnvoyConfig" || kind == "CiliumClusterwideEnvoyConfig") return true;
      if (doc.contains("resources") && doc["resources"].is_array()) {
        for (const Json& r : doc["resources"])
          if (r.is_object() && r.value("@type", "").find("envoy.config.") != std::string::npos) return true;
      }
      return false;
    }
    if (!doc.is_array() || doc.empty()) return false;
    for (const Json& r : doc) {
      if (!r.is_object() || !r.contains("name")) return false;
      bool envoyish = Field(r, "connect_timeout") || Field(r, "load_assignment") ||
                      Field(r, "eds_cluster_config") || Field(r, "filter_chains") ||
                      Field(r, "virtual_hosts") || Field(r, "lb_policy");
      if (!envoyish) return false;
    }
    return true;
  }

  Result<bool> Apply(Workspace& ws, const std::vector<DocHandle>& docs, const Step& step,
                     const StitchOptions& options) const override {
    Inventory inv = Collect(ws, docs);
    const Action& a = *step.action;
    return std::visit(
        Overload{
            [&](const Redirect&) { return Split(ws, inv, a, step.moves); },
            [&](const Shift&) { return Split(ws, inv, a, step.moves); },
            [&](const Mirror& m) { return MirrorTo(ws, inv, a, m); },
            [&](const Isolate&) { return IsolateNode(ws, inv, a, options); },
            [&](const RateLimit& l) { return Limit(ws, inv, a, l); },
            [&](const RequireMtls& m) { return Mtls(ws, inv, a, m, options); },
            [&](const SetTimeout& t) {
              return EditRouteAction(ws, inv, a, [&](Json& ra, bool camel) {
                ra[Key(ra, "timeout", camel)] = DurationString(t.seconds);
              });
            },
            [&](const SetRetries& r) {
              return EditRouteAction(ws, inv, a, [&](Json& ra, bool camel) {
                std::string k = Key(ra, "retry_policy", camel);
                if (!ra.contains(k) || !ra[k].is_object()) ra[k] = Json::object();
                Json& policy = ra[k];
                policy[Key(policy, "retry_on", camel)] = r.on;
                policy[Key(policy, "num_retries", camel)] = r.attempts;
              });
            },
        },
        a.kind);
  }

 private:
  static Error Legacy(const Workspace& ws, const Place& at) {
    return Error{codes::kLegacyEnvoy,
                 "this is an Envoy v2 configuration (`config`/`hosts` fields); convert it to v3 "
                 "(`typed_config`, `load_assignment`) before stitching",
                 ws.Where(at.doc, at.ptr)};
  }

  // Checks that every move's destination is a known cluster (or declared / already routed).
  static action::Status CheckDestinations(const Workspace& ws, const Inventory& inv, const Action& a,
                                          const std::vector<Move>& moves,
                                          const std::vector<std::string>& routed, const Place& at) {
    for (const Move& m : moves) {
      if (m.to.kind == DestinationKind::kSubset) {
        return Error{codes::kDestination,
                     "Envoy v3 has no subsets: `" + std::string(KindName(a.kind)) +
                         "` to subset `" + m.to.name + "` must name a cluster",
                     ws.Where(at.doc, at.ptr)};
      }
      if (m.to.declared || ClusterExists(inv, m.to.name) ||
          std::find(routed.begin(), routed.end(), m.to.name) != routed.end())
        continue;
      return Error{codes::kDestination,
                   "cluster `" + m.to.name + "` does not exist in the loaded manifests (mark the "
                   "destination `declared` if it is defined elsewhere)",
                   ws.Where(at.doc, at.ptr)};
    }
    return action::Ok{};
  }

  static Result<bool> NotARouteAction(const Workspace& ws, const Action& a, const RouteRef& r) {
    return Inexpressible(a, kName,
                         "route `" + r.Id() + "` has no `route` action (it redirects or answers directly)",
                         ws.Where(r.at.doc, r.at.ptr));
  }

  Result<bool> Split(Workspace& ws, const Inventory& inv, const Action& a,
                     const std::vector<Move>& moves) const {
    auto routes = MatchRoutes(ws, inv, a.target);
    for (const RouteRef& r : routes) {
      if (r.legacy) return Legacy(ws, r.at);
      Json& doc = ws.Doc(r.at.doc);
      bool camel = UsesCamelCase(doc);
      Json& route = doc[Json::json_pointer(r.at.ptr)];
      Json* ra = Field(route, "route");
      if (!ra || !ra->is_object()) return NotARouteAction(ws, a, r);
      std::vector<Weighted> current;
      Json* wc = Field(*ra, "weighted_clusters");
      if (wc) {
        Json* list = Field(*wc, "clusters");
        if (!list || !list->is_array()) {
          return Error{codes::kWeights, "`weighted_clusters` has no `clusters` list", ws.Where(r.at.doc, r.at.ptr)};
        }
        for (const Json& c : *list) {
          const Json* w = Field(c, "weight");
          current.push_back({Str(c, "name"), w && w->is_number() ? w->get<double>() : 0});
        }
      } else if (std::string c = Str(*ra, "cluster"); !c.empty()) {
        current.push_back({c, 100});
      } else {
        return Inexpressible(a, kName,
                             "route `" + r.Id() + "` picks its cluster from a header or plugin; there is no cluster to split",
                             ws.Where(r.at.doc, r.at.ptr));
      }
      std::vector<std::string> routed;
      for (const Weighted& w : current) routed.push_back(w.key);
      if (auto s = CheckDestinations(ws, inv, a, moves, routed, r.at); !s) return s.error();
      std::vector<Weighted> wanted;
      for (const Move& m : moves) wanted.push_back({m.to.name, m.share});
      auto weights = Rebalance(current, wanted, ws.Where(r.at.doc, r.at.ptr));
      if (!weights) return weights.error();
      if (wc) {
        Json& list = *Field(*wc, "clusters");
        for (size_t i = 0; i < weights->size(); ++i) {
          const auto& [name, weight] = (*weights)[i];
          if (i < list.size()) {
            list[i][Key(list[i], "weight", camel)] = weight;
          } else {
            Json c = Json::object();
            c["name"] = name;
            c["weight"] = weight;
            list.push_back(std::move(c));
          }
        }
        if (Json* total = Field(*wc, "total_weight")) *total = 100;
      } else {
        Json list = Json::array();
        for (const auto& [name, weight] : *weights) {
          Json c = Json::object();
          c["name"] = name;
          c["weight"] = weight;
          list.push_back(std::move(c));
        }
        Json split = Json::object();
        split["clusters"] = std::move(list);
        ra->erase(KeyOf(*ra, "cluster"));
        (*ra)[camel ? "weightedClusters" : "weighted_clusters"] = std::move(split);
      }
    }
    return !routes.empty();
  }

  static Json Fraction(double share, bool camel) {
    double percent = share * 100;
    Json dv = Json::object();
    if (std::fabs(percent - std::round(percent)) < 1e-9) {
      dv["numerator"] = static_cast<std::int64_t>(std::llround(percent));
      dv["denominator"] = "HUNDRED";
    } else if (std::fabs(share * 1e4 - std::round(share * 1e4)) < 1e-9) {
      dv["numerator"] = static_cast<std::int64_t>(std::llround(share * 1e4));
      dv["denominator"] = "TEN_THOUSAND";
    } else {
      dv["numerator"] = static_cast<std::int64_t>(std::llround(share * 1e6));
      dv["denominator"] = "MILLION";
    }
    Json f = Json::object();
    f[camel ? "defaultValue" : "default_value"] = dv;
    return f;
  }

  Result<bool> MirrorTo(Workspace& ws, const Inventory& inv, const Action& a, const Mirror& m) const {
    auto routes = MatchRoutes(ws, inv, a.target);
    for (const RouteRef& r : routes) {
      if (r.legacy) return Legacy(ws, r.at);
      Json& doc = ws.Doc(r.at.doc);
      bool camel = UsesCamelCase(doc);
      Json* ra = Field(doc[Json::json_pointer(r.at.ptr)], "route");
      if (!ra || !ra->is_object()) return NotARouteAction(ws, a, r);
      if (auto s = CheckDestinations(ws, inv, a, {Move{m.to, m.share}}, {}, r.at); !s) return s.error();
      std::string k = Key(*ra, "request_mirror_policies", camel);
      if (!ra->contains(k) || !(*ra)[k].is_array()) (*ra)[k] = Json::array();
      Json& policies = (*ra)[k];
      Json* existing = nullptr;
      for (Json& p : policies)
        if (Str(p, "cluster") == m.to.name) existing = &p;
      if (!existing) {
        Json p = Json::object();
        p["cluster"] = m.to.name;
        policies.push_back(std::move(p));
        existing = &policies.back();
      }
      (*existing)[Key(*existing, "runtime_fraction", camel)] = Fraction(m.share, camel);
    }
    return !routes.empty();
  }

  static std::string HealthStatus(const Json& lb_endpoint) { return Str(lb_endpoint, "health_status"); }

  static bool Healthy(const Json& lb_endpoint) {
    std::string s = HealthStatus(lb_endpoint);
    return s != "UNHEALTHY" && s != "DRAINING" && s != "TIMEOUT";
  }

  static bool NodeMatches(const Json& lb_endpoint, const std::string& name) {
    const Json* ep = Field(lb_endpoint, "endpoint");
    if (!ep) return false;
    if (Str(*ep, "hostname") == name) return true;
    const Json* addr = Field(*ep, "address");
    const Json* sa = addr ? Field(*addr, "socket_address") : nullptr;
    if (!sa) return false;
    std::string host = Str(*sa, "address");
    const Json* port = Field(*sa, "port_value");
    std::string hp = host + ":" + (port ? (port->is_string() ? port->get<std::string>() : port->dump()) : "");
    return host == name || hp == name;
  }

  Result<bool> IsolateNode(Workspace& ws, const Inventory& inv, const Action& a,
                           const StitchOptions& options) const {
    bool found = false;
    for (const ClusterRef& c : inv.clusters) {
      if (!a.target.service.empty() && c.name != a.target.service) continue;
      Json& doc = ws.Doc(c.at.doc);
      bool camel = UsesCamelCase(doc);
      Json& cluster = doc[Json::json_pointer(c.at.ptr)];
      if (c.legacy) {
        if (cluster["hosts"].is_array()) {
          for (const Json& host : cluster["hosts"]) {
            Json lb = Json::object();
            lb["endpoint"] = Json::object();
            lb["endpoint"]["address"] = host;
            if (NodeMatches(lb, a.target.name)) return Legacy(ws, c.at);
          }
        }
        continue;
      }
      Json* la = Field(cluster, "load_assignment");
      Json* eps = la ? Field(*la, "endpoints") : nullptr;
      if (!eps || !eps->is_array()) continue;
      int total = 0, healthy = 0;
      std::vector<Json*> targets;
      for (Json& locality : *eps) {
        Json* lbs = Field(locality, "lb_endpoints");
        if (!lbs || !lbs->is_array()) continue;
        for (Json& lb : *lbs) {
          ++total;
          if (Healthy(lb)) ++healthy;
          if (NodeMatches(lb, a.target.name)) targets.push_back(&lb);
        }
      }
      if (targets.empty()) continue;
      found = true;
      int newly = 0;
      for (Json* lb : targets)
        if (Healthy(*lb)) ++newly;
      int remaining = healthy - newly;
      std::string where = ws.Where(c.at.doc, c.at.ptr);
      if (newly > 0 && remaining < std::max(options.min_healthy_nodes, 1)) {
        return Error{codes::kIsolationGuard,
                     "isolating `" + a.target.name + "` would leave cluster `" + c.name + "` with " +
                         std::to_string(remaining) + " healthy endpoint(s) (minimum " +
                         std::to_string(std::max(options.min_healthy_nodes, 1)) + ")",
                     where};
      }
      if (newly > 0 && static_cast<double>(total - remaining) / total > options.max_isolated + 1e-12) {
        return Error{codes::kIsolationGuard,
                     "isolating `" + a.target.name + "` would isolate " + std::to_string(total - remaining) +
                         " of " + std::to_string(total) + " endpoints of cluster `" + c.name +
                         "`, above the max_isolated guard",
                     where};
      }
      for (Json* lb : targets) (*lb)[Key(*lb, "health_status", camel)] = "UNHEALTHY";
    }
    return found;
  }

  // Puts the local_ratelimit filter in the HCM's http_filters (before the router) if absent.
  static void EnsureRateLimitFilter(Json& hcm, bool camel) {
    std::string k = Key(hcm, "http_filters", camel);
    if (!hcm.contains(k) || !hcm[k].is_array()) hcm[k] = Json::array();
    Json& filters = hcm[k];
    for (const Json& f : filters)
      if (Str(f, "name") == kRateLimitFilter) return;
    Json tc = Json::object();
    tc["@type"] = kRateLimitType;
    tc[camel ? "statPrefix" : "stat_prefix"] = "http_local_rate_limiter";
    Json filter = Json::object();
    filter["name"] = kRateLimitFilter;
    filter[camel ? "typedConfig" : "typed_config"] = std::move(tc);
    size_t at = filters.size();
    for (size_t i = 0; i < filters.size(); ++i) {
      std::string n = Str(filters[i], "name");
      if (n == "envoy.filters.http.router" || n == "envoy.router") {
        at = i;
        break;
      }
    }
    filters.insert(filters.begin() + static_cast<std::ptrdiff_t>(at), std::move(filter));
  }

  Result<bool> Limit(Workspace& ws, const Inventory& inv, const Action& a, const RateLimit& l) const {
    auto routes = MatchRoutes(ws, inv, a.target);
    for (const RouteRef& r : routes) {
      if (r.legacy) return Legacy(ws, r.at);
      // The HCM serving this route configuration: inline, or by RDS name anywhere.
      const HcmRef* hcm = nullptr;
      for (const HcmRef& h : inv.hcms) {
        if ((!r.hcm_ptr.empty() && h.at.doc.file == r.at.doc.file && h.at.doc.doc == r.at.doc.doc &&
             h.at.ptr == r.hcm_ptr) ||
            (r.hcm_ptr.empty() && !h.rds_name.empty() && h.rds_name == r.config_name)) {
          hcm = &h;
          break;
        }
      }
      if (!hcm) {
        return Inexpressible(a, kName,
                             "no HTTP connection manager in the loaded manifests serves route configuration `" +
                                 r.config_name + "`, so the local_ratelimit filter cannot be added",
                             ws.Where(r.at.doc, r.at.ptr));
      }
      if (hcm->legacy) return Legacy(ws, hcm->at);
      Json& route_doc = ws.Doc(r.at.doc);
      bool camel = UsesCamelCase(route_doc);
      Json per_route = LocalRateLimitConfig(l, camel);

      Json& routes_array = route_doc[Json::json_pointer(r.routes_ptr)];
      if (l.header) {
        Json copy = routes_array[r.index];
        if (copy.contains("name") && copy["name"].is_string())
          copy["name"] = copy["name"].get<std::string>() + "-ratelimit-" + l.header->name;
        std::string mk = Key(copy, "match", camel);
        if (!copy.contains(mk) || !copy[mk].is_object()) copy[mk] = Json::object();
        Json& match = copy[mk];
        if (!match.contains("headers") || !match["headers"].is_array()) match["headers"] = Json::array();
        Json header = Json::object();
        header["name"] = l.header->name;
        if (l.header->value) {
          Json sm = Json::object();
          sm["exact"] = *l.header->value;
          header[camel ? "stringMatch" : "string_match"] = std::move(sm);
        } else {
          header[camel ? "presentMatch" : "present_match"] = true;
        }
        match["headers"].push_back(std::move(header));
        std::string pk = Key(copy, "typed_per_filter_config", camel);
        if (!copy.contains(pk) || !copy[pk].is_object()) copy[pk] = Json::object();
        copy[pk][kRateLimitFilter] = per_route;
        routes_array.insert(routes_array.begin() + static_cast<std::ptrdiff_t>(r.index), std::move(copy));
      } else {
        Json& route = routes_array[r.index];
        std::string pk = Key(route, "typed_per_filter_config", camel);
        if (!route.contains(pk) || !route[pk].is_object()) route[pk] = Json::object();
        route[pk][kRateLimitFilter] = per_route;
      }
      Json& hcm_doc = ws.Doc(hcm->at.doc);
      EnsureRateLimitFilter(hcm_doc[Json::json_pointer(hcm->at.ptr)], UsesCamelCase(hcm_doc));
    }
    return !routes.empty();
  }

  Result<bool> Mtls(Workspace& ws, const Inventory& inv, const Action& a, const RequireMtls& m,
                    const StitchOptions& options) const {
    if (a.target.kind != TargetKind::kService) return false;  // Envoy has no namespaces
    std::vector<const ClusterRef*> clusters;
    for (const ClusterRef& c : inv.clusters)
      if (c.name == a.target.name) clusters.push_back(&c);
    if (clusters.empty()) {
      for (const RouteRef& r : MatchRoutes(ws, inv, a.target)) {
        for (const std::string& name : RouteClusters(ws.Doc(r.at.doc)[Json::json_pointer(r.at.ptr)]))
          for (const ClusterRef& c : inv.clusters)
            if (c.name == name && std::find(clusters.begin(), clusters.end(), &c) == clusters.end())
              clusters.push_back(&c);
      }
    }
    if (clusters.empty()) return false;
    if (m.mode == MtlsMode::kPermissive) {
      return Inexpressible(a, kName,
                           "permissive mTLS needs a server-side listener with a TLS and a plaintext "
                           "filter chain; Stitch only sets client-side (strict) TLS on clusters",
                           ws.Where(clusters[0]->at.doc, clusters[0]->at.ptr));
    }
    for (const ClusterRef* c : clusters) {
      if (c->legacy) return Legacy(ws, c->at);
      Json& doc = ws.Doc(c->at.doc);
      bool camel = UsesCamelCase(doc);
      Json& cluster = doc[Json::json_pointer(c->at.ptr)];
      std::string tk = Key(cluster, "transport_socket", camel);
      if (!cluster.contains(tk) || !cluster[tk].is_object()) {
        Json ts = Json::object();
        ts["name"] = "envoy.transport_sockets.tls";
        Json tc = Json::object();
        tc["@type"] = kUpstreamTlsType;
        ts[camel ? "typedConfig" : "typed_config"] = std::move(tc);
        cluster[tk] = std::move(ts);
      }
      Json& ts = cluster[tk];
      std::string ck = Key(ts, "typed_config", camel);
      if (!ts.contains(ck) || !ts[ck].is_object() ||
          ts[ck].value("@type", "").find("UpstreamTlsContext") == std::string::npos) {
        return Inexpressible(a, kName,
                             "cluster `" + c->name + "` already has a non-TLS transport socket",
                             ws.Where(c->at.doc, c->at.ptr));
      }
      Json& tls = ts[ck];
      std::string cck = Key(tls, "common_tls_context", camel);
      if (!tls.contains(cck) || !tls[cck].is_object()) tls[cck] = Json::object();
      Json& common = tls[cck];
      if (!Field(common, "tls_certificates") && !Field(common, "tls_certificate_sds_secret_configs")) {
        Json secret = Json::object();
        secret["name"] = options.sds_certificate;
        common[camel ? "tlsCertificateSdsSecretConfigs" : "tls_certificate_sds_secret_configs"] = Json::array({secret});
      }
      if (!Field(common, "validation_context") && !Field(common, "validation_context_sds_secret_config") &&
          !Field(common, "combined_validation_context")) {
        Json secret = Json::object();
        secret["name"] = options.sds_trust;
        common[camel ? "validationContextSdsSecretConfig" : "validation_context_sds_secret_config"] = secret;
      }
    }
    return true;
  }

  template <class Edit>
  Result<bool> EditRouteAction(Workspace& ws, const Inventory& inv, const Action& a, Edit edit) const {
    auto routes = MatchRoutes(ws, inv, a.target);
    for (const RouteRef& r : routes) {
      if (r.legacy) return Legacy(ws, r.at);
      Json& doc = ws.Doc(r.at.doc);
      Json* ra = Field(doc[Json::json_pointer(r.at.ptr)], "route");
      if (!ra || !ra->is_object()) return NotARouteAction(ws, a, r);
      edit(*ra, UsesCamelCase(doc));
    }
    return !routes.empty();
  }
};

}  // namespace

const Dialect& EnvoyDialect() {
  static const Envoy dialect;
  return dialect;
}

}  // namespace stitch::stitch
