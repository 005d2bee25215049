// The official TypeScript SDK v1 client (legacy handshake, 2025-11-25) against the real binary.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { serverBinary, serverArgs, textOf } from './common.mjs';

let client;

before(async () => {
  client = new Client({ name: 'interop-sdk-v1', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: serverBinary, args: serverArgs, stderr: 'ignore' }));
});

after(async () => {
  await client?.close();
});

test('handshake negotiates 2025-11-25 and names the server', () => {
  assert.equal(client.getServerVersion().name, 'oura-mcp');
  const caps = client.getServerCapabilities();
  assert.ok(caps.tools && caps.resources && caps.prompts && caps.logging && caps.completions);
});

test('ping answers', async () => {
  assert.deepEqual(await client.ping(), {});
});

test('tools/list shows the echo tools with schemas and annotations', async () => {
  const { tools } = await client.listTools();
  const echo = tools.find((t) => t.name === 'echo');
  assert.ok(echo, 'echo tool listed');
  assert.equal(echo.inputSchema.type, 'object');
  assert.ok(echo.outputSchema, 'echo has an output schema');
  assert.equal(echo.annotations.readOnlyHint, true);
});

test('tools/call returns structured content and its text copy', async () => {
  const result = await client.callTool({ name: 'echo', arguments: { text: 'hello from the SDK' } });
  assert.notEqual(result.isError, true);
  assert.deepEqual(result.structuredContent, { echo: 'hello from the SDK' });
  assert.match(textOf(result), /hello from the SDK/);
});

test('invalid arguments are a tool error, not a crash', async () => {
  const result = await client.callTool({ name: 'echo', arguments: { text: 42 } });
  assert.equal(result.isError, true);
  assert.match(textOf(result), /text/);
  assert.deepEqual(await client.ping(), {});
});

test('an unknown tool is rejected', async () => {
  await assert.rejects(client.callTool({ name: 'no_such_tool', arguments: {} }), /no_such_tool/);
});

test('resources and templates list and read', async () => {
  const { resources } = await client.listResources();
  assert.ok(resources.some((r) => r.uri === 'echo://hello'));
  const read = await client.readResource({ uri: 'echo://hello' });
  assert.equal(read.contents[0].uri, 'echo://hello');
  const { resourceTemplates } = await client.listResourceTemplates();
  assert.ok(resourceTemplates.some((t) => t.uriTemplate === 'echo://items/{id}'));
  const item = await client.readResource({ uri: 'echo://items/42' });
  assert.match(item.contents[0].text, /42/);
});

test('prompts list, get and complete', async () => {
  const { prompts } = await client.listPrompts();
  assert.ok(prompts.some((p) => p.name === 'greet'));
  const got = await client.getPrompt({ name: 'greet', arguments: { name: 'Ada' } });
  assert.match(got.messages[0].content.text, /Ada/);
  await assert.rejects(client.getPrompt({ name: 'greet', arguments: {} }), /name/);
  const completion = await client.complete({
    ref: { type: 'ref/prompt', name: 'greet' },
    argument: { name: 'name', value: '' },
  });
  assert.ok(completion.completion.values.length > 0);
});

test('logging/setLevel is accepted', async () => {
  assert.deepEqual(await client.setLoggingLevel('debug'), {});
});
