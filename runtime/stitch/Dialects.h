// The built-in dialects (each defined in its own file). Lifetime: static.
#pragma once

#include "Dialect.h"

namespace stitch::stitch {

const Dialect& EnvoyDialect();
const Dialect& IstioDialect();
const Dialect& AppMeshDialect();

}  // namespace stitch::stitch
