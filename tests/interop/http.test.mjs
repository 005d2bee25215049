// Real clients over Streamable HTTP against `oura-mcp serve --http`: the official TypeScript SDK v1
// (StreamableHTTPClientTransport, legacy session), SDK v2 in legacy, auto and pinned 2026-07-28 modes, and
// the MCP Inspector CLI with --transport http in both eras.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { Client as ClientV1 } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport as TransportV1 } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Client as ClientV2, StreamableHTTPClientTransport as TransportV2 } from '@modelcontextprotocol/client';
import { textOf } from './common.mjs';
import { startHttpServer } from './http-server.mjs';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const inspector = path.join(here, 'node_modules', '.bin', 'mcp-inspector');

let server;

before(async () => {
  server = await startHttpServer();
});

after(async () => {
  const code = await server?.stop();
  assert.equal(code, 0, 'SIGTERM ends the server cleanly');
  assert.equal(server.stdout(), '', 'nothing on stdout in HTTP mode');
});

test('SDK v1 over Streamable HTTP: session, tools, resources, prompts, progress, DELETE', async () => {
  const transport = new TransportV1(new URL(server.url));
  const client = new ClientV1({ name: 'interop-http-v1', version: '1.0.0' });
  await client.connect(transport);
  assert.match(transport.sessionId, /^1\.2025-11-25\.\d+\.[0-9a-f]{32}\.[0-9a-f]{64}$/);
  assert.equal(client.getServerVersion().name, 'oura-mcp');
  assert.deepEqual(await client.ping(), {});
  const { tools } = await client.listTools();
  assert.ok(tools.some((t) => t.name === 'echo'));
  const progress = [];
  const result = await client.callTool({ name: 'echo', arguments: { text: 'over http' } }, undefined, {
    onprogress: (p) => progress.push(p),
  });
  assert.notEqual(result.isError, true);
  assert.deepEqual(result.structuredContent, { echo: 'over http' });
  assert.match(textOf(result), /over http/);
  const read = await client.readResource({ uri: 'echo://hello' });
  assert.equal(read.contents[0].uri, 'echo://hello');
  const prompt = await client.getPrompt({ name: 'greet', arguments: { name: 'Ada' } });
  assert.match(prompt.messages[0].content.text, /Ada/);
  await transport.terminateSession();
  await client.close();
});

for (const [label, mode] of [['legacy', 'legacy'], ['auto', 'auto'], ['modern', { pin: '2026-07-28' }]]) {
  test(`SDK v2 over Streamable HTTP in ${label} mode`, async () => {
    const client = new ClientV2({ name: `interop-http-v2-${label}`, version: '1.0.0' },
                                { versionNegotiation: { mode } });
    await client.connect(new TransportV2(new URL(server.url)));
    try {
      if (label !== 'legacy') {
        assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
      }
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === 'echo'));
      const result = await client.callTool({ name: 'echo', arguments: { text: `http ${label}` } });
      assert.notEqual(result.isError, true);
      assert.deepEqual(result.structuredContent, { echo: `http ${label}` });
      const read = await client.readResource({ uri: 'echo://hello' });
      assert.equal(read.contents[0].uri, 'echo://hello');
      const prompt = await client.getPrompt({ name: 'greet', arguments: { name: 'Grace' } });
      assert.match(prompt.messages[0].content.text, /Grace/);
    } finally {
      await client.close();
    }
  });
}

async function inspect(era, ...methodArgs) {
  const args = ['--cli', '--format', 'json', '--quiet', '--protocol-era', era, '--transport', 'http',
                '--server-url', server.url, ...methodArgs];
  const { stdout } = await run(inspector, args, { timeout: 60000 });
  const envelope = JSON.parse(stdout);
  assert.ok(envelope.result, stdout.slice(0, 500));
  return envelope.result;
}

for (const era of ['legacy', 'modern']) {
  test(`inspector --transport http (${era}) lists and calls tools`, async () => {
    const list = await inspect(era, '--method', 'tools/list');
    assert.ok(list.tools.some((t) => t.name === 'echo'), JSON.stringify(list).slice(0, 500));
    const call = await inspect(era, '--method', 'tools/call', '--tool-name', 'echo', '--tool-arg', 'text=via http');
    assert.deepEqual(call.structuredContent, { echo: 'via http' });
  });
}
