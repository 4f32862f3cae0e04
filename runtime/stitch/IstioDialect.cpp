// Istio: VirtualService, DestinationRule, PeerAuthentication and EnvoyFilter documents
// (networking.istio.io / security.istio.io, any version).
#include <algorithm>

#include "Dialects.h"
#include "EnvoyConfig.h"
#include "Errors.h"
#include "JsonUtil.h"
#include "Weights.h"

namespace stitch::stitch {
namespace {

using namespace action;

constexpr std::string_view kName = "Istio";

template <class... F>
struct Overload : F... {
  using F::operator()...;
};
template <class... F>
Overload(F...) -> Overload<F...>;

bool StartsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// Short and qualified names of one host match: `reviews` ~ `reviews.default.svc.cluster.local`.
bool HostMatch(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return false;
  return a == b || StartsWith(a, b + ".") || StartsWith(b, a + ".");
}

std::string Kind(const Json& doc) { return doc.is_object() ? doc.value("kind", "") : ""; }
std::string MetaName(const Json& doc) {
  return doc.contains("metadata") && doc["metadata"].is_object() ? Str(doc["metadata"], "name") : "";
}
std::string Namespace(const Json& doc) {
  return doc.contains("metadata") && doc["metadata"].is_object() ? Str(doc["metadata"], "namespace") : "";
}
const Json& Spec(const Json& doc) {
  static const Json empty = Json::object();
  return doc.contains("spec") && doc["spec"].is_object() ? doc["spec"] : empty;
}

std::string Where(const Workspace& ws, DocHandle h, const std::string& p) { return ws.Where(h, p); }

// One `http[]` entry of a VirtualService.
struct HttpRef {
  DocHandle doc;
  size_t index = 0;
  std::string id;  // "<vs>/<http name or index>"
  std::string Ptr() const { return "/spec/http/" + std::to_string(index); }
};

struct ResolvedDest {
  std::string host, subset;
  std::string Key() const { return host + "|" + subset; }
};

class Istio final : public Dialect {
 public:
  std::string_view Name() const override { return kName; }

  bool Owns(const Json& doc) const override {
    if (!doc.is_object()) return false;
    std::string api = doc.value("apiVersion", "");
    return StartsWith(api, "networking.istio.io/") || StartsWith(api, "security.istio.io/");
  }

  Result<bool> Apply(Workspace& ws, const std::vector<DocHandle>& docs, const Step& step,
                     const StitchOptions&) const override {
    const Action& a = *step.action;
    return std::visit(
        Overload{
            [&](const Redirect&) { return Split(ws, docs, a, step.moves); },
            [&](const Shift&) { return Split(ws, docs, a, step.moves); },
            [&](const Mirror& m) { return MirrorTo(ws, docs, a, m); },
            [&](const Isolate&) { return IsolateNode(ws, docs, a); },
            [&](const RateLimit& l) { return Limit(ws, docs, a, l); },
            [&](const RequireMtls& m) { return Mtls(ws, docs, a, m); },
            [&](const SetTimeout& t) {
              return EditHttp(ws, docs, a, [&](Json& http) { http["timeout"] = DurationString(t.seconds); });
            },
            [&](const SetRetries& r) {
              return EditHttp(ws, docs, a, [&](Json& http) {
                if (!http.contains("retries") || !http["retries"].is_object()) http["retries"] = Json::object();
                http["retries"]["attempts"] = r.attempts;
                http["retries"]["retryOn"] = r.on;
              });
            },
        },
        a.kind);
  }

 private:
  static std::vector<HttpRef> MatchHttp(const Workspace& ws, const std::vector<DocHandle>& docs,
                                        const Target& target) {
    std::vector<HttpRef> out;
    for (DocHandle h : docs) {
      const Json& doc = ws.Doc(h);
      if (Kind(doc) != "VirtualService") continue;
      const Json& spec = Spec(doc);
      if (!spec.contains("http") || !spec["http"].is_array()) continue;
      bool host_match = false;
      if (spec.contains("hosts") && spec["hosts"].is_array())
        for (const Json& host : spec["hosts"])
          if (host.is_string() && HostMatch(host.get<std::string>(), target.name)) host_match = true;
      for (size_t i = 0; i < spec["http"].size(); ++i) {
        const Json& http = spec["http"][i];
        std::string label = http.contains("name") && http["name"].is_string() ? http["name"].get<std::string>()
                                                                               : std::to_string(i);
        HttpRef ref{h, i, MetaName(doc) + "/" + label};
        bool match = false;
        if (target.kind == TargetKind::kRoute) {
          match = ref.id == target.name || label == target.name;
        } else if (target.kind == TargetKind::kService) {
          match = host_match;
          if (http.contains("route") && http["route"].is_array())
            for (const Json& r : http["route"])
              if (r.contains("destination") && HostMatch(Str(r["destination"], "host"), target.name)) match = true;
        }
        if (match) out.push_back(ref);
      }
    }
    return out;
  }

