#!/bin/bash
# Installs the package from build dir $1 into a temporary prefix, then builds both examples out
# of tree against it (CMake find_package, and the C one also with pkg-config), runs them on the
# example policies, recording and manifest, and compares their output with the expected files.
set -euo pipefail
build=$1
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix
expected=$root/tests/embed/expected
args=(examples/demo/policies examples/embed/recording.json examples/demo/manifests/route-mirror-envoy.yaml)

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log"
libdir=$(dirname "$(find "$prefix" -name 'libstitch.so' | head -1)")
for f in "$libdir/libstitch.so" "$prefix/include/stitch/stitch.h" "$prefix/include/stitch/Stitch.hpp" \
         "$prefix/bin/stitch" "$libdir/cmake/Stitch/StitchConfig.cmake" "$libdir/pkgconfig/stitch.pc"; do
  [[ -e $f ]] || { echo "not installed: $f"; exit 1; }
done
# The installed headers stand alone: nothing of the components' headers is needed.
if grep -rhE '#include +"(compiler|runtime|nlohmann|llvm|antlr|sqlite|yaml-cpp|simdjson)' "$prefix/include"; then
  echo "installed headers include internal headers"; exit 1
fi
"$prefix/bin/stitch" --version

run() {  # run NAME BINARY: the output must equal tests/embed/expected/NAME.out
  local name=$1 bin=$2
  "$bin" "${args[@]}" >"$tmp/$name.out"
  if ! diff -u "$expected/$name.out" "$tmp/$name.out"; then
    if [[ ${STITCH_UPDATE_GOLDEN:-} == 1 ]]; then cp "$tmp/$name.out" "$expected/$name.out"; else exit 1; fi
  fi
  echo "$name: output as expected"
}

for lang in cpp c; do
  cmake -S "examples/embed/$lang" -B "$tmp/build-$lang" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >"$tmp/$lang.log"
  cmake --build "$tmp/build-$lang" >>"$tmp/$lang.log"
  run "$lang" "$tmp/build-$lang/controller"
done

# The C example with pkg-config alone.
export PKG_CONFIG_PATH=$libdir/pkgconfig
cc -std=c11 -Wall -Wextra -Werror examples/embed/c/main.c $(pkg-config --cflags --libs stitch) \
   -Wl,-rpath,"$(pkg-config --variable=libdir stitch)" -o "$tmp/controller-pc"
run c "$tmp/controller-pc"
