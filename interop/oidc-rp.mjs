// A black-box relying-party suite against Kith's OpenID Provider, written with a certified relying-party library
// (npm openid-client v6): discovery, the code flow with PKCE S256, state and nonce, the token, userinfo, refresh and
// revocation endpoints; the person logs in and answers on Kith's pages in headless Chromium (oidc-browser.mjs).
// Cases are named after the OpenID Foundation conformance suite's Basic OP tests where one applies ("oidcc-..."),
// else "kith-...". openid-client's own validations (iss in the response, state, PKCE, ID token iss/aud/exp/nonce,
// ES256 signature against the discovered JWKS, userinfo sub) are part of every case that uses it.
// usage: node oidc-rp.mjs input.json
//   input: {issuer, client_id, client_secret, username, password, person_token, u_id, a_id, admin_token, expected,
//   screenshots}; the cases of PAR, DPoP, private_key_jwt, introspection and logout are in oidc-rp-fapi.mjs
// stdout: one line per case, "PASS <name>" or "FAIL <name> <reason>", then "SUMMARY <passed>/<total>"; exits 1 on any
// failure.
import * as client from 'openid-client';
import * as jose from 'jose';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { callbackServer, person } from './oidc-browser.mjs';
import { fapiCases } from './oidc-rp-fapi.mjs';

const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const issuer = new URL(input.issuer);
const loopback = issuer.protocol === 'http:' && ['127.0.0.1', '[::1]', 'localhost'].includes(issuer.hostname);
const expected = input.expected;
const sent = [];
const results = [];

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Runs {@code promise}, which must be refused; returns the error for further checks. */
async function refused(promise, what) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error(`${what} was not refused`);
}

/** The OAuth error code of an openid-client error (token/response body, authorization response, or challenge). */
function oauthError(e) {
  if (e instanceof client.WWWAuthenticateChallengeError) return e.cause?.[0]?.parameters?.error;
  return e.error ?? e.cause?.error;
}

const sleep = ms => new Promise(r => setTimeout(r, ms));

/** A configuration by discovery; every request it sends is recorded (to check how the client authenticated). */
async function configure(auth, clientId = input.client_id) {
  const execute = [client.enableNonRepudiationChecks];
  if (loopback) execute.push(client.allowInsecureRequests); // only for Kith on a loopback http address
  const config = await client.discovery(issuer, clientId, undefined, auth, { execute });
  config[client.customFetch] = (url, options) => {
    const body = options.body ? String(options.body) : '';
    sent.push({ url: String(url), headers: new Headers(options.headers), body });
    return fetch(url, options);
  };
  return config;
}

const cb = await callbackServer();
const browser = await person({ username: input.username, password: input.password, callback: cb.url,
  screenshots: input.screenshots });
const basic = await configure(client.ClientSecretBasic(input.client_secret));
const meta = basic.serverMetadata();

/**
 * An authorization request as openid-client builds it: PKCE S256, state, nonce (unless {@code nonce: false}); pushed
 * first (PAR) with {@code par: true}, with a DPoP proof if {@code DPoP} is a handle.
 */
async function start(config, extra = {}, { nonce = true, par = false, DPoP } = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const n = nonce ? client.randomNonce() : undefined;
  const params = { redirect_uri: cb.url, scope: 'openid profile email', state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    ...(n ? { nonce: n } : {}), ...extra };
  const removed = Object.keys(params).filter(k => params[k] === null);
  removed.forEach(k => delete params[k]);
  const url = par ? await client.buildAuthorizationUrlWithPAR(config, params, { DPoP })
    : client.buildAuthorizationUrl(config, params);
  removed.forEach(k => url.searchParams.delete(k));
  return { url, verifier, state, nonce: n };
}

