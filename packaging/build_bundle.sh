#!/usr/bin/env bash
# Build the standalone bundle with PyInstaller: one folder, dist/inkling/, holding Python,
# Qt, onnxruntime and both bundled models; dist/inkling/inkling is the app. Then smoke-test
# it with its own --self-test (no window) and print its size.
#
#   packaging/build_bundle.sh [VENV]
#
# VENV (default build/bundle-venv) is a virtual environment for the build only: the app is
# installed there from a wheel of this checkout with the [bundle] extra (PyInstaller), so
# the bundle holds exactly what a wheel installs. DIST (default: dist/ in the checkout)
# says where the bundle goes. Run it on the oldest Linux you want to support: the bundle
# uses the glibc of the machine that built it.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
venv=${1:-$repo/build/bundle-venv}
dist=${DIST:-$repo/dist}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install -q --upgrade pip setuptools
"$venv/bin/python" -m pip wheel -q --no-deps -w "$work/wheel" "$repo"
wheel=$(ls "$work"/wheel/inkling-*.whl)
"$venv/bin/python" -m pip install -q "$wheel[bundle]"
"$venv/bin/python" -m pip install -q --no-deps --force-reinstall "$wheel"

# writer_app.assets (the models) and writer_app's icons are found with importlib.resources,
# which PyInstaller cannot see: name the package and collect its data. The version is read
# from the distribution's metadata, so copy that too.
"$venv/bin/pyinstaller" --noconfirm --clean --onedir --windowed --name inkling \
    --distpath "$dist" --workpath "$work/build" --specpath "$work" \
    --collect-submodules writer_app --collect-data writer_app --copy-metadata inkling \
    --exclude-module training --exclude-module torch \
    "$repo/packaging/inkling_bundle.py"

env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM "$dist/inkling/inkling" --self-test
du -sh "$dist/inkling"
