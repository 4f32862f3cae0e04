// stdlib window math and the History's derived columns, with values worked out by hand.
#include <catch2/catch.hpp>

#include "runtime/frame/History.h"
#include "stdlib/Quantile.h"
#include "stdlib/Robust.h"
#include "stdlib/Window.h"

using namespace stitch;
using frame::EntityId;
using frame::EntityKind;
using frame::Frame;

namespace {

const EntityId kCart{EntityKind::kService, "cart", "", "", ""};
const EntityId kApi{EntityKind::kService, "api", "", "", ""};

// A frame at `t_s` seconds with `requests` for cart (nullopt: missing) and api = 1.
Frame At(int64_t t_s, std::optional<double> requests, bool api_first = false) {
  Frame f;
  f.time_ms = t_s * 1000;
  if (api_first) f.AddEntity({kApi, {}});
  f.AddEntity({kCart, {}});
  if (!api_first) f.AddEntity({kApi, {}});
  const size_t col = f.AddColumn("requests");
  if (requests) f.Set(*f.FindEntity(kCart), col, *requests);
  f.Set(*f.FindEntity(kApi), col, 1);
  return f;
}

std::optional<double> Cart(const frame::History& h, const std::string& key) {
  const Frame& f = h.Newest();
  return f.Get(*f.FindEntity(kCart), key);
}

}  // namespace

