#!/usr/bin/env bash
# Installs the Debian packages weft needs to build, test and build wasm guests.
# Quiet and quick when everything is already there.
set -euo pipefail
pkgs=(cmake ninja-build g++ make pkg-config libfmt-dev libcli11-dev libtomlplusplus-dev libgtest-dev libgmock-dev nlohmann-json3-dev
      libbenchmark-dev clang-19 lld-19 wasi-libc libclang-rt-19-dev-wasm32 libc++-19-dev-wasm32
      libc++abi-19-dev-wasm32 nodejs)
missing=()
# npm ships inside some nodejs builds (NodeSource) and conflicts with Debian's npm there.
command -v npm >/dev/null || pkgs+=(npm)
# `make fuzz` (WEFT_DEPS_FUZZ=1): libFuzzer and the sanitizers' runtimes for clang-19.
[ "${WEFT_DEPS_FUZZ:-0}" = 1 ] && pkgs+=(libclang-rt-19-dev)
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
