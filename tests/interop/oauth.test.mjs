// The official TypeScript SDK v1 client with its OAuth support against a remote, multi-user oura-mcp
// (`serve --http --public-url`) in front of the fake Oura API with two users: dynamic client registration,
// the browser's flow (consent page, Oura sign-in, callback) walked by a scripted browser for a public, a
// client_secret_post and a client_secret_basic client (the SDK picks the method), tools called as the
// signed-in user, refresh-token rotation and reuse, two users at once, refusals without a valid token, the
// SDK v2 client's sign-in with its iss check, and no token, code or secret in either server's log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { connect as connectSocket } from 'node:net';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  UnauthorizedError,
  discoverAuthorizationServerMetadata,
  refreshAuthorization,
} from '@modelcontextprotocol/sdk/client/auth.js';
import { InvalidGrantError } from '@modelcontextprotocol/sdk/server/auth/errors.js';
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { serverBinary } from './common.mjs';
import { ScriptedBrowser, startRemoteServer } from './oauth-remote.mjs';

const fakeBinary = process.env.FAKE_OURA_BIN;
assert.ok(fakeBinary, 'FAKE_OURA_BIN must name the fake-oura-api binary');

const USERS = { alice: 11, bob: 22 };
const SLEEP_WEEK = { start_date: '2026-11-01', end_date: '2026-11-07' };

let remote;
let stopped = false;
/// Every token, code, verifier and client secret this test saw: none may appear in a log.
const secrets = new Set();
/// Every URL the scripted browsers visited (the codes in them are secrets too).
const visited = [];

before(async () => {
  remote = await startRemoteServer({ ouraBinary: serverBinary, fakeBinary, users: USERS, today: '2026-11-30' });
});

after(async () => {
  if (!stopped) await remote?.stop();
});

/// An OAuthClientProvider that keeps everything in memory and signs in as `ouraUser` through a scripted
/// browser. Registers dynamically (no client information until the SDK saves some).
class MemoryProvider {
  constructor(name, ouraUser, authMethod = 'none') {
    this.name = name;
    this.authMethod = authMethod;
    this.redirect = `http://127.0.0.1:${40000 + Math.floor(Math.random() * 20000)}/callback`;
    this.browser = new ScriptedBrowser({ ouraBaseUrl: remote.fake.base_url, ouraUser, seen: visited });
    this.client = undefined;
    this.saved = undefined;
    this.verifier = undefined;
    this.sentState = undefined;
    this.code = undefined;
  }

  get redirectUrl() { return this.redirect; }

  get clientMetadata() {
    return {
      client_name: this.name,
      redirect_uris: [this.redirect],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: this.authMethod,
    };
  }

  state() {
    this.sentState = randomBytes(16).toString('hex');
    return this.sentState;
  }

  clientInformation() { return this.client; }

  saveClientInformation(info) {
    this.client = info;
    if (info.client_secret) secrets.add(info.client_secret);
  }

  tokens() { return this.saved; }

  saveTokens(tokens) {
    this.saved = tokens;
    secrets.add(tokens.access_token);
    if (tokens.refresh_token) secrets.add(tokens.refresh_token);
  }

  async redirectToAuthorization(authorizationUrl) {
    const back = await this.browser.authorize(authorizationUrl, this.redirect);
    assert.equal(back.searchParams.get('error'), null,
                 `the flow ended in ${back.searchParams.get('error')}: ${back.searchParams.get('error_description')}`);
    assert.equal(back.searchParams.get('state'), this.sentState, 'the state comes back unchanged');
    assert.equal(back.searchParams.get('iss'), remote.publicUrl, 'RFC 9207: iss names the issuer');
    this.callback = back;
    this.code = back.searchParams.get('code');
    assert.ok(/^omcp_ac_/.test(this.code), 'our authorization code came back');
    secrets.add(this.code);
  }

  saveCodeVerifier(verifier) {
    this.verifier = verifier;
    secrets.add(verifier);
  }

