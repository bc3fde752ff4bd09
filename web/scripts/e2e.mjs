#!/usr/bin/env node
// Runs the end-to-end tests against the REAL api: builds the app, starts the api binary on
// the embedded default (SQLite, in-process worker, e-mail as .eml files) in a fresh temp
// folder, serves the app (from the api's WEB_DIR, else `vite preview` proxying to the api),
// runs Playwright in the system Chromium, and stops everything.
//
// Environment: STOCKROOM_API_BIN (default ../target/debug/api), E2E_SKIP_BUILD=1 to reuse
// dist/, E2E_KEEP=1 to keep the temp folder (database, mail, api log).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const started = Date.now();
const web = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = (name) => path.join(web, 'node_modules', '.bin', name);
const apiBin = path.resolve(web, process.env.STOCKROOM_API_BIN ?? '../target/debug/api');
const dist = path.join(web, 'dist');
const children = new Set();

function log(message) {
  console.log(`[e2e] ${message}`);
}

function run(command, args, options = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: web, stdio: 'inherit', ...options });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function start(command, args, options) {
  const child = spawn(command, args, { cwd: web, ...options });
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}

async function stop(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, what, child, timeoutMs = 90_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what} did not answer ${url} within ${timeoutMs / 1000} s`);
}

function startApi(dir, port, appUrl) {
  mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, 'api.log');
  const out = openSync(logFile, 'a');
  const child = start(apiBin, [], {
    cwd: dir,
    stdio: ['ignore', out, out],
    env: {
      ...process.env,
      BIND_ADDR: `127.0.0.1:${port}`,
      DATABASE_URL: `sqlite://${path.join(dir, 'e2e.db')}?mode=rwc`,
      MAIL_DIR: path.join(dir, 'mail'),
      APP_URL: appUrl,
      WEB_DIR: dist,
      RUST_LOG: process.env.RUST_LOG ?? 'warn',
      LOG_FORMAT: 'pretty',
    },
  });
  return { child, logFile, mailDir: path.join(dir, 'mail') };
}

/** Whether the api serves the built app itself (WEB_DIR with SPA fallback). */
async function apiServesApp(apiUrl) {
  const index = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const script = index.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
  try {
    const [root, deep] = await Promise.all([fetch(`${apiUrl}/`), fetch(`${apiUrl}/items/some-item`)]);
    const [rootText, deepText] = await Promise.all([root.text(), deep.text()]);
    const isIndex = (text) => text.includes('content="stockroom-web"') && (!script || text.includes(script));
    return root.ok && deep.ok && isIndex(rootText) && isIndex(deepText);
  } catch {
    return false;
  }
}

async function main() {
  if (!existsSync(apiBin)) {
    console.error(`[e2e] no api binary at ${apiBin}: build it with \`cargo build -p api\` (or set STOCKROOM_API_BIN)`);
    return 2;
  }
  if (process.env.E2E_SKIP_BUILD !== '1' || !existsSync(path.join(dist, 'index.html'))) {
    log('building the app');
    const code = await run(bin('vite'), ['build', '--logLevel', 'warn']);
    if (code !== 0) return code;
  }

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'stockroom-e2e-'));
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  let api = startApi(path.join(tmp, 'api'), apiPort, apiUrl);
  let preview = null;
  let baseUrl = apiUrl;
  let exitCode = 1;
  try {
    await waitFor(`${apiUrl}/healthz`, 'the api', api.child);
    if (await apiServesApp(apiUrl)) {
      log(`the api serves the app from WEB_DIR at ${apiUrl}`);
    } else {
      // The api does not serve WEB_DIR (yet): `vite preview` serves dist and proxies the
      // api, and the api is started again so its e-mail links point at the preview.
      const previewPort = await freePort();
      baseUrl = `http://127.0.0.1:${previewPort}`;
      log(`the api does not serve WEB_DIR; serving dist with vite preview at ${baseUrl}`);
      await stop(api.child);
      api = startApi(path.join(tmp, 'api2'), apiPort, baseUrl);
      await waitFor(`${apiUrl}/healthz`, 'the api', api.child);
      preview = start(bin('vite'), ['preview', '--host', '127.0.0.1', '--port', String(previewPort), '--strictPort'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, STOCKROOM_API_URL: apiUrl },
      });
      // A page closing its WebSocket resets the proxied socket: noise, not a failure.
      preview.stderr.setEncoding('utf8').on('data', (chunk) => {
        const lines = chunk.split('\n').filter((l) => l.trim() && !/ECONNRESET|ws proxy (socket )?error|^\s+at /.test(l));
        if (lines.length) process.stderr.write(`${lines.join('\n')}\n`);
      });
      await waitFor(`${baseUrl}/`, 'vite preview', preview);
    }

    const results = path.join(tmp, 'results.json');
    exitCode = await run(bin('playwright'), ['test', ...process.argv.slice(2)], {
      env: {
        ...process.env,
        E2E_BASE_URL: baseUrl,
        E2E_MAIL_DIR: api.mailDir,
        PLAYWRIGHT_JSON_OUTPUT_NAME: results,
      },
    });
    if (existsSync(results)) {
      const { stats } = JSON.parse(readFileSync(results, 'utf8'));
      const failed = (stats.unexpected ?? 0) + (stats.flaky ?? 0);
      console.log(`e2e: ${stats.expected ?? 0} passed, ${failed} failed, ${stats.skipped ?? 0} skipped`);
    }
  } catch (error) {
    console.error(`[e2e] ${error instanceof Error ? error.message : error}`);
    exitCode = 1;
  } finally {
    await stop(preview);
    await stop(api.child);
    if (exitCode !== 0 && existsSync(api.logFile)) {
      const lines = readFileSync(api.logFile, 'utf8').trim().split('\n');
      console.error(`[e2e] last lines of the api log (${api.logFile}):\n${lines.slice(-40).join('\n')}`);
    }
    if (process.env.E2E_KEEP === '1') log(`kept ${tmp}`);
    else rmSync(tmp, { recursive: true, force: true });
    log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  return exitCode;
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const child of children) child.kill('SIGTERM');
    process.exit(130);
  });
}

process.exitCode = await main();
