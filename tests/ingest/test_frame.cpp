// Frame, FrameView and column keys.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "runtime/frame/ColumnKey.h"
#include "runtime/frame/Frame.h"
#include "runtime/frame/FrameView.h"

using namespace stitch::frame;

namespace {
EntityId Service(const std::string& name) { return {EntityKind::kService, name, "", "", "prod"}; }
}  // namespace

TEST_CASE("frame rows, columns and validity bitmaps", "[frame]") {
  Frame f;
  f.time_ms = 1000;
  const size_t requests = f.AddColumn("requests");
  CHECK(f.AddColumn("requests") == requests);  // idempotent
  // 70 rows so that the validity spans two 64-bit words.
  for (int i = 0; i < 70; ++i) CHECK(f.AddEntity({Service("s" + std::to_string(i)), {}}) == size_t(i));
  CHECK(f.AddEntity({Service("s3"), {{"team", "pay"}}}) == 3);  // existing row, tags merged
  CHECK(f.GetEntity(3).tags.at("team") == "pay");
  const size_t latency = f.AddColumn("latency.p99");  // added after the rows: all missing
  f.Set(65, requests, 2.5);
  f.Set(1, latency, std::numeric_limits<double>::quiet_NaN());  // stored as missing
  f.Set(2, latency, std::numeric_limits<double>::infinity());
  CHECK(f.Valid(65, requests));
  CHECK(f.Value(65, requests) == 2.5);
  CHECK_FALSE(f.Valid(64, requests));
  CHECK_FALSE(f.Valid(1, latency));
  CHECK(f.Value(1, latency) == 0.0);  // missing is 0.0, never NaN
  CHECK_FALSE(f.Valid(2, latency));
  CHECK(f.Validity(requests)[1] == (uint64_t{1} << 1));  // bit 65 % 64 of word 65 / 64
  f.SetMissing(65, requests);
  CHECK_FALSE(f.Valid(65, requests));
  CHECK(f.Values(requests)[65] == 0.0);
  CHECK(f.FindEntity(Service("s69")) == 69u);
  CHECK_FALSE(f.FindEntity(Service("nope")));
  CHECK(f.ColumnIndex("latency.p99") == latency);
  CHECK_FALSE(f.ColumnIndex("errors"));
}

TEST_CASE("frame view binds an ordered key list, absent keys all-missing", "[frame]") {
  Frame f;
  f.AddEntity({Service("a"), {}});
  f.AddEntity({Service("b"), {}});
  const size_t errors = f.AddColumn("errors");
  f.Set(1, errors, 0.5);
  FrameBinding binding(f, {"nope", "errors"});
  FrameView view = binding.View();
  REQUIRE(view.rows == 2);
  REQUIRE(view.columns == 2);
  CHECK(view.values[1][1] == 0.5);
  CHECK(view.validity[1][0] == 0b10);
  CHECK(view.validity[0][0] == 0);  // absent column: nothing valid
  CHECK(view.values[0][0] == 0.0);
  CHECK(view.values[0][1] == 0.0);
}

TEST_CASE("column keys: derived keys parse, nest and print in shortest form", "[frame]") {
  std::string error;
  auto k = ParseDerivedKey("avg(rate(requests,60),300)", &error);
  REQUIRE(k);
  CHECK(k->fn == DerivedFn::kAvg);
  CHECK(k->inner == "rate(requests,60)");
  CHECK(k->param == 300);
  CHECK(FormatDerivedKey(*k) == "avg(rate(requests,60),300)");
  CHECK(FormatDerivedKey({DerivedFn::kEwma, "requests", 0.3}) == "ewma(requests,0.3)");
  CHECK(QuantileKey("latency", 0.99) == "latency.p99");
  CHECK(QuantileKey("latency", 0.999) == "latency.q0.999");
  CHECK(HeaderKey("X-Debug") == "header.x-debug");
  CHECK_FALSE(ParseDerivedKey("median(requests,60)", &error));
  CHECK(error.find("unknown function `median`") != std::string::npos);
  CHECK_FALSE(ParseDerivedKey("avg(requests,0)", &error));
  CHECK_FALSE(ParseDerivedKey("ewma(requests,1.5)", &error));
  CHECK_FALSE(ParseDerivedKey("avg(requests)", &error));
  CHECK_FALSE(ParseDerivedKey("avg(rate(requests,x),60)", &error));
  CHECK_FALSE(IsDerivedKey("latency.p99"));
}
