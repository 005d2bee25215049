// Starts `oura-mcp serve --http LISTEN ARGS` (LISTEN 127.0.0.1:0 unless given) with a private state folder
// and resolves once the server announces its URL on stderr. Shared by the interop tests and the conformance
// runner (tests/conformance).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export async function spawnHttpServer(binary, args, extraEnv = {}, listen = '127.0.0.1:0') {
  const state = mkdtempSync(path.join(tmpdir(), 'oura-mcp-http-'));
  const child = spawn(binary, ['serve', '--http', listen, ...args], {
    env: { PATH: process.env.PATH, HOME: state, XDG_STATE_HOME: state, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "listening on" line; stderr:\n${stderr}`)), 20000);
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited (${code}); stderr:\n${stderr}`)));
  });
  return {
    url,
    stdout: () => stdout,
    stderr: () => stderr,
    async stop() {
      const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      const code = await exited;
      rmSync(state, { recursive: true, force: true });
      return code;
    },
  };
}
