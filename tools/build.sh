#!/usr/bin/env bash
# Builds the native shim (CMake) and the .NET solution (Release). Run tools/bootstrap.sh first.
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p build
if ! cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >build/cmake-configure.log 2>&1; then
  cat build/cmake-configure.log
  exit 1
fi
sed -n '/libgwnative configuration/,/^-- $/p' build/cmake-configure.log
cmake --build build -j"$(nproc)" >build/cmake-build.log 2>&1 || { cat build/cmake-build.log; exit 1; }
dotnet build Gateway.sln -c Release --nologo -v quiet -clp:ErrorsOnly

# The production artifact: gw compiled with NativeAOT (net10.0), next to the shim.
dotnet publish src/Gateway.Host -c Release -r linux-x64 -p:PublishAot=true -o build/aot --nologo -v quiet >build/aot-publish.log 2>&1 \
  || { cat build/aot-publish.log; exit 1; }
cp build/native/libgwnative.so build/aot/
