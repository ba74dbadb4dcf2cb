#!/usr/bin/env bash
# Rebuild extension/src/sphinx_annotated_edition/static/vendor/apache-annotator.js, the one
# vendored file of the student notes, from the versions in
# tools/package-lock.json. Needs Node.js and npm; reaches only the npm registry.
#
#   tools/vendor-annotator.sh            rebuild the committed file
#   tools/vendor-annotator.sh OUTFILE    build it elsewhere (to compare)
#
# The packages are installed in a temporary folder, never in the work tree,
# where Sphinx would read their READMEs as pages. --ignore-scripts: esbuild's
# binary is its @esbuild/<platform> package, and nothing else needs a script.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$(realpath -m "${1:-$here/../extension/src/sphinx_annotated_edition/static/vendor/apache-annotator.js}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/vendor-annotator.mjs" "$work/"
(cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --silent)
(cd "$work" && node vendor-annotator.mjs "$out")
