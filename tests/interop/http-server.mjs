// The real oura-mcp binary with the test plugins, serving Streamable HTTP on an ephemeral loopback port.
import { serverBinary, serverArgs } from './common.mjs';
import { spawnHttpServer } from './oura-http.mjs';

export function startHttpServer(extraArgs = [], extraEnv = {}) {
  return spawnHttpServer(serverBinary, [...serverArgs, ...extraArgs], extraEnv);
}
