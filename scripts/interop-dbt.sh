#!/usr/bin/env bash
# Interop check of dist/dbt and dist/schemachange with the real tools, against stubs (no Snowflake account).
#
# 1. Installs dbt-core, dbt-snowflake and schemachange (pinned) from PyPI into virtualenvs.
# 2. Builds the example package (and a variant whose query tag needs every kind of escaping) with
#    the debug binary (the one `cargo test` builds; SNOWTENANT_BIN overrides).
# 3. Starts scripts/interop/fake_snowflake.py, a stub of the Snowflake endpoints the Python
#    connector calls (every statement logged as received; an empty account), and copies
#    tests/dbt/project (a root project with the `dispatch:` block of docs/dbt.md, no shims; models
#    with a tenant, the model's own query_tag, the native row_access_policy config, the post-hook,
#    an is_incremental() model (the root project's is_incremental() forwarding to
#    snowtenant's), a model without tenant; analyses calling every SQL-returning macro)
#    to a temp dir, installs dist/dbt as a local package (`dbt deps`), runs `dbt parse` and
#    `dbt compile` against the stub (no Snowflake account: is_incremental() introspects the stub),
#    then:
#    - runs `snowtenant lint` on every compiled file;
#    - diffs the compiled SQL against tests/dbt/expected/<variant>/ (UPDATE_EXPECTED=1 rewrites it;
#      review the diff before committing);
#    - runs `dbt compile --no-introspect --no-populate-cache` with a profile whose account nothing
#      answers (not the stub): the incremental model compiles into its tenant schema, every file as
#      against the stub, no connection opened; for the example, first without the root project's
#      is_incremental (dbt's own), which must fail with "connection never acquired";
#    - runs `dbt run` (target prod) and asserts the statements dbt-snowflake sent: the tenant query
#      tags (with the model's own tag merged in) set and restored around each tenant model through
#      dispatch, dbt-snowflake's own tag for the model without tenant, the policy in the CREATE of
#      the native-config model, the post-hook of the other, the tenant schemas;
#    - runs `dbt run --target dev` and asserts no tenant production schema is written.
# 4. Runs `schemachange render` on every dist/schemachange script and checks the checksum it logs
#    is that of the fingerprint line plus the matching sql/ step file (or sigma/snowflake.sql).
# 5. Runs schemachange's own deploy loop (scripts/interop/schemachange_deploy.py: the real
#    schemachange.deploy.deploy over a stub session keeping the change history in a file) on the
#    example, then on the example plus a tenant under the same release: the first deploy applies
#    every script, the second re-applies every script in order (schemachange 4.4 applied 0 of the
#    old V<release> scripts), a third applies none.
#
# Needs: cargo, python3 with venv; pip reaches PyPI. Exits non-zero on any failure.
#   INTEROP_DBT_VENV  venv to use or create (default /tmp/snowtenant-dbt-venv)
#   INTEROP_SC_VENV   schemachange's venv (default /tmp/snowtenant-schemachange-venv)
#   SNOWTENANT_BIN    a built snowtenant to use instead of building (the debug binary, as `cargo test` does)
#   KEEP_WORK         keep the temp dir (run-prod.sql, run-dev.sql: what dbt sent)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "INTEROP FAIL (dbt): $*" >&2; exit 1; }

echo "== python venvs (dbt-core, dbt-snowflake; schemachange), pinned"
# Pinned: a new release of a tool must not change what this suite checks without a commit.
# dbt-core 1.12 depends on a parser wheel downloaded from GitHub at install time, which this
# environment cannot reach; 1.11 installs from PyPI alone. schemachange has its own venv: its
# snowflake-connector-python range differs from dbt-snowflake's.
DBT_PINS=("dbt-core==1.11.16" "dbt-snowflake==1.11.6")
SC_PIN="schemachange==4.4.0"
venv=${INTEROP_DBT_VENV:-/tmp/snowtenant-dbt-venv}
if ! "$venv/bin/python" -m pip show dbt-core 2>/dev/null | grep -x "Version: ${DBT_PINS[0]#*==}" >/dev/null; then
  python3 -m venv "$venv" || fail "cannot create a venv"
  "$venv/bin/pip" install -q "${DBT_PINS[@]}" || fail "pip install of ${DBT_PINS[*]} failed"
