// Claude Code (the real CLI from npm) adds serve --http as an HTTP MCP server and reports it Connected,
// with and without a bearer token. `claude mcp list` runs its own health check (initialize, tools/list);
// it needs no Anthropic account.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { startHttpServer } from './http-server.mjs';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
const claude = path.join(here, 'node_modules', '.bin', 'claude');

async function claudeIn(home, ...args) {
  const env = { PATH: process.env.PATH, HOME: home, DISABLE_TELEMETRY: '1',
                CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', DISABLE_AUTOUPDATER: '1' };
  const { stdout } = await run(claude, args, { cwd: home, env, timeout: 90000 });
  return stdout;
}

for (const withToken of [false, true]) {
  test(`claude mcp add --transport http, then claude mcp list shows it Connected${withToken ? ' (bearer token)' : ''}`,
    async () => {
      const token = 'interop-token-0123456789abcdef';
      const server = await startHttpServer([], withToken ? { OURA_MCP_HTTP_TOKEN: token } : {});
      const home = mkdtempSync(path.join(tmpdir(), 'claude-home-'));
      try {
        const header = withToken ? ['--header', `Authorization: Bearer ${token}`] : [];
        await claudeIn(home, 'mcp', 'add', '--transport', 'http', 'oura', server.url, ...header);
        const list = await claudeIn(home, 'mcp', 'list');
        assert.match(list, /oura: http:\/\/127\.0\.0\.1:\d+\/mcp \(HTTP\) - ✔ Connected/, list);
        assert.doesNotMatch(server.stderr(), new RegExp(token), 'the token is never logged');
      } finally {
        rmSync(home, { recursive: true, force: true });
        assert.equal(await server.stop(), 0);
      }
    });
}
