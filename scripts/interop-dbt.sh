#!/usr/bin/env bash
# Interop check of dist/dbt and dist/schemachange with the real tools, offline.
#
# 1. Installs dbt-core, dbt-snowflake and schemachange from PyPI into a virtualenv.
# 2. Builds the example package (and a variant whose query tag needs every kind of escaping) with
#    the release binary.
# 3. Copies tests/dbt/project (a root project with the shims of docs/dbt.md, models with
#    post-hooks, analyses calling every SQL-returning macro) to a temp dir, installs dist/dbt as a
#    local package (`dbt deps`), runs `dbt parse` and `dbt compile --no-introspect
#    --no-populate-cache` with a dummy profile (no connection is made), then:
#    - runs `snowtenant lint` on every compiled file;
#    - diffs the compiled SQL against tests/dbt/expected/<variant>/ (UPDATE_EXPECTED=1 rewrites it;
#      review the diff before committing).
#    set_query_tag()/unset_query_tag() run queries (SHOW PARAMETERS, ALTER SESSION) and so only run
#    under `dbt run`; parse checks them, and compile checks the statements they execute
#    (set_query_tag_sql, restore_query_tag_sql).
# 4. Runs `schemachange render` on every dist/schemachange script and checks the checksum it logs
#    is that of the matching sql/ step file (what schemachange would deploy is the step file).
#
# Needs: cargo, python3 with venv; pip reaches PyPI. Exits non-zero on any failure.
#   INTEROP_DBT_VENV  venv to use or create (default /tmp/snowtenant-dbt-venv)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "INTEROP FAIL (dbt): $*" >&2; exit 1; }

echo "== python venv (dbt-core, dbt-snowflake, schemachange)"
venv=${INTEROP_DBT_VENV:-/tmp/snowtenant-dbt-venv}
# dbt-core 1.12 depends on a parser wheel downloaded from GitHub at install time, which this
# environment cannot reach; 1.10-1.11 install from PyPI alone.
if ! "$venv/bin/dbt" --version >/dev/null 2>&1 || ! "$venv/bin/schemachange" --help >/dev/null 2>&1; then
  python3 -m venv "$venv" || fail "cannot create a venv"
  "$venv/bin/pip" install -q "dbt-core>=1.10,<1.12" "dbt-snowflake>=1.10,<1.12" "schemachange>=4,<5" \
    || fail "pip install of dbt-core, dbt-snowflake, schemachange failed"
fi
"$venv/bin/dbt" --version | sed -n '1,6p'

echo "== build the packages (release binary)"
(cd "$repo" && cargo build --release -q --bin snowtenant)
bin=$repo/target/release/snowtenant
mkdir -p "$work/specs"
cp "$repo/examples/platform.yaml" "$work/specs/example.yaml"
# A tag value with ' \ " and Jinja tag openers: every escaping layer is exercised for real.
sed "s/department: Sales/department: 'O''Brien \\\\ \"Sales\" {{ evil }} {% x %}'/" \
  "$repo/examples/platform.yaml" > "$work/specs/escaping.yaml"
grep -q "O''Brien" "$work/specs/escaping.yaml" || fail "could not make the escaping spec"

export DBT_SEND_ANONYMOUS_USAGE_STATS=false DBT_USE_COLORS=false NO_COLOR=1
for variant in example escaping; do
  dist=$work/$variant/dist
  "$bin" build "$work/specs/$variant.yaml" --out "$dist" >/dev/null || fail "$variant: build failed"

  echo "== [$variant] dbt deps, parse, compile"
  project=$work/$variant/project
  cp -r "$repo/tests/dbt/project" "$project"
  printf 'packages:\n  - local: %s\n' "$dist/dbt" > "$project/packages.yml"
  export DBT_PROFILES_DIR=$project
  (cd "$project" && "$venv/bin/dbt" deps >"$work/deps.log" 2>&1) || { cat "$work/deps.log"; fail "$variant: dbt deps"; }
  (cd "$project" && "$venv/bin/dbt" parse >"$work/parse.log" 2>&1) || { cat "$work/parse.log"; fail "$variant: dbt parse"; }
  (cd "$project" && "$venv/bin/dbt" compile --no-introspect --no-populate-cache >"$work/compile.log" 2>&1) \
    || { cat "$work/compile.log"; fail "$variant: dbt compile (offline)"; }
  compiled=$project/target/compiled/snowtenant_interop
  # The post-hooks are configured on real models; parse must have kept them.
  grep -q 'snowtenant.attach_row_access_policy()' "$project/target/manifest.json" || fail "$variant: post-hook missing"

  echo "== [$variant] compiled SQL passes snowtenant lint"
  mapfile -t files < <(cd "$compiled" && find . -name '*.sql' | sort)
  [ "${#files[@]}" -ge 9 ] || fail "$variant: only ${#files[@]} compiled files"
  (cd "$compiled" && "$bin" lint "${files[@]}") || fail "$variant: compiled SQL fails the validator"

  echo "== [$variant] compiled SQL matches tests/dbt/expected/$variant"
  expected=$repo/tests/dbt/expected/$variant
  if [ "${UPDATE_EXPECTED:-0}" = 1 ]; then
    rm -rf "$expected"; mkdir -p "$expected"
    for f in "${files[@]}"; do
      mkdir -p "$expected/$(dirname "$f")"; cp "$compiled/$f" "$expected/$f"
    done
    echo "rewrote $expected; review it with git diff"
  fi
  diff -ru "$expected" "$compiled" || fail "$variant: compiled SQL differs from $expected (UPDATE_EXPECTED=1 to accept)"

  echo "== [$variant] schemachange render"
  n=0
  for script in "$dist"/schemachange/V*.sql; do
    name=$(basename "$script")
    step=$(echo "$name" | sed -E 's/^V[0-9]+\.([0-9]+)__(.*)$/\1_\2/')
    log=$("$venv/bin/schemachange" render -f "$dist/schemachange" "$script" 2>&1) \
      || { echo "$log"; fail "$variant: schemachange render $name"; }
    got=$(echo "$log" | sed 's/\x1b\[[0-9;]*m//g' | grep -o 'checksum=[0-9a-f]*' | head -1 | cut -d= -f2)
    # schemachange strips whitespace and one trailing `;` before hashing (JinjaTemplateProcessor).
    want=$("$venv/bin/python" -c 'import hashlib,sys; s=open(sys.argv[1]).read().strip(); s=s[:-1] if s.endswith(";") else s; print(hashlib.sha224(s.encode()).hexdigest())' "$dist/sql/$step")
    [ -n "$got" ] && [ "$got" = "$want" ] || fail "$variant: $name renders to something else than sql/$step"
    n=$((n + 1))
  done
  [ "$n" -eq 11 ] || fail "$variant: $n schemachange scripts, expected 11"
  echo "$n scripts render to their step files"
done
echo "interop-dbt: all checks passed"
