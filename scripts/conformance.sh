#!/bin/sh
# The full sqllogictest conformance run (../shared/conformance beside the clone) against a fresh
# `strata serve` and, when ../shared/anchors/mariadb can start one, a fresh MariaDB, then a
# per-file table of both pass counts and every record MariaDB passes that StrataDB fails.
#
#   scripts/conformance.sh [corpus file or folder …]     (default: the whole corpus)
#
# Needs a built tree (npm run build). The runner is copied beside this project's node_modules
# (for mysql2), so ../shared may be read-only. Reports stay in the printed work folder when
# KEEP=1. Exit status: 0 when StrataDB passes every record MariaDB passes (or every record when
# MariaDB is not available), 1 otherwise.
set -eu
cd "$(dirname "$0")/.."
repo=$(pwd)
shared=${STRATA_SHARED:-$repo/../shared}
corpus=$shared/conformance
[ -f "$corpus/run.mjs" ] || { echo "no conformance corpus at $corpus"; exit 2; }
[ -f dist/src/cli/strata.js ] || { echo "build first: npm run build"; exit 2; }

work=$(mktemp -d "${TMPDIR:-/tmp}/strata-conformance.XXXXXX")
strata_pid=''
maria_pid=''
cleanup() {
  [ -n "$strata_pid" ] && kill "$strata_pid" 2>/dev/null && wait "$strata_pid" 2>/dev/null
  [ -n "$maria_pid" ] && "$shared/anchors/mariadb/stop.sh" "$maria_pid" >/dev/null 2>&1
  if [ "${KEEP:-0}" = 1 ]; then echo "reports kept in $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT INT TERM

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

cp "$corpus/run.mjs" "$work/run.mjs"
ln -s "$repo/node_modules" "$work/node_modules"
if [ "$#" -eq 0 ]; then set -- "$corpus/corpus"; fi

run_corpus() { # name port corpus-paths…
  name=$1 port=$2
  shift 2
  SLT_HOST=127.0.0.1 SLT_PORT=$port SLT_USER=root SLT_PASSWORD= SLT_REPORT="$work/$name.json" \
    node "$work/run.mjs" "$@" >"$work/$name.txt" 2>&1 || true
  tail -n 1 "$work/$name.txt" | sed "s/^/$name: /"
}

# StrataDB
strata_port=$(free_port)
node dist/src/cli/strata.js serve --port "$strata_port" --datadir "$work/strata-data" \
  >"$work/strata-server.log" 2>&1 &
strata_pid=$!
for _ in $(seq 1 120); do
  grep -q 'ready for connections' "$work/strata-server.log" 2>/dev/null && break
  kill -0 "$strata_pid" 2>/dev/null || { cat "$work/strata-server.log"; exit 1; }
  sleep 0.25
done
run_corpus strata "$strata_port" "$@"

# MariaDB
maria_port=$(free_port)
if [ -x "$shared/anchors/mariadb/start.sh" ] &&
  maria_pid=$("$shared/anchors/mariadb/start.sh" "$maria_port" "$work/mariadb" 2>&1) &&
  [ "$maria_pid" -eq "$maria_pid" ] 2>/dev/null; then
  run_corpus mariadb "$maria_port" "$@"
else
  echo "MariaDB not started (${maria_pid:-no anchor}); StrataDB alone"
  maria_pid=''
fi

node - "$work" "$corpus/corpus" <<'EOF'
const fs = require('fs');
const [work, root] = process.argv.slice(2);
const load = (name) => {
  const file = `${work}/${name}.json`;
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : null;
};
const strata = load('strata');
const maria = load('mariadb');
if (!strata) { console.log('no StrataDB report'); process.exit(1); }
const rel = (f) => (f.startsWith(root) ? f.slice(root.length + 1) : f);
const failedWhere = (report) => new Set(report.files.flatMap((f) => f.failures.map((x) => x.where)));
const byFile = (report) => new Map(report.files.map((f) => [rel(f.file), f]));
const s = byFile(strata);
const m = maria ? byFile(maria) : new Map();
const rows = [['file', 'StrataDB', 'MariaDB']];
for (const [file, f] of s) {
  const other = m.get(file);
  rows.push([file, `${f.passed}/${f.passed + f.failed}`, other ? `${other.passed}/${other.passed + other.failed}` : '-']);
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
console.log(`total: StrataDB ${strata.total.passed} passed, ${strata.total.failed} failed` +
  (maria ? `; MariaDB ${maria.total.passed} passed, ${maria.total.failed} failed` : ''));
// Records StrataDB fails that MariaDB passes (every failure when MariaDB did not run).
const mariaFailed = maria ? failedWhere(maria) : new Set();
const missing = strata.files
  .flatMap((f) => f.failures)
  .filter((x) => !mariaFailed.has(x.where));
if (missing.length) {
  console.log(`\n${missing.length} records MariaDB passes and StrataDB fails:`);
  for (const x of missing) console.log(`  ${rel(x.where)}: ${x.kind}: ${x.sql.slice(0, 160)}`);
}
process.exit(missing.length > 0 ? 1 : 0);
EOF
