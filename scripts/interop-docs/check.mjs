// Opens snowtenant docs sites in Debian's Chromium (headless, through playwright-core) and fails on
// any console error, page error, failed or external request, or broken link; saves screenshots and
// prints load timings as JSON lines. Usage: node check.mjs OUT_DIR SITE_NAME=DIR[:http] ...
import { chromium } from "playwright-core";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";

const [outDir, ...sites] = process.argv.slice(2);
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const problems = [];
const fail = (msg) => { problems.push(msg); console.error("FAIL: " + msg); };

// Every href/src of every HTML file must be a file of the site (static check, all pages).
function checkLinksStatically(name, root) {
  let pages = 0, links = 0;
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { walk(p); continue; }
      if (!p.endsWith(".html")) continue;
      pages++;
      const html = fs.readFileSync(p, "utf8");
      for (const m of html.matchAll(/(?:href|src)="([^"]*)"/g)) {
        const link = m[1];
        if (link === "data:," || link.startsWith("#")) continue;
        if (/^[a-z]+:|^\/\//i.test(link)) { fail(`${name}: ${path.relative(root, p)} links outside: ${link}`); continue; }
        const target = path.resolve(path.dirname(p), link.split("#")[0]);
        if (!fs.existsSync(target)) fail(`${name}: ${path.relative(root, p)} has a broken link: ${link}`);
        links++;
      }
    }
  };
  walk(root);
  return { pages, links };
}

// A tiny static host (the site must work from any static host, not only file://).
function serve(root) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      const rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
      const file = path.join(root, rel.endsWith("/") ? rel + "index.html" : rel);
      if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
        res.writeHead(404); res.end(); return;
      }
      const type = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
        ".json": "application/json", ".md": "text/markdown" }[path.extname(file)] || "application/octet-stream";
      res.writeHead(200, { "content-type": type });
      fs.createReadStream(file).pipe(res);
    });
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

const userData = fs.mkdtempSync(path.join(fs.realpathSync(process.env.TMPDIR || "/tmp"), "snowtenant-chromium-"));
const context = await chromium.launchPersistentContext(userData, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: FLAGS,
  viewport: { width: 1180, height: 760 },
});

async function visit(page, url, label) {
  const started = Date.now();
  const response = await page.goto(url, { waitUntil: "load" });
  const wall = Date.now() - started;
  if (response && response.status() >= 400) fail(`${label}: HTTP ${response.status()} for ${url}`);
  const nav = await page.evaluate(() => {
    const n = performance.getEntriesByType("navigation")[0];
    return n ? { load: Math.round(n.loadEventEnd), dom: Math.round(n.domContentLoadedEventEnd) } : null;
  });
  return { wall, ...nav };
}

for (const spec of sites) {
  const [name, rest] = spec.split("=");
  const [dir, mode] = rest.split(":");
  const root = fs.realpathSync(dir);
  const stat = checkLinksStatically(name, root);
  console.log(JSON.stringify({ site: name, check: "static links", ...stat }));
  let server = null, base;
  if (mode === "http") {
    server = await serve(root);
    base = `http://127.0.0.1:${server.address().port}/`;
  } else {
    base = pathToFileURL(root).href + "/";
  }
  const page = await context.newPage();
  page.on("console", (m) => { if (m.type() === "error") fail(`${name}: console error on ${page.url()}: ${m.text()}`); });
  page.on("pageerror", (e) => fail(`${name}: page error on ${page.url()}: ${e.message}`));
  page.on("requestfailed", (r) => fail(`${name}: request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on("request", (r) => {
    const u = r.url();
    if (!u.startsWith(base) && !u.startsWith("data:")) fail(`${name}: request outside the site: ${u}`);
  });
  page.on("response", (r) => { if (r.status() >= 400) fail(`${name}: HTTP ${r.status()} for ${r.url()}`); });

  // First page, cold (a fresh page in a fresh profile), then the other top pages.
  const first = await visit(page, base + "index.html", name);
  console.log(JSON.stringify({ site: name, page: "index.html", mode: mode || "file", ...first }));
  for (const top of ["tenants.html", "matrix.html", "plan.html"]) {
    if (!fs.existsSync(path.join(root, top))) continue;
    const t = await visit(page, base + top, name);
    console.log(JSON.stringify({ site: name, page: top, mode: mode || "file", ...t }));
    // Follow every link of the page in the browser too (bounded: the first 40).
    const hrefs = await page.$$eval("a[href]", (as) => as.map((a) => a.href));
    // Pages are opened; data files (matrix.json) are fetched, not opened: a browser opening a
    // bare JSON document asks the host for /favicon.ico, which is not the site's error.
    for (const href of hrefs.slice(0, 40)) {
      if (!href.startsWith(base)) continue;
      if (new URL(href).pathname.endsWith(".html")) { await visit(page, href, name); continue; }
      if (mode === "http") {
        const r = await context.request.get(href);
        if (!r.ok()) fail(`${name}: HTTP ${r.status()} for ${href}`);
      } else if (!fs.existsSync(new URL(href))) fail(`${name}: missing ${href}`);
    }
    if (top === "matrix.html") {
      await page.goto(base + top, { waitUntil: "load" });
      const total = await page.textContent("#page");
      await page.fill("#q", "zz-no-such-tenant");
      if ((await page.textContent("#page")) !== "no match") fail(`${name}: the matrix search does not filter`);
      await page.fill("#q", "");
      const rows = await page.$$eval("#rows tr", (t) => t.length);
      if (rows < 1) fail(`${name}: the matrix shows no row`);
      await page.click("#next");
      console.log(JSON.stringify({ site: name, page: top, matrix: total, rows_on_page: rows, after_next: await page.textContent("#page") }));
      await page.click("#prev");
      if (name === "example") await page.screenshot({ path: path.join(outDir, `${name}-matrix.png`) });
    }
  }
  const tenants = fs.readdirSync(path.join(root, "tenants")).sort();
  const sample = tenants.length <= 50 ? tenants
    : [tenants[0], tenants[Math.floor(tenants.length / 2)], tenants[tenants.length - 1]];
  for (const t of sample) await visit(page, base + "tenants/" + t, name);
  await page.goto(base + "tenants/" + sample[0], { waitUntil: "load" });
  await page.screenshot({ path: path.join(outDir, `${name}-tenant.png`), fullPage: true });
  await page.goto(base + "index.html", { waitUntil: "load" });
  await page.screenshot({ path: path.join(outDir, `${name}-overview.png`) });
  await page.close();
  if (server) server.close();
}
await context.close();
fs.rmSync(userData, { recursive: true, force: true });
if (problems.length) {
  console.error(`${problems.length} problem(s)`);
  process.exit(1);
}
console.log("browser check: ok");
