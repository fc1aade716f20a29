// The relying-party suite's (oidc-rp.mjs) cases of what goes beyond the Basic OP profile, each with openid-client's
// own support for it: pushed authorization requests (buildAuthorizationUrlWithPAR), DPoP-bound tokens
// (getDPoPHandle), private_key_jwt client authentication (PrivateKeyJwt), token introspection (tokenIntrospection),
// RP-initiated logout (buildEndSessionUrl, followed in Chromium through Kith's end-session page) and back-channel
// logout. The applications are registered here through Kith's API with the admin's token (input.admin_token).
// Named after the OpenID Foundation conformance suite's FAPI 2.0 Security Profile, RP-initiated and back-channel
// logout tests where one applies, else "kith-...".
import * as client from 'openid-client';
import * as jose from 'jose';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const sleep = ms => new Promise(r => setTimeout(r, ms));

/** Runs the cases with the suite's context: its input, callback server, browser, run/check helpers and flows. */
export async function fapiCases(ctx) {
  const { input, issuer, meta, basic, cb, browser, sent, run, check, refused, oauthError, configure, start, signIn,
    expectInvalidToken, expectInvalidClient } = ctx;

  async function api(method, path, token, body) {
    const res = await fetch(new URL(path, issuer), { method, headers: { Authorization: `Bearer ${token}`,
      Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined });
    const text = await res.text();
    check(res.ok, `${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : {};
  }

  /** An application registered by the admin (as the suite's main one is), with {@code extra} fields. */
  const register = (name, extra) => api('POST', '/v1/aa/applications', input.admin_token, { name,
    description: 'A relying party of the openid-client suite', callback_uri: ['http://127.0.0.1/cb'], ...extra });

  /** Every share of the person with the application {@code aId} that is not withdrawn, withdrawn. */
  async function withdraw(aId) {
    const mine = (await api('GET', '/v1/aa/instances', input.person_token))
      .filter(i => i.a_id === aId && i._state !== 'Withdrawn');
    check(mine.length > 0, 'no share with the application');
    for (const i of mine) await api('DELETE', `/v1/aa/instances/${encodeURIComponent(i.i_id)}`, input.person_token);
  }

  /** The requests sent to {@code endpoint} since the {@code since}-th. */
  const requestsTo = (endpoint, since) => sent.slice(since).filter(r => r.url === endpoint);

  function assertedWithKey(request, clientId) {
    const form = new URLSearchParams(request.body);
    check(form.get('client_assertion_type') === JWT_BEARER, `${request.url}: no client assertion`);
    check(!form.has('client_secret') && !request.headers.get('authorization'), `${request.url}: a secret was sent`);
    const claims = jose.decodeJwt(form.get('client_assertion'));
    check(claims.iss === clientId && claims.sub === clientId, `assertion iss/sub ${claims.iss}/${claims.sub}`);
  }

  await run('fapi2-security-profile-final-happy-flow', async () => {
    // the FAPI 2.0 happy flow: PAR, private_key_jwt at the PAR and token endpoints, DPoP-bound tokens
    const { privateKey, publicKey } = await jose.generateKeyPair('ES256', { extractable: true });
    const jwk = { ...(await jose.exportJWK(publicKey)), kid: 'rp-fapi-1', alg: 'ES256', use: 'sig' };
    const app = await register('Harbour FAPI', { jwks: { keys: [jwk] } });
    check(!app.secret, 'a secret was issued without being asked for');
    const config = await configure(client.PrivateKeyJwt({ key: privateKey, kid: jwk.kid }), app.key);
    const DPoP = client.getDPoPHandle(config, await client.randomDPoPKeyPair('ES256'));
    const before = sent.length;
    const r = await signIn(config, {}, { par: true, DPoP });
    const url = r.started.url;
    check([...url.searchParams.keys()].sort().join() === 'client_id,request_uri', `authorization URL ${url.search}`);
    check(url.searchParams.get('request_uri').startsWith('urn:ietf:params:oauth:request_uri:'), 'request_uri form');
    const [par] = requestsTo(meta.pushed_authorization_request_endpoint, before);
    check(par, 'nothing was pushed');
    assertedWithKey(par, app.key);
    const [token] = requestsTo(meta.token_endpoint, before);
    assertedWithKey(token, app.key);
    check(token.headers.get('dpop'), 'no DPoP proof at the token endpoint');
    check(r.tokens.token_type.toLowerCase() === 'dpop', `token_type ${r.tokens.token_type}`);
    const info = await client.fetchUserInfo(config, r.tokens.access_token, r.claims.sub, { DPoP });
    check(info.given_name === input.expected.given_name, `userinfo ${JSON.stringify(info)}`);
    const next = await client.refreshTokenGrant(config, r.tokens.refresh_token, undefined, { DPoP });
    check(next.token_type.toLowerCase() === 'dpop', `refreshed token_type ${next.token_type}`);
    const { privateKey: other } = await jose.generateKeyPair('ES256', { extractable: true });
    const wrong = await configure(client.PrivateKeyJwt({ key: other, kid: jwk.kid }), app.key);
    await expectInvalidClient(client.refreshTokenGrant(wrong, next.refresh_token, undefined, { DPoP }));
  });

  await run('fapi2-security-profile-final-ensure-token-endpoint-fails-with-mismatched-dpop-proof-jkt', async () => {
    // RFC 9449 §10.1: a proof sent with the pushed request binds the code to its key, as dpop_jkt would
    const DPoP = client.getDPoPHandle(basic, await client.randomDPoPKeyPair('ES256'));
    const other = client.getDPoPHandle(basic, await client.randomDPoPKeyPair('ES256'));
    const s = await start(basic, {}, { par: true, DPoP });
    const { url } = await browser.answer(s.url, 'Allow');
    const e = await refused(client.authorizationCodeGrant(basic, url, { pkceCodeVerifier: s.verifier,
      expectedState: s.state, expectedNonce: s.nonce }, undefined, { DPoP: other }), 'the code with another key');
    check(oauthError(e) === 'invalid_dpop_proof', `expected invalid_dpop_proof, got ${oauthError(e) ?? e}`);
  });

  let bound;
  await run('fapi2-security-profile-final-ensure-dpop-auth-code-binding-success', async () => {
    const keys = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const DPoP = client.getDPoPHandle(basic, keys);
    const jkt = await DPoP.calculateThumbprint();
    const before = sent.length;
    const r = await signIn(basic, { dpop_jkt: jkt }, { DPoP });
    check(r.started.url.searchParams.get('dpop_jkt') === jkt, 'dpop_jkt not in the authorization request');
    const [token] = requestsTo(meta.token_endpoint, before);
    const proof = jose.decodeProtectedHeader(token.headers.get('dpop'));
    check(proof.typ === 'dpop+jwt' && proof.alg === 'ES256', `proof header ${JSON.stringify(proof)}`);
    check(r.tokens.token_type.toLowerCase() === 'dpop', `token_type ${r.tokens.token_type}`);
    const info = await client.fetchUserInfo(basic, r.tokens.access_token, r.claims.sub, { DPoP });
    const [userinfo] = requestsTo(meta.userinfo_endpoint, before);
    check((userinfo.headers.get('authorization') ?? '').startsWith('DPoP '), 'userinfo not called with DPoP');
    check(userinfo.headers.get('dpop'), 'no DPoP proof at userinfo');
    check(info.sub === r.claims.sub, 'userinfo sub');
    bound = { ...r, DPoP };
  });

  await run('kith-dpop-bound-token-without-proof-refused', async () => {
    check(bound, 'needs fapi2-security-profile-final-ensure-dpop-auth-code-binding-success');
    const before = sent.length;
    const e = await refused(client.fetchUserInfo(basic, bound.tokens.access_token, bound.claims.sub),
      'the bound access token as a bearer token');
    const [userinfo] = requestsTo(meta.userinfo_endpoint, before);
    check((userinfo.headers.get('authorization') ?? '').startsWith('Bearer '), 'not sent as a bearer token');
    check(e instanceof client.WWWAuthenticateChallengeError && e.status === 401, `expected a 401, got ${e}`);
    // RFC 9449 §7.1: a bound token without its proof is an invalid_token; with the proof it still works
    check(oauthError(e) === 'invalid_token', `expected invalid_token, got ${oauthError(e)}`);
    const other = client.getDPoPHandle(basic, await client.randomDPoPKeyPair('ES256'));
    await refused(client.fetchUserInfo(basic, bound.tokens.access_token, bound.claims.sub, { DPoP: other }),
      'the bound access token with a proof of another key');
    await client.fetchUserInfo(basic, bound.tokens.access_token, bound.claims.sub, { DPoP: bound.DPoP });
  });

  await run('fapi2-security-profile-final-ensure-unsigned-authorization-request-without-using-par-fails',
    async () => {
      const app = await register('Harbour PAR only', { generate_secret: true, require_par: true });
      const config = await configure(client.ClientSecretBasic(app.secret), app.key);
      const s = await start(config);
      const res = await fetch(s.url, { redirect: 'manual' });
      check(res.status === 302 || res.status === 303, `expected a redirect, got ${res.status}`);
      const location = res.headers.get('location');
      check(location.startsWith(cb.url + '?'), `redirected to ${location}, not the registered redirect URI`);
      const e = await refused(client.authorizationCodeGrant(config, new URL(location), {
        pkceCodeVerifier: s.verifier, expectedState: s.state }), 'the error response');
      check(e instanceof client.AuthorizationResponseError && e.error === 'invalid_request', `got ${e}`);
      const r = await signIn(config, {}, { par: true }); // the same request pushed is served
      check(r.tokens.access_token, 'no access token through PAR');
    });

  await run('kith-introspection-rfc7662', async () => {
    const rs = await register('Harbour API', { generate_secret: true, resource_server: true });
    const rsConfig = await configure(client.ClientSecretBasic(rs.secret), rs.key);
    const r = await signIn(basic);
    const active = await client.tokenIntrospection(rsConfig, r.tokens.access_token);
    check(active.active === true, `introspection ${JSON.stringify(active)}`);
    check(active.client_id === input.client_id && active.sub === r.claims.sub, `owner ${JSON.stringify(active)}`);
    check(active.exp > Date.now() / 1000, `exp ${active.exp}`);
    const refresh = await client.tokenIntrospection(rsConfig, r.tokens.refresh_token);
    check(refresh.active === true, `the refresh token ${JSON.stringify(refresh)}`);
    await withdraw(input.a_id);
    for (const t of [r.tokens.access_token, r.tokens.refresh_token]) {
      const after = await client.tokenIntrospection(rsConfig, t);
      check(after.active === false && Object.keys(after).length === 1, `after withdrawal ${JSON.stringify(after)}`);
    }
  });

  let ended;
  await run('oidcc-rp-initiated-logout', async () => {
    const app = await register('Harbour Logout', { generate_secret: true, logout_uri: cb.logout });
    const config = await configure(client.ClientSecretBasic(app.secret), app.key);
    const r = await signIn(config);
    check(r.claims.sid, 'the ID token names no session (sid)');
    const state = client.randomState();
    const url = client.buildEndSessionUrl(config, { id_token_hint: r.tokens.id_token,
      post_logout_redirect_uri: cb.logout, state });
    check(url.href.startsWith(meta.end_session_endpoint + '?'), `end-session URL ${url}`);
    const back = await browser.visit(url, cb.logout);
    check(back.searchParams.get('state') === state && [...back.searchParams.keys()].join() === 'state',
      `came back to ${back}`);
    const again = await signIn(config);
    check(again.loggedIn, 'the Kith session did not end: no login was asked for afterwards');
    ended = { app, sid: r.claims.sid };
  });

  await run('oidcc-backchannel-rp-initiated-logout', async () => {
    check(ended, 'needs oidcc-rp-initiated-logout');
    const jwks = jose.createRemoteJWKSet(new URL(meta.jwks_uri));
    let found;
    for (let i = 0; i < 40 && !found; i++) {
      for (const p of cb.posted.filter(x => x.path === '/logout')) {
        check(p.type.startsWith('application/x-www-form-urlencoded'), `content type ${p.type}`);
        const token = new URLSearchParams(p.body).get('logout_token');
        if (token && jose.decodeJwt(token).sid === ended.sid) found = token;
      }
      if (!found) await sleep(250);
    }
    check(found, 'no logout token for the ended session reached the logout URI');
    const { payload, protectedHeader } = await jose.jwtVerify(found, jwks, { issuer: meta.issuer,
      audience: ended.app.key, typ: 'logout+jwt', algorithms: ['ES256'] });
    check(protectedHeader.typ === 'logout+jwt', `typ ${protectedHeader.typ}`);
    check(payload.events?.['http://schemas.openid.net/event/backchannel-logout'], 'no back-channel logout event');
    check(!('nonce' in payload) && payload.jti && payload.iat, `claims ${JSON.stringify(payload)}`);
  });
}
