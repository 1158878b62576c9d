#!/usr/bin/env bash
# Interop check of the embed service with real clients in other languages.
# Builds snowtenant, starts `serve` on the fixture package, runs all four clients of examples/clients/
# (Python, JavaScript, Go, Elixir; Go and Elixir are installed from Debian packages when missing, and a
# client that cannot run is a failure, never a skip), checks that each client prints a one-line error
# without a stack trace when BASE is unset, then verifies every Sigma URL with PyJWT (an independent JWT
# library): HS256 with the Sigma secret, kid = client id, aud = sigmacomputing, and the expected claims.
# Exits non-zero on any failure.
#
# Needs: cargo, python3 (venv; pip reaches PyPI), node >= 20, apt-get (golang, elixir) unless installed.
#   INTEROP_VENV     venv for requests + PyJWT (default /tmp/snowtenant-interop-venv)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
clients=$repo/examples/clients
pkg=$repo/tests/fixtures/embed-package
work=$(mktemp -d); server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "INTEROP FAIL: $*" >&2; exit 1; }

echo "== build"
(cd "$repo" && cargo build --quiet --features full --bin snowtenant)

echo "== python venv (requests, PyJWT)"
venv=${INTEROP_VENV:-/tmp/snowtenant-interop-venv}
if ! "$venv/bin/python" -c 'import requests, jwt' 2>/dev/null; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "requests==2.*" "pyjwt==2.*"
fi

# shellcheck disable=SC1091
. "$pkg/dev.env"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export BASE=http://127.0.0.1:$port
echo "== serve on $BASE"
SNOWTENANT_LOG_FORMAT=json "$repo/target/debug/snowtenant" serve --package "$pkg" --listen "127.0.0.1:$port" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 1 100); do curl -fsS "$BASE/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS "$BASE/healthz" >/dev/null || { cat "$work/serve.log" >&2; fail "server did not start"; }

# Each client gets a tenant and a dashboard, and a user of that tenant (`embed_users` of the fixture);
# the expected workbook and role are checked below.
ran=()
user_of() { [ "$1" = "$SNOWTENANT_API_KEY_ACME_INDUSTRIES" ] && echo "acme-industries.example" || echo "example.com"; }
run_client() { # name tenant_key dashboard cmd...
  local name=$1 key=$2 dash=$3; shift 3
  echo "== client: $name"
  # Missing configuration: one line on stderr, non-zero exit, no stack trace.
  local code=0
  env -u BASE API_KEY=$key "$@" >"$work/$name.noconf.out" 2>"$work/$name.noconf.err" || code=$?
  [ "$code" != 0 ] || fail "$name client exited 0 without BASE"
  [ "$(wc -l <"$work/$name.noconf.err")" -le 1 ] && [ -s "$work/$name.noconf.err" ] \
    || { cat "$work/$name.noconf.err" >&2; fail "$name client: not a one-line error without BASE"; }
  if grep -Eq 'Traceback|panic|\*\* \(|    at |goroutine ' "$work/$name.noconf.err"; then
    cat "$work/$name.noconf.err" >&2; fail "$name client printed a stack trace without BASE"
  fi
  echo "   without BASE: $(cat "$work/$name.noconf.err")"
  local out
  if ! out=$(API_KEY=$key DASHBOARD=$dash EMBED_USER="$name.user@$(user_of "$key")" "$@" 2>"$work/$name.err"); then
    cat "$work/$name.err" >&2; fail "$name client exited non-zero"
  fi
  echo "$out" | tail -n 1 >"$work/$name.url"
  echo "   $(cut -c1-100 "$work/$name.url")..."
  ran+=("$name")
}

run_client python "$SNOWTENANT_API_KEY_JON_DOE_TECH" sales_distribution "$venv/bin/python" "$clients/python/embed_client.py"
command -v node >/dev/null || fail "node is required"
run_client javascript "$SNOWTENANT_API_KEY_ACME_INDUSTRIES" monthly_performance node "$clients/javascript/embed_client.mjs"

apt_install() { # package command
  command -v "$2" >/dev/null && return 0
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$1") >"$work/apt-$1.log" 2>&1 \
    || { tail -n 5 "$work/apt-$1.log" >&2; fail "could not install $1 from Debian packages"; }
}