TEST_CASE("stdlib window functions", "[stdlib]") {
  const int64_t t[] = {0, 1000, 2000, 3000};
  const double v[] = {10, 20, 5, 15};
  const uint8_t ok[] = {1, 1, 1, 1};
  stdlib::Series s{t, v, ok, 4};
  double out = 0;
  REQUIRE(stdlib::WindowAvg(s, &out));
  CHECK(out == 12.5);  // (10+20+5+15)/4
  REQUIRE(stdlib::WindowMin(s, &out));
  CHECK(out == 5);
  REQUIRE(stdlib::WindowMax(s, &out));
  CHECK(out == 20);
  REQUIRE(stdlib::WindowSum(s, &out));
  CHECK(out == 50);
  // Counter 10 -> 20 (+10), reset to 5 (+5, counted from 0), -> 15 (+10): 25 over 3 s.
  REQUIRE(stdlib::WindowRate(s, &out));
  CHECK(out == Approx(25.0 / 3.0).epsilon(1e-15));
  REQUIRE(stdlib::WindowDelta(s, &out));
  CHECK(out == 5);  // 15 - 10
  REQUIRE(stdlib::WindowChanged(s, &out));
  CHECK(out == 1);
  CHECK(stdlib::WindowStart(s, 3000, 1500) == 2);  // samples at >= 1.5 s
  // z-score of 15 against {10, 20, 5}: mean 35/3, population sd sqrt(350/9 / ... ).
  // deviations 10-35/3=-5/3, 20-35/3=25/3, 5-35/3=-20/3; squares 25/9+625/9+400/9 = 1050/9;
  // variance 1050/27 = 38.888..., sd = 6.2361...; z = (15 - 11.6667) / 6.2361 = 0.53452
  stdlib::Series baseline{t, v, ok, 3};
  REQUIRE(stdlib::ZScore(baseline, 15, &out));
  CHECK(out == Approx((15.0 - 35.0 / 3.0) / std::sqrt(1050.0 / 27.0)));
  // EWMA alpha 0.5: 10 -> 15 -> 10 -> 12.5
  REQUIRE(stdlib::Ewma(s, 0.5, &out));
  CHECK(out == 12.5);
  // Missing samples are skipped; nothing present is missing.
  const uint8_t none[] = {0, 0, 0, 0};
  stdlib::Series empty{t, v, none, 4};
  CHECK_FALSE(stdlib::WindowAvg(empty, &out));
  CHECK_FALSE(stdlib::WindowRate({t, v, ok, 1}, &out));
  // Constant baseline: zero deviation is missing, never Inf.
  const double flat[] = {3, 3, 3, 3};
  CHECK_FALSE(stdlib::ZScore({t, flat, ok, 3}, 4, &out));
  CHECK(stdlib::CounterRate(100, 0, 40, 10'000, &out));
  CHECK(out == 4);  // reset: 40 counted since the reset, over 10 s
}

TEST_CASE("stdlib quantiles follow Prometheus histogram_quantile", "[stdlib]") {
  const double inf = std::numeric_limits<double>::infinity();
  // le=0.01: 5, le=0.1: 10, +Inf: 10. q=0.9: rank 9 in (0.01, 0.1]: 0.01 + 0.09 * 4/5 = 0.082.
  stdlib::Bucket b[] = {{0.01, 5}, {0.1, 10}, {inf, 10}};
  double out = 0;
  CHECK(stdlib::BucketQuantile(0.9, b, 3, &out) == stdlib::QuantileStatus::kOk);
  CHECK(out == Approx(0.082).epsilon(1e-12));
  // Rank in the +Inf bucket: the highest finite bound, flagged.
  stdlib::Bucket c[] = {{0.01, 2}, {0.1, 4}, {inf, 6}};
  CHECK(stdlib::BucketQuantile(0.99, c, 3, &out) == stdlib::QuantileStatus::kInInfBucket);
  CHECK(out == 0.1);
  // Non-monotonic counts are fixed up as Prometheus does: {5, 3 -> 5, 10}.
  stdlib::Bucket d[] = {{1, 5}, {2, 3}, {inf, 10}};
  CHECK(stdlib::BucketQuantile(0.5, d, 3, &out) == stdlib::QuantileStatus::kOk);
  CHECK(out == 1);  // rank 5 reached in the first bucket: 0 + 1 * 5/5
  stdlib::Bucket no_inf[] = {{1, 5}, {2, 10}};
  CHECK(stdlib::BucketQuantile(0.5, no_inf, 2, &out) == stdlib::QuantileStatus::kMissing);
  stdlib::Bucket empty[] = {{1, 0}, {inf, 0}};
  CHECK(stdlib::BucketQuantile(0.5, empty, 2, &out) == stdlib::QuantileStatus::kMissing);
  // Type 7: {1,2,3,4}: q=0.5 -> h=1.5 -> 2.5; q=0.9 -> h=2.7 -> 3.7.
  double xs[] = {4, 1, 3, 2};
  REQUIRE(stdlib::SampleQuantile(0.5, xs, 4, &out));
  CHECK(out == 2.5);
  REQUIRE(stdlib::SampleQuantile(0.9, xs, 4, &out));
  CHECK(out == Approx(3.7).epsilon(1e-15));
}

TEST_CASE("stdlib robust z-score and anomaly", "[stdlib]") {
  // Baseline {1,2,3,4,100}: median 3, |dev| {2,1,0,1,97} -> MAD 1. z(10) = 0.6745*7/1 = 4.7215.
  double base[] = {1, 2, 3, 4, 100};
  double z = 0;
  REQUIRE(stdlib::RobustZ(10, base, 5, &z));
  CHECK(z == Approx(0.6745 * 7));
  // MAD 0 falls back to the mean absolute deviation: {5,5,5,5,10}: median 5, meanAD 1.
  double flat[] = {5, 5, 5, 5, 10};
  REQUIRE(stdlib::RobustZ(8, flat, 5, &z));
  CHECK(z == Approx(3 / 1.253314));
  // A series steady around 10 then a spike: flagged; the steady value is not.
  const int64_t t[] = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  const double v[] = {10, 11, 10, 9, 10, 11, 10, 9, 40};
  const uint8_t ok[] = {1, 1, 1, 1, 1, 1, 1, 1, 1};
  double flag = 0;
  REQUIRE(stdlib::Anomaly({t, v, ok, 9}, {}, &flag));
  CHECK(flag == 1);
  REQUIRE(stdlib::Anomaly({t, v, ok, 8}, {}, &flag));
  CHECK(flag == 0);
  CHECK_FALSE(stdlib::Anomaly({t, v, ok, 4}, {}, &flag));  // 3 residuals < min_samples 5
}

TEST_CASE("history derives windowed columns matched by entity", "[history]") {
  frame::History h(60'000);
  // cart: t=0 100, t=10 110, t=20 missing, t=30 20 (reset), t=40 40. api always 1.
  // The row order changes at t=30: rows are matched by EntityId, not position.
  REQUIRE(h.Push(At(0, 100)));
  REQUIRE(h.Push(At(10, 110)));
  REQUIRE(h.Push(At(20, std::nullopt)));
  REQUIRE(h.Push(At(30, 20, true)));
  REQUIRE(h.Push(At(40, 40, true)));
  std::string error;
  REQUIRE(h.Derive({"avg(requests,30)", "sum(requests,30)", "min(requests,30)",
                    "max(requests,30)", "rate(requests,40)", "delta(requests,20)",
                    "changed(requests,15)", "ewma(requests,0.5)", "zscore(requests,40)",
                    "avg(rate(requests,20),20)"},
                   &error));
  // Window [10, 40]: 110, (missing), 20, 40 -> avg 170/3, sum 170, min 20, max 110.
  CHECK(*Cart(h, "avg(requests,30)") == Approx(170.0 / 3.0));
  CHECK(*Cart(h, "sum(requests,30)") == 170);
  CHECK(*Cart(h, "min(requests,30)") == 20);
  CHECK(*Cart(h, "max(requests,30)") == 110);
  // Rate over [0, 40]: 100 -> 110 (+10), reset to 20 (+20), -> 40 (+20): 50 / 40 s = 1.25.
  CHECK(*Cart(h, "rate(requests,40)") == 1.25);
  CHECK(*Cart(h, "delta(requests,20)") == 20);   // [20, 40]: 40 - 20
  CHECK(*Cart(h, "changed(requests,15)") == 1);  // [25, 40]: 20, 40
  // EWMA 0.5: 100, 105, 105 (missing keeps it), 62.5, 51.25.
  CHECK(*Cart(h, "ewma(requests,0.5)") == 51.25);
  // z of 40 against {100, 110, 20}: mean 230/3, deviations 70/3, 100/3, -170/3,
  // squares (4900 + 10000 + 28900)/9 = 43800/9, variance 43800/27, z = (40 - 230/3)/sd.
  CHECK(*Cart(h, "zscore(requests,40)") == Approx((40 - 230.0 / 3) / std::sqrt(43800.0 / 27)));
  // Nested: rate(requests,20) at t=20: [0..20] 100 -> 110 over 10 s = 1; t=30: [10..30]
  // 110 -> reset 20 over 20 s = 1; t=40: [20..40] 20 -> 40 over 10 s = 2. avg over [20, 40]
  // = (1 + 1 + 2) / 3.
  CHECK(*Cart(h, "avg(rate(requests,20),20)") == Approx(4.0 / 3.0));
  // api is constant: changed 0, z-score missing (zero deviation), rate 0.
  const Frame& f = h.Newest();
  const size_t api = *f.FindEntity(kApi);
  CHECK(*f.Get(api, "changed(requests,15)") == 0);
  CHECK_FALSE(f.Get(api, "zscore(requests,40)"));
  CHECK(*f.Get(api, "rate(requests,40)") == 0);
  // Malformed keys are reported; the others are still filled.
  CHECK_FALSE(h.Derive({"avg(requests,-1)", "max(requests,10)"}, &error));
  CHECK(error.find("avg(requests,-1)") != std::string::npos);
  CHECK(*Cart(h, "max(requests,10)") == 40);
}

TEST_CASE("history retention, ordering, and missing data", "[history]") {
  frame::History h(20'000);
  REQUIRE(h.Push(At(0, 1)));
  REQUIRE(h.Push(At(10, 2)));
  REQUIRE(h.Push(At(30, 3)));  // t=0 and t=10 fall out of a 20 s retention
  CHECK(h.size() == 2);
  CHECK(h.at(0).time_ms == 10'000);
  CHECK_FALSE(h.Push(At(5, 9)));  // older than the newest: refused
  REQUIRE(h.Push(At(30, 4)));     // same time: replaces
  CHECK(h.size() == 2);
  REQUIRE(h.Derive({"rate(requests,5)", "avg(requests,5)"}));
  CHECK_FALSE(Cart(h, "rate(requests,5)"));  // one sample in [25, 30]: not enough data
  CHECK(*Cart(h, "avg(requests,5)") == 4);
}

TEST_CASE("history anomaly flags a spike against its EWMA", "[history]") {
  frame::History h(3'600'000, {0.3, 3.5, 5});
  const double series[] = {10, 11, 10, 9, 10, 11, 10, 9, 10, 40};
  for (int i = 0; i < 10; ++i) {
    REQUIRE(h.Push(At(i * 10, series[i])));
    REQUIRE(h.Derive({"anomaly(requests,600)"}));
    const auto flag = Cart(h, "anomaly(requests,600)");
    // Residuals against the previous EWMA exist from the second frame; 5 earlier ones are
    // needed: flags from the 7th frame (i = 6) on.
    if (i < 6) {
      CHECK_FALSE(flag);
    } else {
      REQUIRE(flag);
      CHECK(*flag == (i == 9 ? 1.0 : 0.0));
    }
  }
}
