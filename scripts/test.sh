#!/bin/sh
# npm test: install and build what is missing, bring in the Debian tools the end-to-end tests use,
# then run every test with node's built-in runner.
set -eu
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ ! -f build/Release/strata.node ]; then
  npm install --no-audit --no-fund
fi
npm run --silent build

sh scripts/test-deps.sh

# Only *.test.js files are tests; the rest of dist/test holds fixtures and helpers.
if [ "$#" -eq 0 ]; then
  set -- $(find dist/test -name '*.test.js' | sort)
fi
exec node --test --test-timeout=600000 "$@"