  // Subsets of the DestinationRule(s) for `host`.
  static std::vector<std::string> Subsets(const Workspace& ws, const std::vector<DocHandle>& docs,
                                          const std::string& host) {
    std::vector<std::string> out;
    for (DocHandle h : docs) {
      const Json& doc = ws.Doc(h);
      if (Kind(doc) != "DestinationRule" || !HostMatch(Str(Spec(doc), "host"), host)) continue;
      const Json& spec = Spec(doc);
      if (spec.contains("subsets") && spec["subsets"].is_array())
        for (const Json& s : spec["subsets"]) out.push_back(Str(s, "name"));
    }
    return out;
  }

  static bool HostKnown(const Workspace& ws, const std::vector<DocHandle>& docs, const std::string& host) {
    for (DocHandle h : docs) {
      const Json& doc = ws.Doc(h);
      const Json& spec = Spec(doc);
      if (HostMatch(Str(spec, "host"), host)) return true;
      if (spec.contains("hosts") && spec["hosts"].is_array())
        for (const Json& x : spec["hosts"])
          if (x.is_string() && HostMatch(x.get<std::string>(), host)) return true;
      if (Kind(doc) == "VirtualService" && spec.contains("http") && spec["http"].is_array())
        for (const Json& http : spec["http"])
          if (http.contains("route") && http["route"].is_array())
            for (const Json& r : http["route"])
              if (r.contains("destination") && HostMatch(Str(r["destination"], "host"), host)) return true;
    }
    return false;
  }

  // Resolves a destination relative to the route's own host (`primary`).
  static Result<ResolvedDest> Resolve(const Workspace& ws, const std::vector<DocHandle>& docs,
                                      const std::string& primary, const Destination& d,
                                      const std::string& where) {
    auto subsets = Subsets(ws, docs, primary);
    bool is_subset = std::find(subsets.begin(), subsets.end(), d.name) != subsets.end();
    bool is_host = HostKnown(ws, docs, d.name);
    switch (d.kind) {
      case DestinationKind::kSubset:
        if (is_subset || d.declared) return ResolvedDest{primary, d.name};
        return Error{codes::kDestination,
                     "subset `" + d.name + "` is not defined by a DestinationRule for host `" + primary + "`",
                     where};
      case DestinationKind::kHost:
        if (is_host || d.declared) return ResolvedDest{d.name, ""};
        return Error{codes::kDestination, "host `" + d.name + "` is not known in the loaded manifests", where};
      case DestinationKind::kAny:
        if (is_subset && is_host) {
          return Error{codes::kDestination,
                       "`" + d.name + "` is both a subset of `" + primary +
                           "` and a host; say `to subset` or `to host`",
                       where};
        }
        if (is_subset) return ResolvedDest{primary, d.name};
        if (is_host || d.declared) return ResolvedDest{d.name, ""};
        return Error{codes::kDestination,
                     "`" + d.name + "` is neither a subset of `" + primary + "` nor a known host", where};
    }
    return Error{codes::kDestination, "unknown destination kind", where};
  }

  static std::string PrimaryHost(const Json& http, const Target& target) {
    if (http.contains("route") && http["route"].is_array() && !http["route"].empty() &&
        http["route"][0].contains("destination"))
      return Str(http["route"][0]["destination"], "host");
    return target.name;
  }

  static Json DestinationJson(const ResolvedDest& d) {
    Json j = Json::object();
    j["host"] = d.host;
    if (!d.subset.empty()) j["subset"] = d.subset;
    return j;
  }

