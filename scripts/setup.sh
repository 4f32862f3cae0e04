#!/usr/bin/env bash
# Installs every Debian package Stitch needs to build, test and run.
# Idempotent: packages already present are skipped; nothing is downloaded from outside Debian.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build
  antlr4 libantlr4-runtime-dev            # grammar: tool 4.7.2, runtime 4.9
  llvm-19-dev                             # JIT backend (ORC LLJIT)
  libyaml-cpp-dev nlohmann-json3-dev libsimdjson-dev libfmt-dev
  libcurl4-openssl-dev libsqlite3-dev
  catch2 libbenchmark-dev
  prometheus neovim                       # real peers the tests start themselves (127.0.0.1)
  python3 curl
  valgrind                                # the embed leak test (tests/embed)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi

echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
