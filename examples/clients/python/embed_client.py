"""Gets a Sigma embed URL from `snowtenant serve`: POST /v1/tokens, then GET /embed-dashboard.

Usage: BASE=http://127.0.0.1:8080 API_KEY=... [EMBED_USER=jane.doe@example.com] [DASHBOARD=sales_distribution] \
       python3 embed_client.py
Needs: pip install requests. Prints the embed URL on stdout; exits non-zero on any error.
"""
import os
import sys

import requests


def main() -> int:
    base = os.environ["BASE"].rstrip("/")
    api_key = os.environ["API_KEY"]
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
    sys.exit(main())
