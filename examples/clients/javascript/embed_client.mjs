// Gets a Sigma embed URL from `snowtenant serve` with Node 20's built-in fetch (no dependencies).
// Usage: BASE=http://127.0.0.1:8080 API_KEY=... [EMBED_USER=...] [DASHBOARD=sales_distribution] node embed_client.mjs
// Prints the embed URL on stdout; exits non-zero on any error.
const base = (process.env.BASE ?? "").replace(/\/$/, "");
const apiKey = process.env.API_KEY;
const user = process.env.EMBED_USER ?? "jane.doe@example.com";
const dashboard = process.env.DASHBOARD ?? "sales_distribution";
if (!base || !apiKey) {
  console.error("set BASE and API_KEY");
  process.exit(2);
}

async function main() {
  // 1. Tenant API key -> short-lived access token for one user, bound to this client's IP.
  let r = await fetch(`${base}/v1/tokens`, {
    method: "POST",
    headers: { Authorization: `Bearer ${apiKey}`, "Content-Type": "application/json" },
    body: JSON.stringify({ user }),
    signal: AbortSignal.timeout(10_000),
  });
  if (r.status !== 200) throw new Error(`token request failed: ${r.status} ${await r.text()}`);
  const { access_token: token } = await r.json();

  // 2. Access token -> signed Sigma embed URL.
  const url = new URL(`${base}/embed-dashboard`);
  url.searchParams.set("dashboard", dashboard);
  r = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(10_000) });
  if (r.status !== 200) throw new Error(`embed request failed: ${r.status} ${await r.text()}`);
  console.log((await r.json()).url);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