  Result<bool> Split(Workspace& ws, const std::vector<DocHandle>& docs, const Action& a,
                     const std::vector<Move>& moves) const {
    auto https = MatchHttp(ws, docs, a.target);
    for (const HttpRef& r : https) {
      std::string where = Where(ws, r.doc, r.Ptr());
      Json& http = ws.Doc(r.doc)["spec"]["http"][r.index];
      if (!http.contains("route") || !http["route"].is_array() || http["route"].empty()) {
        return Inexpressible(a, kName, "http route `" + r.id + "` has no `route` destinations (it redirects or answers directly)", where);
      }
      Json& routes = http["route"];
      std::string primary = PrimaryHost(http, a.target);
      std::vector<Weighted> current;
      for (const Json& dest : routes) {
        const Json& d = dest.contains("destination") ? dest["destination"] : Json::object();
        double weight = dest.contains("weight") && dest["weight"].is_number() ? dest["weight"].get<double>()
                                                                               : (routes.size() == 1 ? 100 : 0);
        current.push_back({ResolvedDest{Str(d, "host"), Str(d, "subset")}.Key(), weight});
      }
      std::vector<Weighted> wanted;
      std::vector<ResolvedDest> resolved;
      for (const Move& m : moves) {
        auto d = Resolve(ws, docs, primary, m.to, where);
        if (!d) return d.error();
        wanted.push_back({d->Key(), m.share});
        resolved.push_back(*d);
      }
      auto weights = Rebalance(current, wanted, where);
      if (!weights) return weights.error();
      for (size_t i = 0; i < weights->size(); ++i) {
        if (i < routes.size()) {
          routes[i]["weight"] = (*weights)[i].second;
          continue;
        }
        const std::string& key = (*weights)[i].first;
        for (const ResolvedDest& d : resolved) {
          if (d.Key() != key) continue;
          Json entry = Json::object();
          entry["destination"] = DestinationJson(d);
          entry["weight"] = (*weights)[i].second;
          routes.push_back(std::move(entry));
          break;
        }
      }
    }
    return !https.empty();
  }

  Result<bool> MirrorTo(Workspace& ws, const std::vector<DocHandle>& docs, const Action& a, const Mirror& m) const {
    auto https = MatchHttp(ws, docs, a.target);
    for (const HttpRef& r : https) {
      std::string where = Where(ws, r.doc, r.Ptr());
      Json& http = ws.Doc(r.doc)["spec"]["http"][r.index];
      auto d = Resolve(ws, docs, PrimaryHost(http, a.target), m.to, where);
      if (!d) return d.error();
      http["mirror"] = DestinationJson(*d);
      Json percent = Json::object();
      percent["value"] = NumberJson(m.share * 100);
      http["mirrorPercentage"] = percent;
    }
    return !https.empty();
  }

  Result<bool> IsolateNode(Workspace& ws, const std::vector<DocHandle>& docs, const Action& a) const {
    if (a.target.service.empty()) return false;
    for (DocHandle h : docs) {
      const Json& doc = ws.Doc(h);
      if ((Kind(doc) == "DestinationRule" && HostMatch(Str(Spec(doc), "host"), a.target.service)) ||
          !MatchHttp(ws, {h}, Target{TargetKind::kService, a.target.service, ""}).empty()) {
        return Inexpressible(a, kName,
                             "Istio selects workloads by labels and cannot eject one pod; tighten the "
                             "DestinationRule's outlierDetection instead",
                             Where(ws, h, ""));
      }
    }
    return false;
  }

  // Where to add a new document about service `name`: the file of its VirtualService or
  // DestinationRule, and that document's namespace.
  static std::optional<std::pair<DocHandle, std::string>> Home(const Workspace& ws, const std::vector<DocHandle>& docs,
                                                               const std::string& name) {
    for (DocHandle h : docs) {
      const Json& doc = ws.Doc(h);
      if ((Kind(doc) == "DestinationRule" && HostMatch(Str(Spec(doc), "host"), name)) ||
          (Kind(doc) == "VirtualService" && !MatchHttp(ws, {h}, Target{TargetKind::kService, name, ""}).empty()))
        return std::make_pair(h, Namespace(doc));
    }
    return std::nullopt;
  }

  static std::string ShortName(const std::string& host) { return host.substr(0, host.find('.')); }

