// The MCP Inspector CLI (a separate, real client) against the real binary, in the legacy and modern eras.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { serverBinary, serverArgs } from './common.mjs';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const inspector = path.join(here, 'node_modules', '.bin', 'mcp-inspector');

async function inspect(era, ...methodArgs) {
  const args = ['--cli', '--format', 'json', '--quiet', '--protocol-era', era, ...methodArgs,
                '--', serverBinary, ...serverArgs];
  const { stdout } = await run(inspector, args, { timeout: 60000 });
  const envelope = JSON.parse(stdout); // --format json: {"result": ...} or {"error": ...}
  assert.ok(envelope.result, stdout.slice(0, 500));
  return envelope.result;
}

for (const era of ['legacy', 'modern']) {
  test(`inspector (${era}) lists tools`, async () => {
    const out = await inspect(era, '--method', 'tools/list');
    assert.ok(out.tools.some((t) => t.name === 'echo'), JSON.stringify(out).slice(0, 500));
  });

  test(`inspector (${era}) calls a tool`, async () => {
    const out = await inspect(era, '--method', 'tools/call', '--tool-name', 'echo', '--tool-arg', 'text=inspected');
    assert.notEqual(out.isError, true);
    assert.deepEqual(out.structuredContent, { echo: 'inspected' });
  });

  test(`inspector (${era}) reads a resource and gets a prompt`, async () => {
    const read = await inspect(era, '--method', 'resources/read', '--uri', 'echo://hello');
    assert.equal(read.contents[0].uri, 'echo://hello');
    const prompt = await inspect(era, '--method', 'prompts/get', '--prompt-name', 'greet', '--prompt-args', 'name=Lin');
    assert.match(prompt.messages[0].content.text, /Lin/);
  });
}

test('inspector exits 5 for a failing tool call', async () => {
  await assert.rejects(
    inspect('legacy', '--method', 'tools/call', '--tool-name', 'echo', '--tool-args-json', '{"text":42}'),
    (err) => err.code === 5);
});
