// The official MCP conformance suite's authorization-server scenarios (`conformance authorization`) against
// the remote, multi-user oura-mcp (`serve --http --public-url`) in front of the fake Oura API. The suite's
// authorization-code-grant scenario prints an authorization URL for a person to open and waits for the
// browser at its callback server: here a scripted browser (interop/oauth-remote.mjs) allows the consent page,
// signs in at the fake Oura and delivers the redirect. The client is registered beforehand through /register
// (RFC 7591), as a public client with the suite's callback as its redirect URI.
//
// Every check must pass (README.md); a failure, a skipped scenario or a missing one fails this test.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScriptedBrowser, freePort, startRemoteServer } from '../interop/oauth-remote.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const suite = path.join(here, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const ouraBinary = process.env.OURA_MCP_BIN;
const fakeBinary = process.env.FAKE_OURA_BIN;
if (!ouraBinary || !fakeBinary) {
  console.error('OURA_MCP_BIN and FAKE_OURA_BIN must name the oura-mcp and fake-oura-api binaries');
  process.exit(2);
}

/// The scenarios `conformance authorization` runs against an authorization server; each must report SUCCESS.
const EXPECTED = ['authorization-server-metadata-endpoint', 'authorization-code-grant'];

async function register(publicUrl, redirectUri) {
  const response = await fetch(`${publicUrl}/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      client_name: 'MCP conformance suite', redirect_uris: [redirectUri], token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
    }),
  });
  if (response.status !== 201) throw new Error(`registration answered ${response.status}`);
  return (await response.json()).client_id;
}

/// Runs the suite; when it prints the authorization URL, walks the browser's flow to its callback.
function runSuite(args, browser, redirectUri) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [suite, 'authorization', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let walked = false;
    let failure = null;
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = /^(http:\/\/127\.0\.0\.1:\d+\/authorize\?\S+)\r?\n/m.exec(stdout); // a whole line
      if (line && !walked) {
        walked = true;
        browser.authorize(line[1], redirectUri)
          .then((back) => fetch(back)) // the suite's callback server: it records the URL and answers "OK"
          .then((answer) => answer.body?.cancel())
          .catch((error) => {
            failure = error;
            child.kill(); // it would wait five minutes for a callback that will not come
          });
      }
    });
    child.stderr.on('data', () => {});
    child.on('error', reject);
    child.on('exit', () => (failure ? reject(failure) : resolve({ stdout, walked })));
  });
}

/// Runs the suite once and reports its checks; true if every expected scenario passed every check.
async function runOnce(label, withResource) {
  const out = mkdtempSync(path.join(tmpdir(), 'conformance-auth-'));
  let ok = true;
  try {
    const port = await freePort();
    const redirectUri = `http://127.0.0.1:${port}/callback`;
    const clientId = await register(remote.publicUrl, redirectUri);
    const browser = new ScriptedBrowser({ ouraBaseUrl: remote.fake.base_url, ouraUser: 'conformance' });
    const args = ['--url', remote.publicUrl, '--client-id', clientId, '--port', String(port), '-o', out,
                  ...(withResource ? ['--resource', remote.mcpUrl] : [])];
    console.log(`--- authorization, ${label} ---`);
    const { walked } = await runSuite(args, browser, redirectUri);
    if (!walked) {
      console.log('  the suite printed no authorization URL');
      ok = false;
    }
    const seen = new Set();
    let passed = 0;
    for (const dir of readdirSync(out)) {
      const scenario = EXPECTED.find((name) => dir.includes(name)) || dir;
      seen.add(scenario);
      let checks;
      try {
        checks = JSON.parse(readFileSync(path.join(out, dir, 'checks.json'), 'utf8'));
      } catch {
        console.log(`  UNEXPECTED ${scenario}: no checks.json`);
        ok = false;
        continue;
      }
      for (const check of checks) {
        // Only the id, status and message: the details hold the authorization response (its code).
        console.log(`  ${check.status.padEnd(7)} ${scenario} / ${check.id}` +
                    (check.errorMessage ? `: ${check.errorMessage.slice(0, 200)}` : ''));
        // Anything but SUCCESS fails, a WARNING too: a SHOULD the server misses is a finding.
        if (check.status === 'SUCCESS') passed += 1;
        else ok = false;
      }
    }
    for (const name of EXPECTED) {
      if (!seen.has(name)) {
        console.log(`  MISSING ${name}`);
        ok = false;
      }
    }
    console.log(`authorization, ${label}: ${passed} checks passed`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return ok;
}

const remote = await startRemoteServer({ ouraBinary, fakeBinary, users: { conformance: 7 }, today: '2026-11-30' });
let failed = false;
try {
  // MCP clients send the resource (RFC 8707); a plain OAuth client may not, and gets a token for /mcp anyway.
  for (const [label, withResource] of [['with resource', true], ['without resource', false]]) {
    if (!(await runOnce(label, withResource))) failed = true;
  }
} finally {
  const code = await remote.stop();
  if (code !== 0) {
    console.log(`the server exited with ${code}`);
    failed = true;
  }
  if (/omcp_(at|rt|ac|cs)_[0-9A-Za-z_-]{8}/.test(remote.server.stderr())) {
    console.log("the server's log holds a token or code of its own");
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
