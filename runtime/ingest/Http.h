// A minimal blocking HTTP GET over libcurl, with a hard timeout.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "runtime/ingest/Result.h"

namespace stitch::ingest {

struct HttpResponse {
  long status = 0;
  std::string body;
};

// GETs `url`; the whole exchange (connect included) is bounded by `timeout_ms`. A refused
// connection, a timeout or any transport failure is an error naming the URL; HTTP error
// statuses are returned as responses. Thread-safe.
Result<HttpResponse> HttpGet(const std::string& url, int64_t timeout_ms);

// Percent-encodes a query-string value (RFC 3986 unreserved characters are kept).
std::string UrlEncode(std::string_view text);

}  // namespace stitch::ingest
