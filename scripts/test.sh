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

exec node --test --test-timeout=600000 "$@" dist/test/