/** The person allows in the browser; the code is exchanged with every check openid-client makes. */
async function signIn(config, extra = {}, options = {}) {
  const s = await start(config, extra, options);
  const { url, loggedIn } = await browser.answer(s.url, 'Allow');
  const tokens = await client.authorizationCodeGrant(config, url, { pkceCodeVerifier: s.verifier,
    expectedState: s.state, expectedNonce: s.nonce, idTokenExpected: true, maxAge: options.maxAge },
    undefined, { DPoP: options.DPoP });
  return { tokens, claims: tokens.claims(), callback: url, loggedIn, started: s };
}

/** A request Kith must answer with an error at the registered redirect URI; openid-client checks iss and state. */
async function redirectedError(extra, errors) {
  const s = await start(basic, extra);
  const res = await fetch(s.url, { redirect: 'manual' });
  check(res.status === 302 || res.status === 303, `expected a redirect, got ${res.status}`);
  const location = res.headers.get('location');
  check(location.startsWith(cb.url + '?'), `redirected to ${location}, not the registered redirect URI`);
  const e = await refused(client.authorizationCodeGrant(basic, new URL(location), { pkceCodeVerifier: s.verifier,
    expectedState: s.state }), 'the error response');
  check(e instanceof client.AuthorizationResponseError, `not an authorization error response: ${e}`);
  check(errors.includes(e.error), `error ${e.error}, expected ${errors.join(' or ')}`);
}

/** A request Kith must refuse on its own page: 400, never a redirect. */
async function notRedirected(change) {
  const s = await start(basic);
  change(s.url.searchParams);
  const res = await fetch(s.url, { redirect: 'manual' });
  check(res.status === 400, `expected 400, got ${res.status}`);
  check(!res.headers.get('location'), `redirected to ${res.headers.get('location')}`);
}

async function expectInvalidToken(config, accessToken, sub) {
  const e = await refused(client.fetchUserInfo(config, accessToken, sub), 'userinfo with the access token');
  check(e instanceof client.WWWAuthenticateChallengeError && e.status === 401,
    `expected a 401 challenge, got ${e}`);
  check(oauthError(e) === 'invalid_token', `expected invalid_token, got ${oauthError(e)}`);
}

/** A refused client authentication: RFC 6749 §5.2 invalid_client, a 401 with a Basic challenge if it is one. */
async function expectInvalidClient(promise) {
  const e = await refused(promise, 'a wrong client secret');
  if (e instanceof client.WWWAuthenticateChallengeError) {
    check(e.status === 401 && e.cause?.[0]?.scheme === 'basic', `challenge ${JSON.stringify(e.cause)}`);
    const body = e.response.bodyUsed ? {} : await e.response.json();
    check(body.error === 'invalid_client', `expected invalid_client, got ${JSON.stringify(body)}`);
  } else {
    check(oauthError(e) === 'invalid_client', `expected invalid_client, got ${oauthError(e) ?? e}`);
  }
}

async function expectInvalidGrant(promise, what) {
  const e = await refused(promise, what);
  check(oauthError(e) === 'invalid_grant', `${what}: expected invalid_grant, got ${oauthError(e) ?? e}`);
}

function tokenRequests(since) {
  return sent.slice(since).filter(r => r.url === meta.token_endpoint);
}

async function run(name, body) {
  try {
    await body();
    results.push([name, true]);
    console.log(`PASS ${name}`);
  } catch (e) {
    results.push([name, false]);
    const shot = await browser.screenshot(name);
    console.log(`FAIL ${name} ${String(e?.message ?? e).replace(/\s+/g, ' ')} (screenshot ${shot})`);
  }
}

let first;
await run('oidcc-server', async () => {
  check(meta.issuer === issuer.href.replace(/\/$/, '') || meta.issuer === issuer.href, 'discovered issuer differs');
  const before = sent.length;
  first = await signIn(basic);
  check(first.loggedIn, 'the person was not asked to log in on the first visit');
  check(first.claims.nonce === first.started.nonce, 'nonce not echoed');
  check(typeof first.tokens.access_token === 'string' && first.tokens.refresh_token, 'access or refresh token missing');
  check(first.tokens.token_type.toLowerCase() === 'bearer', `token_type ${first.tokens.token_type}`);
  check(tokenRequests(before).length === 1, 'one token request expected');
});