fi
"$venv/bin/dbt" --version | sed -n '1,6p'
scvenv=${INTEROP_SC_VENV:-/tmp/snowtenant-schemachange-venv}
if ! "$scvenv/bin/python" -m pip show schemachange 2>/dev/null | grep -x "Version: ${SC_PIN#*==}" >/dev/null; then
  python3 -m venv "$scvenv" || fail "cannot create a venv"
  "$scvenv/bin/pip" install -q "$SC_PIN" || fail "pip install of $SC_PIN failed"
fi

echo "== build the packages"
if [ -n "${SNOWTENANT_BIN:-}" ]; then
  bin=$SNOWTENANT_BIN
else
  (cd "$repo" && cargo build -q --features full --bin snowtenant)
  bin=$repo/target/debug/snowtenant
fi
mkdir -p "$work/specs"
cp "$repo/examples/platform.yaml" "$work/specs/example.yaml"
# A tag value with ' \ " and Jinja tag openers: every escaping layer is exercised for real.
sed "s/department: Sales/department: 'O''Brien \\\\ \"Sales\" {{ evil }} {% x %}'/" \
  "$repo/examples/platform.yaml" > "$work/specs/escaping.yaml"
grep -q "O''Brien" "$work/specs/escaping.yaml" || fail "could not make the escaping spec"

export DBT_SEND_ANONYMOUS_USAGE_STATS=false DBT_USE_COLORS=false NO_COLOR=1
echo "== stub Snowflake"
"$venv/bin/python" "$repo/scripts/interop/fake_snowflake.py" "$work/received.jsonl" "$work/port" &
stub=$!
trap 'kill $stub 2>/dev/null; [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || fail "the stub did not start"
export SNOWTENANT_STUB_PORT=$(cat "$work/port")
# The statements the stub received since the last call, one per block (runs of spaces squeezed:
# dbt's templates leave them between keywords), for grep -F.
received() {
  "$venv/bin/python" -c 'import json,re,sys; [print(re.sub(" +", " ", json.loads(l)["sql"]) + "\n----") for l in open(sys.argv[1])]' "$work/received.jsonl"
  : > "$work/received.jsonl"
}
sent() { grep -qF -- "$2" "$1" || { echo "--- sent:"; grep -v '^----$' "$1" | head -80; fail "$variant: dbt did not send: $2"; }; }
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
  (cd "$project" && "$venv/bin/dbt" compile >"$work/compile.log" 2>&1) \
    || { cat "$work/compile.log"; fail "$variant: dbt compile (stub connection)"; }
  : > "$work/received.jsonl"
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

  echo "== [$variant] dbt compile --no-introspect, no connection at all"
  # A profile whose account nothing answers (127.0.0.1:1, not the stub); target prod, so the
  # incremental model jon_events builds in its tenant schema. dbt fills its relation cache at start
  # even with --no-introspect (dbt/task/runnable.py before_run -> populate_adapter_cache), hence
  # --no-populate-cache; dbt's own is_incremental() still asks the adapter (is_incremental.sql
  # line 7), which has no connection: the root project's is_incremental() forwards to snowtenant's.
  offline=$work/$variant/offline
  mkdir -p "$offline"
  cat > "$offline/profiles.yml" <<'YAML'
snowtenant_interop:
  target: prod
  outputs:
    prod:
      type: snowflake
      account: unreachable
      user: DBT_TRANSFORMER
      password: not-a-secret
      role: PLATFORM_DBT_ROLE
      database: ANALYTICS_PLATFORM
      warehouse: ANALYTICS_WH
      schema: GOLD
      threads: 1
      host: 127.0.0.1
      port: 1
      protocol: http
      connect_retries: 0
      connect_timeout: 5
