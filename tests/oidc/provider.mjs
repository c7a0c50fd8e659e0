// A real OAuth 2.0 / OpenID Connect server for the tests: the npm package `oidc-provider`, a
// certified implementation, standing in for a council's Microsoft Entra ID tenant.
//
// Usage: node tests/oidc/provider.mjs PORT [TOKEN_SECONDS]
// PORT 0 takes any free port. Prints "ready PORT" once it listens. Its clients:
// - `ola-relay-mail`: the relay, getting a token for the mail server by the client-credentials
//   grant (secret in the request body, as Microsoft's token endpoint takes it). Its tokens last
//   TOKEN_SECONDS (default 3600), so a test can watch the relay renew one.
// - `smtp-server`: the test mail server, asking the introspection endpoint whether a token is live.
import http from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const tokenSeconds = Number(process.argv[3] ?? 3600);
if (!Number.isInteger(port) || port < 0 || !(tokenSeconds > 0)) {
  console.error('usage: provider.mjs PORT [TOKEN_SECONDS]');
  process.exit(2);
}

export const EXCHANGE_SCOPE = 'https://outlook.office365.com/.default';

// The issuer names the port: listen first (on any free port when asked for 0), then serve.
const server = http.createServer();
const listening = await new Promise((resolve) => {
  server.listen(port, '127.0.0.1', () => resolve(server.address().port));
});

const provider = new Provider(`http://127.0.0.1:${listening}`, {
  clients: [
    {
      client_id: 'ola-relay-mail',
      client_secret: 'mail-client-secret-for-tests-only',
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_post',
    },
    {
      client_id: 'smtp-server',
      client_secret: 'smtp-server-secret-for-tests-only',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
  ],
  scopes: ['openid', EXCHANGE_SCOPE],
  features: {
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    devInteractions: { enabled: false },
  },
  ttl: { ClientCredentials: tokenSeconds },
  // Keys for the test only: fresh each start, never written anywhere.
  cookies: { keys: [crypto.randomUUID()] },
});
// Only what the tests need is said: the provider's own warnings about development keys would hide
// a real failure in the tests' output.
provider.on('server_error', (_ctx, err) => console.error('oidc-provider:', err));

server.on('request', provider.callback());
console.log(`ready ${listening}`);
