// A real OAuth 2.0 / OpenID Connect server for the tests: the npm package `oidc-provider`, a
// certified implementation, standing in for a council's Microsoft Entra ID tenant.
//
// Usage: node tests/oidc/provider.mjs PORT [TOKEN_SECONDS [REDIRECT_URI]]
// PORT 0 takes any free port. Prints "ready PORT" once it listens. Its clients:
// - `ola-relay-mail`: the relay, getting a token for the mail server by the client-credentials
//   grant (secret in the request body, as Microsoft's token endpoint takes it). Its tokens last
//   TOKEN_SECONDS (default 3600), so a test can watch the relay renew one.
// - `smtp-server`: the test mail server, asking the introspection endpoint whether a token is live.
// - `ola-relay`: the relay signing staff in (authorisation code with PKCE), when REDIRECT_URI (the
//   relay's /api/sso/callback) is given. Its people sign in on the provider's own login page with
//   any password; their ID token carries `roles` as Entra's does, from USERS below.
import http from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const tokenSeconds = Number(process.argv[3] ?? 3600);
const redirectUri = process.argv[4];

// The council's staff as its directory knows them: the login, their name, their app roles.
const USERS = {
  'frankie.door': { name: 'Frankie Door', email: 'frankie.door@kent.gov.uk', roles: ['OLA.FrontDoor'] },
  'ada.auditor': { name: 'Ada Auditor', email: 'ada.auditor@kent.gov.uk', roles: ['OLA.Auditor'] },
  'sam.manager': { name: 'Sam Manager', email: 'sam.manager@kent.gov.uk', roles: ['OLA.ServiceManager.NorthWest'] },
  'no.role': { name: 'Nora Role', email: 'nora.role@kent.gov.uk', roles: [] },
};
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
    ...(redirectUri ? [{
      client_id: 'ola-relay',
      client_secret: 'sso-client-secret-for-tests-only',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'client_secret_basic',
    }] : []),
  ],
  scopes: ['openid', 'profile', 'email', EXCHANGE_SCOPE],
  // `roles` with `sub`, so every ID token carries it, as Entra ID's app roles do.
  claims: { openid: ['sub', 'roles'], profile: ['name', 'preferred_username'], email: ['email'] },
  // Profile claims in the ID token itself, not only from the userinfo endpoint.
  conformIdTokenClaims: false,
  async findAccount(_ctx, id) {
    const user = USERS[id];
    if (!user) return undefined;
    return {
      accountId: id,
      claims: () => ({ sub: id, name: user.name, preferred_username: user.email, email: user.email, roles: user.roles }),
    };
  },
  // The relay is the council's own application: its staff are not asked to consent to it.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email');
    await grant.save();
    return grant;
  },
  features: {
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    // The provider's own login page: any login from USERS, any password.
    devInteractions: { enabled: Boolean(redirectUri) },
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
