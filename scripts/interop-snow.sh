#!/usr/bin/env bash
# Interop check of the package with the Snowflake CLI (`snow sql`), against a stub Snowflake.
#
# 1. Installs snowflake-cli (pinned) from PyPI into a virtualenv.
# 2. Builds the example and a variant whose display name and query tag hold text the CLI's
#    client-side templating rewrites (`R&D`, `&&`, `&{x}`, `<% y %>`, `{# z #}`).
# 3. Starts scripts/interop/fake_snowflake.py (the connector's login and query endpoints on
#    127.0.0.1, every statement logged as received) and a connection for it in a throwaway
#    SNOWFLAKE_HOME (config.toml, mode 0600 as the CLI requires).
# 4. Runs `snow sql -f dist/deploy.sql` and `snow sql -f dist/sigma/snowflake.sql`, with the CLI's
#    default templating and with `--enable-templating NONE` (the documented way), and checks with
#    scripts/interop/statements_match.py that every statement arrived byte-identical, in order.
#    With the defaults, the SQL package itself must be free of what the CLI would rewrite.
#
# Needs: cargo, python3 with venv; pip reaches PyPI. Exits non-zero on any failure.
#   INTEROP_SNOW_VENV  venv to use or create (default /tmp/snowtenant-snow-venv)
#   SNOWTENANT_BIN     a built snowtenant to use instead of building (the debug binary, as `cargo test` does)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "INTEROP FAIL (snow): $*" >&2; exit 1; }

echo "== python venv (snowflake-cli), pinned"
# 3.31.0 pins a pip release PyPI does not serve here; 3.30.0 installs.
SNOW_PIN="snowflake-cli==3.30.0"
venv=${INTEROP_SNOW_VENV:-/tmp/snowtenant-snow-venv}
if ! "$venv/bin/python" -m pip show snowflake-cli 2>/dev/null | grep -x "Version: ${SNOW_PIN#*==}" >/dev/null; then
  python3 -m venv "$venv" || fail "cannot create a venv"
  "$venv/bin/pip" install -q "$SNOW_PIN" || fail "pip install of $SNOW_PIN failed"
fi
"$venv/bin/snow" --version

echo "== build the packages"
if [ -n "${SNOWTENANT_BIN:-}" ]; then
  bin=$SNOWTENANT_BIN
else
  (cd "$repo" && cargo build -q --features full --bin snowtenant)
  bin=$repo/target/debug/snowtenant
fi
mkdir -p "$work/specs"
cp "$repo/examples/platform.yaml" "$work/specs/example.yaml"
sed -e 's/display_name: Acme Industries/display_name: Acme R\&D \&\& Co/' \
    -e "s/department: Sales/department: 'R\&D \&{x} <% y %> {# z #}'/" \
  "$repo/examples/platform.yaml" > "$work/specs/ampersand.yaml"
grep -q 'Acme R&D && Co' "$work/specs/ampersand.yaml" && grep -q '{# z #}' "$work/specs/ampersand.yaml" \
  || fail "could not make the ampersand spec"

echo "== stub Snowflake"
"$venv/bin/python" "$repo/scripts/interop/fake_snowflake.py" "$work/received.jsonl" "$work/port" &
server=$!
for _ in $(seq 50); do [ -s "$work/port" ] && break; sleep 0.1; done
[ -s "$work/port" ] || fail "the stub did not start"
export SNOWFLAKE_HOME=$work/snowflake_home
mkdir -p "$SNOWFLAKE_HOME"
printf '[connections.stub]\naccount = "stub"\nuser = "deployer"\npassword = "not-a-secret"\nhost = "127.0.0.1"\nport = %s\nprotocol = "http"\n' \
  "$(cat "$work/port")" > "$SNOWFLAKE_HOME/config.toml"
chmod 600 "$SNOWFLAKE_HOME/config.toml"

for variant in example ampersand; do
  dist=$work/$variant/dist
  "$bin" build "$work/specs/$variant.yaml" --out "$dist" >/dev/null || fail "$variant: build failed"
  for file in deploy.sql sigma/snowflake.sql; do
    for templating in default NONE; do
      args=(sql -f "$dist/$file" -c stub)
      [ "$templating" = NONE ] && args+=(--enable-templating NONE)
      : > "$work/received.jsonl"
      "$venv/bin/snow" "${args[@]}" > "$work/snow.log" 2>&1 \
        || { tail -20 "$work/snow.log"; fail "$variant: snow sql -f $file (templating $templating) failed"; }
      grep -q 'deprecated' "$work/snow.log" && { tail -5 "$work/snow.log"; fail "$variant: $file uses the CLI's template syntax"; }
      echo -n "[$variant] $file, templating $templating: "
      "$venv/bin/python" "$repo/scripts/interop/statements_match.py" "$dist/$file" "$work/received.jsonl" \
        || fail "$variant: $file did not arrive as written (templating $templating)"
    done
  done
done
echo "interop-snow: all checks passed"