apt_install golang go
# Built first: `go run` would add its own "exit status N" line to the client's one-line error.
(cd "$clients/go" && GOFLAGS=-mod=mod GOTOOLCHAIN=local go build -o "$work/go-client" .) || fail "go build failed"
run_client go "$SNOWTENANT_API_KEY_JON_DOE_TECH" monthly_performance "$work/go-client"

# OTP's :httpc only: no Hex, so nothing to fetch.
apt_install elixir elixir
run_client elixir "$SNOWTENANT_API_KEY_ACME_INDUSTRIES" sales_distribution elixir "$clients/elixir/embed_client.exs"

for c in python javascript go elixir; do
  [[ " ${ran[*]} " == *" $c "* ]] || fail "client $c did not run"
done

echo "== verify Sigma URLs with PyJWT"
"$venv/bin/python" - "$work" "$pkg/embed/config.json" "${ran[@]}" <<'PY'
import json, os, sys, time
import jwt

work, config_path, names = sys.argv[1], sys.argv[2], sys.argv[3:]
cfg = json.load(open(config_path))
tenants = {t["id"]: t for t in cfg["tenants"]}
domains = {"JON_DOE_TECH": "example.com", "ACME_INDUSTRIES": "acme-industries.example"}
expect = {  # client -> (tenant, dashboard), as run above
    "python": ("JON_DOE_TECH", "sales_distribution"),
    "javascript": ("ACME_INDUSTRIES", "monthly_performance"),
    "go": ("JON_DOE_TECH", "monthly_performance"),
    "elixir": ("ACME_INDUSTRIES", "sales_distribution"),
}
secret = os.environ["SNOWTENANT_SIGMA_CLIENT_SECRET"]
client_id = os.environ["SNOWTENANT_SIGMA_CLIENT_ID"]
sigma = cfg["sigma"]
failures = 0
for name in names:
    url = open(os.path.join(work, name + ".url")).read().strip()
    tenant_id, dash = expect[name]
    t = tenants[tenant_id]
    prefix = f'{sigma["base_url"]}/{sigma["org"]}/{t["dashboards"][dash]}?:embed=true&:jwt='
    try:
        assert url.startswith(prefix), f"URL does not start with {prefix}"
        token = url[len(prefix):]
        header = jwt.get_unverified_header(token)
        assert header.get("kid") == client_id and header.get("alg") == "HS256", f"header {header}"
        # Sigma's claims reference: ver 1.1 requires aud "sigmacomputing"; iss, when sent, is the client id.
        c = jwt.decode(token, secret, algorithms=["HS256"], audience="sigmacomputing", issuer=client_id,
                       options={"require": ["sub", "jti", "iat", "exp", "aud"]})
        assert c["sub"] == f"{name}.user@{domains[tenant_id]}", c["sub"]
        assert c["ver"] == "1.1" and c["account_type"] == sigma["account_type"]
        assert c["teams"] == t["teams"]
        assert c["user_attributes"] == {sigma["role_attribute"]: t["snowflake_role"],
                                        sigma["warehouse_attribute"]: t["warehouse"],
                                        sigma["tenant_attribute"]: tenant_id}, c["user_attributes"]
        assert 0 < c["exp"] - c["iat"] <= min(sigma["session_ttl_seconds"], 30 * 86400)
        assert abs(c["iat"] - time.time()) < 120 and len(c["jti"]) == 32
        # Tampering must not verify with an independent library either.
        try:
            jwt.decode(token[:-2] + ("AA" if not token.endswith("AA") else "BB"), secret, algorithms=["HS256"],
                       audience="sigmacomputing")
            raise AssertionError("tampered token verified")
        except jwt.InvalidSignatureError:
            pass
        print(f"   {name}: OK ({tenant_id}/{dash}, role {t['snowflake_role']})")
    except Exception as e:  # report every client, then fail
        failures += 1
        print(f"   {name}: FAIL {e}", file=sys.stderr)
sys.exit(1 if failures else 0)
PY

if grep -Fq -e "$SNOWTENANT_EMBED_SIGNING_KEY" -e "$SNOWTENANT_SIGMA_CLIENT_SECRET" -e "$SNOWTENANT_API_KEY_JON_DOE_TECH" "$work/serve.log"; then
  fail "a secret appeared in the server log"
fi
# Access logs are JSON lines: one per client's embed request, naming the user.
for c in "${ran[@]}"; do
  grep -q "\"user\":\"$c.user@" "$work/serve.log" || fail "no access log line for the $c client"
done
echo "INTEROP OK: ${ran[*]}"
