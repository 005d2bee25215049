// The official TypeScript SDK v2 client in each negotiation mode: legacy (initialize), auto (server/discover
// probe, then the era it finds) and pinned modern 2026-07-28 (stateless, per-request _meta).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { serverBinary, serverArgs, textOf } from './common.mjs';

const modes = [
  ['legacy', 'legacy'],
  ['auto', 'auto'],
  ['modern', { pin: '2026-07-28' }],
];

for (const [label, mode] of modes) {
  test(`SDK v2 in ${label} mode lists and calls tools`, async () => {
    const client = new Client({ name: `interop-sdk-v2-${label}`, version: '1.0.0' },
                              { versionNegotiation: { mode } });
    await client.connect(new StdioClientTransport({ command: serverBinary, args: serverArgs, stderr: 'ignore' }));
    try {
      if (label !== 'legacy') {
        assert.equal(client.getNegotiatedProtocolVersion(), '2026-07-28');
      }
      const { tools } = await client.listTools();
      assert.ok(tools.some((t) => t.name === 'echo'));
      const result = await client.callTool({ name: 'echo', arguments: { text: `era ${label}` } });
      assert.notEqual(result.isError, true);
      assert.deepEqual(result.structuredContent, { echo: `era ${label}` });
      assert.match(textOf(result), new RegExp(`era ${label}`));
      const read = await client.readResource({ uri: 'echo://hello' });
      assert.equal(read.contents[0].uri, 'echo://hello');
      const prompt = await client.getPrompt({ name: 'greet', arguments: { name: 'Grace' } });
      assert.match(prompt.messages[0].content.text, /Grace/);
    } finally {
      await client.close();
    }
  });
}