YAML
  offline_compile() {
    rm -rf "$offline/logs"
    (cd "$project" && DBT_PROFILES_DIR=$offline "$venv/bin/dbt" compile --no-introspect --no-populate-cache \
      --target-path "$1" --log-path "$offline/logs" >"$work/offline.log" 2>&1)
  }
  if [ "$variant" = example ]; then
    # dbt's own is_incremental() (the root project's forwarding macro set aside) cannot compile
    # offline: the check below would fail without snowtenant.is_incremental().
    mv "$project/macros/is_incremental.sql" "$work/is_incremental.sql"
    offline_compile target-dbt-own && { cat "$work/offline.log"; fail "$variant: dbt's is_incremental() compiled offline; this check proves nothing"; }
    grep -q "connection never acquired" "$work/offline.log" || { cat "$work/offline.log"; fail "$variant: dbt's is_incremental() failed offline for another reason"; }
    mv "$work/is_incremental.sql" "$project/macros/is_incremental.sql"
    echo "dbt's own is_incremental() fails offline: connection never acquired"
  fi
  offline_compile target-offline || { cat "$work/offline.log"; fail "$variant: dbt compile --no-introspect"; }
  [ -s "$work/received.jsonl" ] && fail "$variant: the offline compile reached the stub"
  # dbt's debug log (always written to the log file) names every connection it opens.
  grep -q "Opening a new connection" "$offline/logs/dbt.log" && fail "$variant: the offline compile opened a connection"
  offline_compiled=$project/target-offline/compiled/snowtenant_interop
  # is_incremental() is false offline, as on the stub's empty account: the full build, every file
  # byte-identical to the compile against the stub.
  grep -qF "SELECT 'JON_DOE_TECH' AS TENANT_ID, CURRENT_TIMESTAMP() AS LOADED_AT" "$offline_compiled/models/jon_events.sql" \
    || fail "$variant: jon_events compiled offline to something else"
  grep -q "MAX(LOADED_AT)" "$offline_compiled/models/jon_events.sql" && fail "$variant: jon_events compiled offline as an incremental run"
  diff -ru "$compiled" "$offline_compiled" || fail "$variant: the offline compile differs from the compile against the stub"
  schema=$("$venv/bin/python" -c 'import json,sys; print(json.load(open(sys.argv[1]))["nodes"]["model.snowtenant_interop.jon_events"]["schema"])' \
    "$project/target-offline/manifest.json")
  [ "$schema" = GOLD_CLIENT_JON_DOE_TECH ] || fail "$variant: jon_events compiled offline into $schema, not its tenant schema"
  echo "compiled offline: jon_events in $schema, every file as against the stub"

  echo "== [$variant] dbt run (prod) against the stub"
  (cd "$project" && "$venv/bin/dbt" run --target prod >"$work/run.log" 2>&1) || { cat "$work/run.log"; fail "$variant: dbt run"; }
  received > "$work/run-prod.sql"
  policy=$(grep -o "'policy': '[^']*'" "$dist/dbt/macros/snowtenant_registry.sql" | head -1 | cut -d"'" -f4)
  [ -n "$policy" ] || fail "$variant: no policy in the registry"
  sent "$work/run-prod.sql" "create or replace view ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES.acme_orders"
  sent "$work/run-prod.sql" "with row access policy $policy ON (TENANT_ID)"
  sent "$work/run-prod.sql" "ANALYTICS_PLATFORM.GOLD_CLIENT_JON_DOE_TECH.jon_events"
  sent "$work/run-prod.sql" "ALTER TABLE ANALYTICS_PLATFORM.GOLD_CLIENT_JON_DOE_TECH.jon_events DROP ALL ROW ACCESS POLICIES"
  sent "$work/run-prod.sql" "ALTER TABLE ANALYTICS_PLATFORM.GOLD_CLIENT_JON_DOE_TECH.jon_events ADD ROW ACCESS POLICY $policy ON (TENANT_ID)"
  grep -qF "ALTER VIEW ANALYTICS_PLATFORM.GOLD_CLIENT_ACME_INDUSTRIES.acme_orders ADD" "$work/run-prod.sql" \
    && fail "$variant: the post-hook ran on a model with the native row_access_policy config"
  sent "$work/run-prod.sql" "alter session set query_tag = 'plain_dbt_tag'"
  if [ "$variant" = example ]; then
    sent "$work/run-prod.sql" "ALTER SESSION SET QUERY_TAG = '{\"department\":\"Operations\",\"priority\":\"normal\",\"tenant\":\"ACME_INDUSTRIES\",\"team\":\"finance\",\"model\":\"acme_orders\"}'"
    sent "$work/run-prod.sql" "ALTER SESSION SET QUERY_TAG = '{\"department\":\"Sales\",\"priority\":\"high\",\"tenant\":\"JON_DOE_TECH\",\"query_tag\":\"nightly\",\"model\":\"jon_events\"}'"
  else
    # The tag value O'Brien \ "Sales" {{ evil }} {% x %}: JSON-escaped, then SQL-escaped.
    tag=$(grep -F "ALTER SESSION SET QUERY_TAG = '{\"department\":\"O''Brien" "$work/run-prod.sql" | head -1)
    [ -n "$tag" ] || fail "$variant: no escaped tenant tag sent"
    case "$tag" in *'O'"''"'Brien \\\\ \\"Sales\\" {{ evil }} {% x %}'*) ;; *) fail "$variant: tag escaped wrongly: $tag" ;; esac
  fi
  # Each tenant model's tag is restored (the stub's session had none) after the model.
  [ "$(grep -c '^ALTER SESSION UNSET QUERY_TAG$' "$work/run-prod.sql")" -ge 2 ] || fail "$variant: tenant query tags not restored"
  echo "dbt run sent the tenant tags, the native policy, the post-hook and the tenant schemas"

  echo "== [$variant] dbt run (dev) writes no tenant production schema"
  (cd "$project" && "$venv/bin/dbt" run --target dev >"$work/run.log" 2>&1) || { cat "$work/run.log"; fail "$variant: dbt run --target dev"; }
  received > "$work/run-dev.sql"
  grep -q 'GOLD_CLIENT_' "$work/run-dev.sql" && { grep 'GOLD_CLIENT_' "$work/run-dev.sql" | head -5; fail "$variant: a dev run wrote into a tenant schema"; }
  sent "$work/run-dev.sql" "ANALYTICS_PLATFORM.DBT_DEV_ACME_INDUSTRIES.acme_orders"

  echo "== [$variant] schemachange render"
  n=0
  for script in "$dist"/schemachange/R__*.sql; do
    name=$(basename "$script")
    case "$name" in
      R__[0-9][0-9]_sigma.sql) source=$dist/sigma/snowflake.sql ;;
      *) source=$dist/sql/${name#R__} ;;
    esac
    [ -f "$source" ] || fail "$variant: $name has no source file"
    log=$("$scvenv/bin/schemachange" render -f "$dist/schemachange" "$script" 2>&1) \
      || { echo "$log"; fail "$variant: schemachange render $name"; }
    got=$(echo "$log" | sed 's/\x1b\[[0-9;]*m//g' | grep -o 'checksum=[0-9a-f]*' | head -1 | cut -d= -f2)
    # The rendered script is the fingerprint line then the source file; schemachange strips
    # whitespace and one trailing `;` before hashing (JinjaTemplateProcessor.render).
    want=$("$scvenv/bin/python" -c 'import hashlib,sys; s=open(sys.argv[1]).readline()+open(sys.argv[2]).read(); s=s.strip(); s=s[:-1] if s.endswith(";") else s; print(hashlib.sha224(s.encode()).hexdigest())' "$script" "$source")
    [ -n "$got" ] && [ "$got" = "$want" ] || fail "$variant: $name renders to something else than its fingerprint line and $(basename "$source")"
    n=$((n + 1))
  done
  [ "$n" -eq 12 ] || fail "$variant: $n schemachange scripts, expected 12 (11 steps and Sigma's)"
  ls "$dist"/schemachange | grep -qv '^R__' && fail "$variant: a schemachange script that is not repeatable"
  echo "$n scripts render to their step files"
done

echo "== schemachange deploy loop: a changed package re-runs, an unchanged one does not"
deploy_loop() { "$scvenv/bin/python" "$repo/scripts/interop/schemachange_deploy.py" "$1" "$work/history.json"; }
sed 's/^embed:/  - id: GLOBEX_CORP\n    display_name: Globex Corp\n    isolation: [schema, row]\n    warehouse: ANALYTICS_WH\n\nembed:/' \
  "$repo/examples/platform.yaml" > "$work/specs/grown.yaml"
grep -q GLOBEX_CORP "$work/specs/grown.yaml" || fail "could not make the grown spec"
"$bin" build "$work/specs/grown.yaml" --out "$work/grown/dist" >/dev/null || fail "grown: build failed"
first=$(deploy_loop "$work/example/dist/schemachange") || fail "schemachange deploy (first)"
echo "$first" | tail -1
[ "$(echo "$first" | tail -1)" = "applied=12 skipped=0" ] || fail "first deploy: $first"
second=$(deploy_loop "$work/grown/dist/schemachange") || fail "schemachange deploy (grown)"
echo "$second" | tail -1
[ "$(echo "$second" | tail -1)" = "applied=12 skipped=0" ] || fail "the grown package, same release, re-ran only: $second"
[ "$(echo "$second" | head -12 | tr '\n' ' ')" = "$(cd "$work/grown/dist/schemachange" && ls | sort | tr '\n' ' ')" ] \
  || fail "the grown package ran out of step order: $second"
third=$(deploy_loop "$work/grown/dist/schemachange") || fail "schemachange deploy (again)"
[ "$(echo "$third" | tail -1)" = "applied=0 skipped=12" ] || fail "an unchanged package re-ran: $third"
echo "interop-dbt: all checks passed"