  codeVerifier() { return this.verifier; }

  // Kept with the verifier, so that the SDK can check the callback came from the server it started with.
  saveDiscoveryState(state) { this.discovery = state; }

  discoveryState() { return this.discovery; }
}

async function connect(provider) {
  const client = new Client({ name: provider.name, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL(remote.mcpUrl), { authProvider: provider }));
  return client;
}

/// The SDK's whole flow: the first connect finds no token, discovers, registers, sends the browser (which
/// comes back with a code) and throws UnauthorizedError; finishAuth redeems the code; the next connect works.
async function signIn(provider) {
  const transport = new StreamableHTTPClientTransport(new URL(remote.mcpUrl), { authProvider: provider });
  const client = new Client({ name: provider.name, version: '1.0.0' });
  await assert.rejects(client.connect(transport), UnauthorizedError);
  assert.ok(provider.client?.client_id, 'the client registered dynamically');
  await transport.finishAuth(provider.code);
  // (never assert.match on a secret: its failure message would print it)
  assert.ok(/^omcp_at_/.test(provider.saved.access_token), 'an access token of ours');
  assert.ok(/^omcp_rt_/.test(provider.saved.refresh_token), 'a refresh token of ours');
  return connect(provider);
}

async function personalId(client) {
  const result = await client.callTool({ name: 'get_personal_info', arguments: {} });
  assert.notEqual(result.isError, true, JSON.stringify(result).slice(0, 300));
  return result.structuredContent.personal_info.id;
}

async function sleepWeek(client) {
  const result = await client.callTool({ name: 'get_daily_sleep', arguments: SLEEP_WEEK });
  assert.notEqual(result.isError, true, JSON.stringify(result).slice(0, 300));
  return result.structuredContent;
}

function mcpPost(headers = {}) {
  return fetch(remote.mcpUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
  });
}

