// oidc-provider configured as close to Kith's OpenID Provider as it allows, for bench/oidc.sh (loopback only).
// Usage: node server.js <port> <client_secret> [durable-log-file]
//   ES256 ID tokens; PKCE required (v9 supports S256 only); client_secret_basic; a refresh token with every code
//   exchange (Kith always issues one); access tokens as ES256 JWTs (RFC 9068) when the token request names the
//   resource indicator urn:kith:bench, opaque otherwise (oidc-provider's userinfo takes only opaque tokens issued
//   for itself). Storage: oidc-provider's default in-memory adapter (not durable), or, with a third argument, the
//   durable adapter of durable-adapter.js (every write appended to that file and fdatasync'ed before it is
//   acknowledged, as Kith commits everything to Neo4j).
// The interaction API (provider.interactionDetails / interactionFinished) answers every login and consent prompt
// for the dev account "bench-person" at GET /interaction/:uid, so no browser or form is involved.
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';
import { durableAdapter } from './durable-adapter.js';

const port = Number(process.argv[2]);
const secret = process.argv[3];
const durableFile = process.argv[4];
if (!port || !secret) {
  console.error('usage: node server.js <port> <client_secret>');
  process.exit(2);
}
const issuer = `http://127.0.0.1:${port}`;
const RESOURCE = 'urn:kith:bench';
const CALLBACK = 'https://rp.example/callback';
const ACCOUNT = 'bench-person';

const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const signing = { ...privateKey.export({ format: 'jwk' }), kid: 'bench-es256', alg: 'ES256', use: 'sig' };

const provider = new Provider(issuer, {
  ...(durableFile ? { adapter: durableAdapter(durableFile) } : {}),
  clients: [{
    client_id: 'bench',
    client_secret: secret,
    redirect_uris: [CALLBACK],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'ES256',
    subject_type: 'public',
  }],
  jwks: { keys: [signing] },
  pkce: { required: () => true },
  scopes: ['openid', 'profile', 'offline_access'],
  claims: { openid: ['sub'], profile: ['given_name', 'family_name', 'birthdate'] },
  issueRefreshToken: async () => true,
  findAccount: async (ctx, id) => ({
    accountId: id,
    claims: async () => ({ sub: id, given_name: 'Aroha', family_name: 'Tester', birthdate: '1990-01-02' }),
  }),
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  features: {
    devInteractions: { enabled: false },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => undefined,
      useGrantedResource: () => false,
      getResourceServerInfo: (ctx, resource) => {
        if (resource !== RESOURCE) {
          throw new Error(`unknown resource ${resource}`);
        }
        return { scope: 'api:read', accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
      },
    },
  },
});

provider.use(async (ctx, next) => {
  const match = /^\/interaction\/([^/]+)$/.exec(ctx.path);
  if (!match || ctx.method !== 'GET') {
    return next();
  }
  const details = await provider.interactionDetails(ctx.req, ctx.res);
  const { params } = details;
  const grant = new provider.Grant({ accountId: ACCOUNT, clientId: params.client_id });
  grant.addOIDCScope('openid profile');
  if (params.resource) {
    grant.addResourceScope(params.resource, 'api:read');
  }
  const grantId = await grant.save();
  const result = { login: { accountId: ACCOUNT, amr: ['pwd'] }, consent: { grantId } };
  await provider.interactionFinished(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.respond = false;
  return undefined;
});

provider.listen(port, '127.0.0.1', () => {
  console.log(`oidc-provider ${issuer} ready (node ${process.version}, pid ${process.pid},`
    + ` ${durableFile ? `durable log ${durableFile}` : 'in-memory adapter'})`);
});