await run('oidcc-client-secret-basic', async () => {
  check(first, 'needs oidcc-server');
  const [request] = tokenRequests(0);
  const header = request.headers.get('authorization') ?? '';
  check(header.startsWith('Basic '), `the token request did not use client_secret_basic: '${header.split(' ')[0]}'`);
  // RFC 6749 §2.3.1: client_id and secret each form-urlencoded, joined by ':', base64
  const [id, secret] = Buffer.from(header.slice(6), 'base64').toString().split(':')
    .map(v => decodeURIComponent(v.replace(/\+/g, ' ')));
  check(id === input.client_id && secret === input.client_secret, 'the Basic credentials are not the client\'s');
  check(!new URLSearchParams(request.body).has('client_secret'), 'the secret was also in the body');
  const wrong = await configure(client.ClientSecretBasic('not the secret'));
  await expectInvalidClient(client.refreshTokenGrant(wrong, first.tokens.refresh_token));
});

await run('oidcc-id-token-signature', async () => {
  check(first, 'needs oidcc-server');
  const jwks = jose.createRemoteJWKSet(new URL(meta.jwks_uri));
  const { protectedHeader } = await jose.jwtVerify(first.tokens.id_token, jwks, { issuer: meta.issuer,
    audience: input.client_id, algorithms: meta.id_token_signing_alg_values_supported });
  check(protectedHeader.alg === 'ES256' && protectedHeader.kid, `header ${JSON.stringify(protectedHeader)}`);
  const [h, p, sig] = first.tokens.id_token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url'));
  const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, sub: 'someone-else' })).toString('base64url')}.${sig}`;
  await refused(jose.jwtVerify(forged, jwks, { issuer: meta.issuer, audience: input.client_id }), 'a forged ID token');
});

await run('kith-id-token-claims', async () => {
  check(first, 'needs oidcc-server');
  const c = first.claims;
  const digest = crypto.createHash('sha256').update(first.tokens.access_token, 'ascii').digest();
  check(c.at_hash === digest.subarray(0, 16).toString('base64url'), 'at_hash does not match the access token');
  check(Number.isInteger(c.auth_time) && c.auth_time <= c.iat, `auth_time ${c.auth_time}`);
  check(Array.isArray(c.amr) && c.amr.includes('pwd'), `amr ${JSON.stringify(c.amr)}`);
  check(meta.acr_values_supported.includes(c.acr), `acr ${c.acr}`);
  check(c.sub && c.sub !== input.u_id && !JSON.stringify(c).includes(input.u_id), 'the ID token reveals the user id');
  check(c.exp > c.iat, 'exp not after iat');
});

await run('oidcc-userinfo-get', async () => {
  check(first, 'needs oidcc-server');
  const before = sent.length;
  const info = await client.fetchUserInfo(basic, first.tokens.access_token, first.claims.sub);
  check(sent[before].url === meta.userinfo_endpoint && !sent[before].body, 'not a GET to the userinfo endpoint');
  for (const k of ['given_name', 'family_name', 'birthdate', 'email']) {
    check(info[k] === expected[k], `${k}: ${info[k]} != ${expected[k]}`);
  }
  check(!('phone_number' in info) && !('address' in info), 'claims of scopes not asked for');
});

await run('oidcc-userinfo-post-header', async () => {
  check(first, 'needs oidcc-server');
  const res = await client.fetchProtectedResource(basic, first.tokens.access_token, new URL(meta.userinfo_endpoint),
    'POST');
  check(res.status === 200, `status ${res.status}`);
  const info = await res.json();
  check(info.sub === first.claims.sub && info.given_name === expected.given_name, JSON.stringify(info));
});

await run('oidcc-response-type-missing', () =>
  redirectedError({ response_type: null }, ['unsupported_response_type', 'invalid_request']));
await run('oidcc-ensure-redirect-uri-in-authorization-request', () => notRedirected(q => q.delete('redirect_uri')));
await run('oidcc-ensure-registered-redirect-uri', () =>
  notRedirected(q => q.set('redirect_uri', 'https://evil.example/cb')));
await run('oidcc-prompt-none-not-logged-in', () =>
  redirectedError({ prompt: 'none' }, ['login_required', 'interaction_required']));
await run('kith-pkce-missing-refused', () =>
  redirectedError({ code_challenge: null, code_challenge_method: null }, ['invalid_request']));
await run('kith-pkce-plain-refused', () =>
  redirectedError({ code_challenge_method: 'plain', code_challenge: 'a'.repeat(43) }, ['invalid_request']));
await run('kith-implicit-refused', () => redirectedError({ response_type: 'id_token' }, ['unsupported_response_type']));
await run('kith-hybrid-refused', () =>
  redirectedError({ response_type: 'code id_token' }, ['unsupported_response_type']));

await run('oidcc-codereuse', async () => {
  const r = await signIn(basic);
  await client.fetchUserInfo(basic, r.tokens.access_token, r.claims.sub);
  await expectInvalidGrant(client.authorizationCodeGrant(basic, r.callback, { pkceCodeVerifier: r.started.verifier,
    expectedState: r.started.state, expectedNonce: r.started.nonce }), 'the code used again');
  await expectInvalidToken(basic, r.tokens.access_token, r.claims.sub);
  await expectInvalidGrant(client.refreshTokenGrant(basic, r.tokens.refresh_token), 'the refresh token of it');
});

await run('kith-pkce-verifier-mismatch', async () => {
  const s = await start(basic);
  const { url } = await browser.answer(s.url, 'Allow');
  await expectInvalidGrant(client.authorizationCodeGrant(basic, url, { pkceCodeVerifier:
    client.randomPKCECodeVerifier(), expectedState: s.state, expectedNonce: s.nonce }), 'another code_verifier');
});

await run('oidcc-ensure-request-without-nonce-succeeds-for-code-flow', async () => {
  const r = await signIn(basic, {}, { nonce: false });
  check(!('nonce' in r.claims), 'a nonce came back that was not sent');
});

await run('oidcc-ensure-request-with-unknown-parameter-succeeds', async () => {
  await signIn(basic, { kith_suite_unknown: 'ignored' });
});

await run('oidcc-client-secret-post', async () => {
  const post = await configure(client.ClientSecretPost(input.client_secret));
  const before = sent.length;
  const r = await signIn(post);
  const [request] = tokenRequests(before);
  check(!request.headers.get('authorization'), 'an Authorization header was sent');
  check(new URLSearchParams(request.body).get('client_secret') === input.client_secret, 'no client_secret in the body');
  await client.fetchUserInfo(post, r.tokens.access_token, r.claims.sub);
  const wrong = await configure(client.ClientSecretPost('not the secret'));
  await expectInvalidClient(client.refreshTokenGrant(wrong, r.tokens.refresh_token));
});

const SCOPES = {
  profile: ['given_name', 'family_name', 'birthdate'],
  email: ['email'],
  phone: ['phone_number'],
  address: ['address'],
};
for (const [scope, claims] of Object.entries(SCOPES)) {
  await run(`oidcc-scope-${scope}`, async () => {
    const r = await signIn(basic, { scope: `openid ${scope}` });
    const info = await client.fetchUserInfo(basic, r.tokens.access_token, r.claims.sub);
    for (const k of claims) check(isDeepStrictEqual(info[k], expected[k]), `${k}: ${JSON.stringify(info[k])}`);
    const others = Object.keys(info).filter(k => k !== 'sub' && !claims.includes(k));
    check(others.length === 0, `claims of other scopes: ${others.join(', ')}`);
  });
}

let latestAuth = first?.claims.auth_time ?? 0;
await run('oidcc-prompt-login', async () => {
  await sleep(1100); // auth_time has whole seconds
  const r = await signIn(basic, { prompt: 'login' });
  check(r.loggedIn, 'the person was not asked to log in again');
  check(r.claims.auth_time > latestAuth, `auth_time ${r.claims.auth_time} not after ${latestAuth}`);
  latestAuth = r.claims.auth_time;
});

await run('oidcc-max-age-1', async () => {
  await sleep(1500);
  const r = await signIn(basic, { max_age: '1' }, { maxAge: 1 });
  check(r.loggedIn, 'the person was not asked to log in again');
  check(r.claims.auth_time > latestAuth, `auth_time ${r.claims.auth_time} not after ${latestAuth}`);
});

await run('oidcc-refresh-token', async () => {
  const r = await signIn(basic);
  const next = await client.refreshTokenGrant(basic, r.tokens.refresh_token);
  check(next.access_token && next.access_token !== r.tokens.access_token, 'no new access token');
  check(next.refresh_token && next.refresh_token !== r.tokens.refresh_token, 'the refresh token did not rotate');
  const info = await client.fetchUserInfo(basic, next.access_token, r.claims.sub);
  check(info.given_name === expected.given_name, 'userinfo with the refreshed access token');
});

await run('kith-refresh-reuse-revokes-family', async () => {
  const r = await signIn(basic);
  const next = await client.refreshTokenGrant(basic, r.tokens.refresh_token);
  await expectInvalidGrant(client.refreshTokenGrant(basic, r.tokens.refresh_token), 'the spent refresh token');
  await expectInvalidToken(basic, next.access_token, r.claims.sub);
  await expectInvalidGrant(client.refreshTokenGrant(basic, next.refresh_token), 'the rotated refresh token');
});

await run('kith-revocation-rfc7009', async () => {
  const r = await signIn(basic);
  await client.tokenRevocation(basic, r.tokens.refresh_token);
  await expectInvalidToken(basic, r.tokens.access_token, r.claims.sub);
  await expectInvalidGrant(client.refreshTokenGrant(basic, r.tokens.refresh_token), 'the revoked refresh token');
  await client.tokenRevocation(basic, 'never-issued'); // RFC 7009 §2.2: unknown tokens are answered 200
});

await run('kith-deny-access-denied', async () => {
  const s = await start(basic);
  const { url } = await browser.answer(s.url, 'Deny');
  check(!url.searchParams.has('code'), 'a code came with the denial');
  const e = await refused(client.authorizationCodeGrant(basic, url, { pkceCodeVerifier: s.verifier,
    expectedState: s.state, expectedNonce: s.nonce }), 'the denial');
  check(e instanceof client.AuthorizationResponseError && e.error === 'access_denied', `got ${e}`);
});

await run('kith-withdrawal-ends-tokens', async () => {
  const r = await signIn(basic);
  await client.fetchUserInfo(basic, r.tokens.access_token, r.claims.sub);
  const api = (method, path) => fetch(new URL(path, issuer), { method,
    headers: { Authorization: `Bearer ${input.person_token}`, Accept: 'application/json' } });
  const res = await api('GET', '/v1/aa/instances');
  check(res.ok, `listing the person's shares: ${res.status}`);
  const mine = (await res.json()).filter(i => i.a_id === input.a_id && i._state !== 'Withdrawn');
  check(mine.length > 0, 'no share with the application');
  for (const i of mine) {
    const gone = await api('DELETE', `/v1/aa/instances/${encodeURIComponent(i.i_id)}`);
    check(gone.ok, `withdrawing ${i.i_id}: ${gone.status}`);
  }
  await expectInvalidToken(basic, r.tokens.access_token, r.claims.sub);
  await expectInvalidGrant(client.refreshTokenGrant(basic, r.tokens.refresh_token), 'the refresh token');
});

await fapiCases({ input, issuer, meta, basic, cb, browser, sent, run, check, refused, oauthError, configure, start,
  signIn, expectInvalidToken, expectInvalidClient });

await browser.close();
await cb.close();
const passed = results.filter(([, ok]) => ok).length;
console.log(`SUMMARY ${passed}/${results.length}`);
process.exit(passed === results.length ? 0 : 1);