/// Sends a request head on a raw keep-alive connection and resolves with the answer's head. Rejects if no
/// answer comes within 5 s (a server waiting for a body the request does not have would answer only when its
/// 30 s read timeout ends the wait).
function rawRequest(baseUrl, lines) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connectSocket({ host: hostname, port: Number(port) });
    let answer = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer to ${lines[0]} while the connection stayed open`));
    }, 5000);
    socket.on('connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    socket.on('data', (chunk) => {
      answer += chunk;
      if (answer.includes('\r\n\r\n')) {
        clearTimeout(timer);
        socket.destroy();
        resolve(answer);
      }
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

const alice = {};
const bob = {};

test('a) DCR, sign-in through consent and Oura, tools as the signed-in user', async () => {
  alice.provider = new MemoryProvider('interop-oauth-alice', 'alice');
  alice.client = await signIn(alice.provider);
  const { tools } = await alice.client.listTools();
  for (const name of ['get_daily_sleep', 'get_personal_info']) {
    assert.ok(tools.some((t) => t.name === name), `${name} is listed`);
  }
  assert.equal(await personalId(alice.client), remote.fake.users.alice, "alice's own Oura account");
  alice.sleep = await sleepWeek(alice.client);
  assert.ok(JSON.stringify(alice.sleep).includes('2026-11-03'), 'the week of daily sleep came back');
});

test('b) refresh: the rotated tokens keep working, a spent refresh token is refused and ends the family',
     async () => {
  const provider = new MemoryProvider('interop-oauth-refresher', 'alice', 'client_secret_post');
  await (await signIn(provider)).close();
  const metadata = await discoverAuthorizationServerMetadata(remote.publicUrl);
  const spent = provider.saved.refresh_token;
  const refreshed = await refreshAuthorization(remote.publicUrl, {
    metadata, clientInformation: provider.client, refreshToken: spent, resource: new URL(remote.mcpUrl),
  });
  // Stored as the SDK stores what it gets: stamped with the issuer the tokens came from.
  provider.saveTokens({ ...refreshed, issuer: provider.saved.issuer });
  assert.ok(refreshed.refresh_token !== spent, 'the refresh token rotates');

  const second = await connect(provider); // a second run of the client, with the stored tokens
  assert.equal(await personalId(second), remote.fake.users.alice);
  await second.close();

  // A third run whose access token no longer works (a made-up one stands in for an expired one: the lifetime
  // is an hour and has no setting): the SDK meets the 401, refreshes by itself and goes on.
  const stored = provider.saved.refresh_token;
  provider.saved = { ...provider.saved, access_token: `omcp_at_${randomBytes(32).toString('hex')}` };
  const third = await connect(provider);
  assert.equal(await personalId(third), remote.fake.users.alice);
  assert.ok(provider.saved.refresh_token !== stored, 'the SDK refreshed, and the refresh token rotated again');
  await third.close();

  await assert.rejects(
    refreshAuthorization(remote.publicUrl, { metadata, clientInformation: provider.client, refreshToken: spent }),
    InvalidGrantError);
  const afterReuse = await mcpPost({ authorization: `Bearer ${provider.saved.access_token}` });
  assert.equal(afterReuse.status, 401, 'reusing a refresh token revokes the tokens issued from it');
  assert.match(afterReuse.headers.get('www-authenticate'), /error="invalid_token"/);
});

test('c) two users at once each see only their own data', async () => {
  bob.provider = new MemoryProvider('interop-oauth-bob', 'bob', 'client_secret_basic');
  bob.client = await signIn(bob.provider);
  bob.sleep = await sleepWeek(bob.client);
  assert.notDeepEqual(bob.sleep, alice.sleep, 'the two fake users have different datasets');

  const rounds = [];
  for (let i = 0; i < 4; i += 1) {
    for (const who of [alice, bob]) {
      rounds.push(Promise.all([personalId(who.client), sleepWeek(who.client)]).then(([id, sleep]) => ({
        who, id, sleep,
      })));
    }
  }
  for (const { who, id, sleep } of await Promise.all(rounds)) {
    const name = who === alice ? 'alice' : 'bob';
    assert.equal(id, remote.fake.users[name], `${name} sees their own personal info`);
    assert.deepEqual(sleep, who.sleep, `${name} sees their own sleep`);
  }
});

test('d) no token, a forged token, a revoked token and another resource are refused', async () => {
  const anonymous = await mcpPost();
  assert.equal(anonymous.status, 401);
  const challenge = anonymous.headers.get('www-authenticate');
  const metadataUrl = `${remote.publicUrl}/.well-known/oauth-protected-resource/mcp`;
  assert.ok(challenge.startsWith('Bearer '), challenge);
  assert.ok(challenge.includes(`resource_metadata="${metadataUrl}"`), challenge);
  assert.doesNotMatch(challenge, /error=/, 'no error when no token was presented (RFC 6750 §3.1)');
  const prm = await (await fetch(metadataUrl)).json();
  assert.equal(prm.resource, remote.mcpUrl);
  assert.deepEqual(prm.authorization_servers, [remote.publicUrl]);

  // A browser-based client on another origin (the MCP Inspector's web UI) may register and redeem codes: its
  // preflight, as browsers send it (no Content-Length, the connection kept open), is answered at once.
  const preflight = await rawRequest(remote.publicUrl, [
    'OPTIONS /register HTTP/1.1', `Host: ${new URL(remote.publicUrl).host}`, 'Origin: http://localhost:6274',
    'Access-Control-Request-Method: POST', 'Access-Control-Request-Headers: content-type',
  ]);
  assert.match(preflight, /^HTTP\/1\.1 204 /);
  assert.match(preflight, /\r\nAccess-Control-Allow-Origin: \*\r\n/i);
  assert.match(preflight, /\r\nAccess-Control-Allow-Headers: [^\r]*Content-Type/i);

  const forged = await mcpPost({ authorization: `Bearer omcp_at_${randomBytes(32).toString('hex')}` });
  assert.equal(forged.status, 401);
  assert.match(forged.headers.get('www-authenticate'), /error="invalid_token"/);

  // A token minted for another resource cannot even be asked for: /authorize refuses the resource.
  const verifierFree = new URL(`${remote.publicUrl}/authorize`);
  for (const [key, value] of Object.entries({
    response_type: 'code', client_id: bob.provider.client.client_id, redirect_uri: bob.provider.redirect,
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256', state: 'elsewhere',
    resource: 'http://127.0.0.1:1/mcp',
  })) verifierFree.searchParams.set(key, value);
  const elsewhere = await fetch(verifierFree, { redirect: 'manual' });
  assert.equal(elsewhere.status, 302);
  const refused = new URL(elsewhere.headers.get('location'));
  assert.equal(refused.searchParams.get('error'), 'invalid_target');
  assert.equal(refused.searchParams.get('state'), 'elsewhere');

  // Revoking bob's refresh token ends his access token too (RFC 7009, the whole family).
  const revoke = await fetch(`${remote.publicUrl}/revoke`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${bob.provider.client.client_id}:${bob.provider.client.client_secret}`)
        .toString('base64')}`,
    },
    body: new URLSearchParams({ token: bob.provider.saved.refresh_token }).toString(),
  });
  assert.equal(revoke.status, 200);
  const revoked = await mcpPost({ authorization: `Bearer ${bob.provider.saved.access_token}` });
  assert.equal(revoked.status, 401);
  assert.match(revoked.headers.get('www-authenticate'), /error="invalid_token"/);
  // alice is not affected.
  assert.equal(await personalId(alice.client), remote.fake.users.alice);
});

test('SDK v2: the same sign-in, the callback handed over whole so that the SDK checks iss (RFC 9207)', async () => {
  const provider = new MemoryProvider('interop-oauth-v2', 'bob');
  const transport = new TransportV2(new URL(remote.mcpUrl), { authProvider: provider });
  const first = new ClientV2({ name: provider.name, version: '1.0.0' });
  await assert.rejects(first.connect(transport), (error) => error.name === 'UnauthorizedError');
  await transport.finishAuth(provider.callback.searchParams);
  const client = new ClientV2({ name: provider.name, version: '1.0.0' });
  await client.connect(new TransportV2(new URL(remote.mcpUrl), { authProvider: provider }));
  try {
    assert.equal(await personalId(client), remote.fake.users.bob);
    assert.deepEqual(await sleepWeek(client), bob.sleep);
  } finally {
    await client.close();
  }
});

test('e) no token, code or secret in either log', async () => {
  await alice.client.close();
  await bob.client.close().catch(() => {});
  const code = await remote.stop();
  stopped = true;
  assert.equal(code, 0, 'SIGTERM ends the server cleanly');
  assert.equal(remote.server.stdout(), '', 'nothing on stdout in HTTP mode');
  // The codes Oura handed our callback, and ours, travelled in the browser's URLs.
  for (const url of visited) {
    const code = new URL(url).searchParams.get('code');
    if (code) secrets.add(code);
  }
  assert.ok(secrets.size >= 12, `the test saw its tokens, codes and secrets (${secrets.size})`);
  const logs = { 'oura-mcp': remote.server.stderr(), 'fake-oura-api': remote.fake.stderr() };
  assert.ok(logs['oura-mcp'].includes('listening on'), 'the server log was captured');
  for (const [name, log] of Object.entries(logs)) {
    const leaked = [...secrets].filter((secret) => log.includes(secret)).length;
    assert.equal(leaked, 0, `${name}'s log holds ${leaked} of the secrets the test saw`);
    assert.ok(!/omcp_(at|rt|ac|cs)_[0-9A-Za-z_-]{8}/.test(log), `${name}'s log holds a token of ours`);
    assert.ok(!/fake_(at|rt|code)_[0-9A-Za-z]{4}/.test(log), `${name}'s log holds an Oura token or code`);
  }
});
