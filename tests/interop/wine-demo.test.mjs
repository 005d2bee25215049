// The official TypeScript SDK client (v1, stdio) starts oura-mcp.exe --demo under Wine, as Claude Desktop on
// Windows starts the bundle's entry point, and holds a whole session with it: the plugin DLLs' tools, a tool
// call with a date phrase, resources, prompts, ping.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

// Not common.mjs: that module is about the Linux binary and its test plugins, which this test does not use.
const textOf = (result) => (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
const wineRun = process.env.OURA_MCP_WINE_RUN;
const windowsExe = process.env.OURA_MCP_WINDOWS_EXE;
let client;

before(async () => {
  assert.ok(wineRun && windowsExe, 'OURA_MCP_WINE_RUN and OURA_MCP_WINDOWS_EXE must be set');
  client = new Client({ name: 'interop-wine', version: '1.0.0' });
  const env = { PATH: '/usr/bin:/bin', HOME: process.env.HOME, OURA_MCP_NOW: '2026-11-20T12:00:00Z' };
  if (process.env.WINEPREFIX) env.WINEPREFIX = process.env.WINEPREFIX;
  await client.connect(new StdioClientTransport({ command: wineRun, args: [windowsExe, '--demo'], env, stderr: 'ignore' }));
});

after(async () => {
  await client?.close();
});

test('the handshake names the server', () => {
  assert.equal(client.getServerVersion().name, 'oura-mcp');
  assert.ok(client.getServerCapabilities().tools);
});

test('every domain DLL contributes its tools', async () => {
  const { tools } = await client.listTools();
  const names = new Set(tools.map((t) => t.name));
  for (const name of ['get_daily_sleep', 'get_daily_activity', 'get_heartrate', 'get_daily_readiness', 'get_personal_info']) {
    assert.ok(names.has(name), `${name} listed`);
  }
});

test('a tool call with a date phrase answers the demo data for that day', async () => {
  const result = await client.callTool({ name: 'get_daily_sleep', arguments: { start_date: 'yesterday' } });
  assert.notEqual(result.isError, true, textOf(result));
  assert.match(textOf(result), /2026-11-19/);
});

test('resources and prompts list, ping answers', async () => {
  const { resources } = await client.listResources();
  assert.ok(resources.length > 0);
  const { prompts } = await client.listPrompts();
  assert.ok(prompts.length > 0);
  assert.deepEqual(await client.ping(), {});
});