  Result<bool> Limit(Workspace& ws, const std::vector<DocHandle>& docs, const Action& a, const RateLimit& l) const {
    if (a.target.kind == TargetKind::kRoute) {
      if (MatchHttp(ws, docs, a.target).empty()) return false;
      return Inexpressible(a, kName, "local rate limits are set per workload by an EnvoyFilter; target the service", "");
    }
    std::string app = ShortName(a.target.name);
    // An existing EnvoyFilter for the workload: update its token buckets.
    bool updated = false;
    for (DocHandle h : docs) {
      Json& doc = ws.Doc(h);
      if (Kind(doc) != "EnvoyFilter") continue;
      const Json& spec = Spec(doc);
      const Json* selector = Field(spec, "workload_selector");
      if (!selector || !selector->contains("labels") || Str((*selector)["labels"], "app") != app) continue;
      if (!spec.contains("configPatches") || !spec["configPatches"].is_array()) continue;
      if (l.header) {
        return Inexpressible(a, kName,
                             "a header-scoped local rate limit needs route descriptors the EnvoyFilter "
                             "cannot derive from the VirtualService",
                             Where(ws, h, "/spec/configPatches"));
      }
      Json& patches = doc["spec"]["configPatches"];
      // Per-route buckets (HTTP_ROUTE patches) are the most specific: when there are any, only
      // they change; otherwise the filter-level bucket of the HTTP_FILTER patch does.
      std::vector<Json*> route_configs, filter_configs;
      for (Json& p : patches) {
        if (!p.contains("patch") || !p["patch"].is_object() || !p["patch"].contains("value")) continue;
        Json& value = p["patch"]["value"];
        std::string apply_to = p.value("applyTo", "");
        if (apply_to == "HTTP_ROUTE" && value.contains("typed_per_filter_config") &&
            value["typed_per_filter_config"].contains(kRateLimitFilter)) {
          route_configs.push_back(&value["typed_per_filter_config"][kRateLimitFilter]);
        } else if (apply_to == "HTTP_FILTER" && Str(value, "name") == kRateLimitFilter && value.contains("typed_config")) {
          Json* config = &value["typed_config"];
          if (config->value("@type", "").find("TypedStruct") != std::string::npos && config->contains("value"))
            config = &(*config)["value"];
          filter_configs.push_back(config);
        }
      }
      for (Json* config : route_configs.empty() ? filter_configs : route_configs) {
        if (!config->is_object()) continue;
        bool camel = UsesCamelCase(*config);
        (*config)[Key(*config, "token_bucket", camel)] = LocalRateLimitTokenBucket(l, camel);
        if (!Field(*config, "filter_enabled"))
          (*config)[Key(*config, "filter_enabled", camel)] = RuntimePercent100("local_rate_limit_enabled", camel);
        if (!Field(*config, "filter_enforced"))
          (*config)[Key(*config, "filter_enforced", camel)] = RuntimePercent100("local_rate_limit_enforced", camel);
        updated = true;
      }
      if (updated) return true;
    }
    auto home = Home(ws, docs, a.target.name);
    if (!home) return false;
    if (l.header) {
      return Inexpressible(a, kName,
                           "a header-scoped local rate limit needs route descriptors the EnvoyFilter "
                           "cannot derive from the VirtualService",
                           Where(ws, home->first, ""));
    }
    Json filter_value = Json::object();
    filter_value["name"] = kRateLimitFilter;
    filter_value["typed_config"] = LocalRateLimitConfig(l, false);
    Json patch = Json::object();
    patch["applyTo"] = "HTTP_FILTER";
    patch["match"] = Json::parse(R"({"context": "SIDECAR_INBOUND", "listener": {"filterChain": {"filter": {"name": "envoy.filters.network.http_connection_manager"}}}})");
    patch["patch"] = Json::object();
    patch["patch"]["operation"] = "INSERT_BEFORE";
    patch["patch"]["value"] = std::move(filter_value);
    Json doc = Json::object();
    doc["apiVersion"] = "networking.istio.io/v1alpha3";
    doc["kind"] = "EnvoyFilter";
    doc["metadata"] = Json::object();
    doc["metadata"]["name"] = "stitch-local-ratelimit-" + app;
    if (!home->second.empty()) doc["metadata"]["namespace"] = home->second;
    doc["spec"] = Json::object();
    doc["spec"]["workloadSelector"] = Json::object();
    doc["spec"]["workloadSelector"]["labels"] = Json::object();
    doc["spec"]["workloadSelector"]["labels"]["app"] = app;
    doc["spec"]["configPatches"] = Json::array({patch});
    ws.Append(home->first.file, std::move(doc));
    return true;
  }

