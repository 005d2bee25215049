// A remote, multi-user oura-mcp (`serve --http --public-url`) in front of the fake Oura API, and a scripted
// browser that walks its OAuth flow: consent page, the fake Oura's sign-in, the callback, the client's redirect
// URI. Shared by interop/oauth.test.mjs and the conformance runner's authorization run (tests/conformance).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { spawnHttpServer } from './oura-http.mjs';

/// Starts `fake-oura-api ARGS` and resolves with its announcement ({port, base_url, users}). The fake serves
/// until its stdin closes (stop() closes it) or SIGTERM.
export async function startFakeOura(binary, args) {
  const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const announcement = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fake-oura-api did not announce itself; stderr:\n${stderr}`)),
                             20000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const line = stdout.split('\n');
      if (line.length > 1) {
        clearTimeout(timer);
        resolve(JSON.parse(line[0]));
      }
    });
    child.on('exit', (code) => reject(new Error(`fake-oura-api exited (${code}); stderr:\n${stderr}`)));
  });
  return {
    ...announcement,
    stderr: () => stderr,
    async stop() {
      const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
      child.stdin.end();
      return exited;
    },
  };
}

/// A loopback port nobody listens on now: the public URL must name the port before the server starts.
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/// fake-oura-api with the given users (name -> seed), then oura-mcp with --public-url on a free port, wired to
/// the fake with the operator's settings. Resolves once both announced themselves.
export async function startRemoteServer({ ouraBinary, fakeBinary, users, today, serverArgs = [] }) {
  const userArgs = Object.entries(users).flatMap(([name, seed]) => ['--user', `${name}:${seed}`]);
  const fake = await startFakeOura(fakeBinary, [...userArgs, '--today', today]);
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  let server;
  try {
    server = await spawnHttpServer(ouraBinary, ['--public-url', publicUrl, ...serverArgs], {
      OURA_CLIENT_ID: 'test-client-id',
      OURA_CLIENT_SECRET: 'test-client-secret',
      OURA_API_BASE_URL: fake.base_url,
      OURA_AUTHORIZE_URL: `${fake.base_url}/oauth/authorize`,
      OURA_TOKEN_URL: `${fake.base_url}/oauth/token`,
      OURA_REVOKE_URL: `${fake.base_url}/oauth/revoke`,
      OURA_MCP_TEST_ALLOW_LOOPBACK_CLIENTS: '1',
    }, `127.0.0.1:${port}`);
  } catch (error) {
    await fake.stop();
    throw error;
  }
  return {
    publicUrl,
    mcpUrl: server.url,
    fake,
    server,
    async stop() {
      const code = await server.stop();
      await fake.stop();
      return code;
    },
  };
}

/// The hidden fields of the consent page's form, and where it posts.
function consentForm(html, pageUrl) {
  const form = /<form method="post" action="([^"]*)">([\s\S]*?)<\/form>/.exec(html);
  if (!form) throw new Error('the page has no consent form');
  const fields = new URLSearchParams();
  for (const input of form[2].matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)) {
    fields.append(input[1], input[2].replaceAll('&amp;', '&').replaceAll('&quot;', '"'));
  }
  fields.append('decision', 'allow');
  return { action: new URL(form[1].replaceAll('&amp;', '&'), pageUrl), fields };
}

/// A browser with a cookie jar that follows redirects by hand: it allows the consent page, signs in at the
/// fake Oura as `ouraUser` (the fake's fake_user parameter), and stops at the first URL under `redirectUri`
/// (the MCP client's), which it returns. `seen` collects every URL it visited, for the leak check.
export class ScriptedBrowser {
  constructor({ ouraBaseUrl, ouraUser, seen = [] }) {
    this.ouraBaseUrl = ouraBaseUrl;
    this.ouraUser = ouraUser;
    this.cookies = new Map();
    this.seen = seen;
  }

  cookieHeader() {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  keepCookies(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair.indexOf('=');
      this.cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
  }

  async request(url, init = {}) {
    this.seen.push(url.toString());
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers || {}), cookie: this.cookieHeader() },
    });
    this.keepCookies(response);
    return response;
  }

  /// Walks from the authorization URL to the client's redirect URI and returns that URL.
  async authorize(authorizationUrl, redirectUri) {
    let url = new URL(authorizationUrl);
    let response = await this.request(url);
    for (let hops = 0; hops < 10; hops += 1) {
      if (response.status === 200 && (response.headers.get('content-type') || '').startsWith('text/html')) {
        const { action, fields } = consentForm(await response.text(), url);
        url = action;
        response = await this.request(url, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: action.origin },
          body: fields.toString(),
        });
        continue;
      }
      if (response.status !== 302 && response.status !== 303) {
        throw new Error(`the flow stopped at ${url.origin}${url.pathname} with ${response.status}: ` +
                        (await response.text()).slice(0, 300));
      }
      await response.body?.cancel();
      url = new URL(response.headers.get('location'), url);
      if (url.href.startsWith(redirectUri)) {
        this.seen.push(url.toString());
        return url;
      }
      if (url.href.startsWith(`${this.ouraBaseUrl}/oauth/authorize`) && this.ouraUser) {
        url.searchParams.set('fake_user', this.ouraUser);
      }
      response = await this.request(url);
    }
    throw new Error('too many redirects');
  }
}
