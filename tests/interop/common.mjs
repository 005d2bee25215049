// Shared set-up for the interop tests: where the real oura-mcp binary and the test plugins are, and the
// arguments that start it. CTest passes both paths in the environment.
import assert from 'node:assert/strict';

export const serverBinary = process.env.OURA_MCP_BIN;
export const testPluginDir = process.env.OURA_MCP_TEST_PLUGINS;
assert.ok(serverBinary, 'OURA_MCP_BIN must name the oura-mcp binary');
assert.ok(testPluginDir, 'OURA_MCP_TEST_PLUGINS must name the test plugin folder');

// The echo fixture plugin is enough to exercise every MCP feature; --no-bundled-plugins keeps the
// tool list independent of the domain plugins.
export const serverArgs = ['--no-bundled-plugins', '--plugin-dir', testPluginDir];

export function textOf(result) {
  return result.content.filter((c) => c.type === 'text').map((c) => c.text).join('');
}