  static Json NewPeerAuthentication(const std::string& name, const std::string& ns, const std::string& app,
                                    const std::string& mode) {
    Json doc = Json::object();
    doc["apiVersion"] = "security.istio.io/v1";
    doc["kind"] = "PeerAuthentication";
    doc["metadata"] = Json::object();
    doc["metadata"]["name"] = name;
    if (!ns.empty()) doc["metadata"]["namespace"] = ns;
    doc["spec"] = Json::object();
    if (!app.empty()) {
      doc["spec"]["selector"] = Json::object();
      doc["spec"]["selector"]["matchLabels"] = Json::object();
      doc["spec"]["selector"]["matchLabels"]["app"] = app;
    }
    doc["spec"]["mtls"] = Json::object();
    doc["spec"]["mtls"]["mode"] = mode;
    return doc;
  }

  Result<bool> Mtls(Workspace& ws, const std::vector<DocHandle>& docs, const Action& a, const RequireMtls& m) const {
    std::string mode = m.mode == MtlsMode::kStrict ? "STRICT" : "PERMISSIVE";
    bool is_ns = a.target.kind == TargetKind::kNamespace;
    std::string app = ShortName(a.target.name);
    bool peer_found = false, found = false;
    std::optional<DocHandle> home;
    for (DocHandle h : docs) {
      Json& doc = ws.Doc(h);
      std::string kind = Kind(doc);
      const Json& spec = Spec(doc);
      if (kind == "PeerAuthentication") {
        const Json* selector = Field(spec, "selector");
        std::string selected = selector && selector->contains("matchLabels") ? Str((*selector)["matchLabels"], "app") : "";
        bool match = is_ns ? (Namespace(doc) == a.target.name && !selector) : selected == app;
        if (!match) continue;
        if (!doc["spec"].is_object()) doc["spec"] = Json::object();
        if (!doc["spec"].contains("mtls") || !doc["spec"]["mtls"].is_object()) doc["spec"]["mtls"] = Json::object();
        doc["spec"]["mtls"]["mode"] = mode;
        peer_found = found = true;
      } else if (kind == "DestinationRule") {
        bool match = is_ns ? Namespace(doc) == a.target.name : HostMatch(Str(spec, "host"), a.target.name);
        if (!match) continue;
        found = true;
        if (!home) home = h;
        if (m.mode != MtlsMode::kStrict) continue;  // clients may keep ISTIO_MUTUAL under PERMISSIVE
        if (!doc["spec"].contains("trafficPolicy") || !doc["spec"]["trafficPolicy"].is_object())
          doc["spec"]["trafficPolicy"] = Json::object();
        Json& policy = doc["spec"]["trafficPolicy"];
        if (!policy.contains("tls") || !policy["tls"].is_object()) policy["tls"] = Json::object();
        std::string current = Str(policy["tls"], "mode");
        if (current != "ISTIO_MUTUAL" && current != "MUTUAL") policy["tls"]["mode"] = "ISTIO_MUTUAL";
      } else if (!home && (is_ns ? Namespace(doc) == a.target.name
                                 : kind == "VirtualService" &&
                                       !MatchHttp(ws, {h}, Target{TargetKind::kService, a.target.name, ""}).empty())) {
        home = h;
        found = true;
      }
    }
    if (!found) return false;
    if (!peer_found) {
      std::string ns = is_ns ? a.target.name : Namespace(ws.Doc(*home));
      Json pa = is_ns ? NewPeerAuthentication("default", ns, "", mode)
                      : NewPeerAuthentication(app + "-mtls", ns, app, mode);
      ws.Append(home->file, std::move(pa));
    }
    return true;
  }

  template <class Edit>
  Result<bool> EditHttp(Workspace& ws, const std::vector<DocHandle>& docs, const Action& a, Edit edit) const {
    auto https = MatchHttp(ws, docs, a.target);
    for (const HttpRef& r : https) edit(ws.Doc(r.doc)["spec"]["http"][r.index]);
    return !https.empty();
  }
};

}  // namespace

const Dialect& IstioDialect() {
  static const Istio dialect;
  return dialect;
}

}  // namespace stitch::stitch
