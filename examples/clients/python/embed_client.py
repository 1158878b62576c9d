"""Gets a Sigma embed URL from `snowtenant serve`: POST /v1/tokens, then GET /embed-dashboard.

Usage: BASE=http://127.0.0.1:8080 API_KEY=... [EMBED_USER=jane.doe@example.com] [DASHBOARD=sales_distribution] \
       python3 embed_client.py
Needs: pip install requests. Prints the embed URL on stdout; exits non-zero on any error.
"""
import os
import sys


def main() -> int:
    base = os.environ.get("BASE", "").rstrip("/")
    api_key = os.environ.get("API_KEY", "")
    if not base or not api_key:
        print("set BASE and API_KEY (see the usage line at the top of embed_client.py)", file=sys.stderr)
        return 2
    try:
        import requests
    except ImportError:
        print("the requests package is missing: pip install requests", file=sys.stderr)
        return 2
    user = os.environ.get("EMBED_USER", "jane.doe@example.com")
    dashboard = os.environ.get("DASHBOARD", "sales_distribution")

    # The SaaS backend authenticates with its tenant API key and gets a short-lived token for one user.
    r = requests.post(f"{base}/v1/tokens", headers={"Authorization": f"Bearer {api_key}"},
                      json={"user": user}, timeout=10)
    if r.status_code != 200:
        print(f"token request failed: {r.status_code} {r.text}", file=sys.stderr)
        return 1
    token = r.json()["access_token"]

    # The token is bound to this client's IP; it is exchanged for a signed Sigma embed URL.
    r = requests.get(f"{base}/embed-dashboard", params={"dashboard": dashboard},
                     headers={"Authorization": f"Bearer {token}"}, timeout=10)
    if r.status_code != 200:
        print(f"embed request failed: {r.status_code} {r.text}", file=sys.stderr)
        return 1
    print(r.json()["url"])
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as e:  # network errors and the like: one line, no traceback
        print(f"embed client failed: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
