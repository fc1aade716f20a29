// Passkeys in a real browser (Debian's Chromium through playwright-core) with the DevTools virtual authenticator
// (CTAP2, resident keys, user verification): on a page Kith serves at the relying party's origin, a signed-in
// account registers a passkey (navigator.credentials.create with Kith's options), lists and renames it, logs in
// without a username (navigator.credentials.get, allowCredentials empty, grant_type=webauthn), and after its
// password with the passkey as second factor (mfa_token + credential); a replayed
// assertion, a cloned authenticator (its counter set back) and a deleted passkey are refused.
// stdin: {base, token, u_id, username, password} ; stdout: {ok, steps, amr, mfa_amr} ; on failure {ok:false, step, error}
import { chromium } from 'playwright-core';

const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => s += d).on('end', () => r(s)); }));
const steps = [];
let step = 'start';
const done = name => steps.push(name);
const fail = msg => { throw new Error(msg); };

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
let amr = null;
let mfaAmr = null;
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  step = 'open a page of Kith at the relying party origin';
  await page.goto(input.base + '/app/');
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: {
    protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
    isUserVerified: true, automaticPresenceSimulation: true } });
  done(step);

  // runs in the page: the JSON forms of WebAuthn <-> ArrayBuffers, and Kith's routes
  const inPage = async (what, args) => page.evaluate(async ([what, args]) => {
    const b64 = s => Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), c => c.charCodeAt(0)).buffer;
    const txt = b => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
    const call = async (method, path, body, token) => {
      const headers = { Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      if (token) headers.Authorization = 'Bearer ' + token;
      const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, type: res.headers.get('content-type'), body: text ? JSON.parse(text) : null };
    };
    if (what === 'register') {
      const o = await call('POST', '/v1/auth/webauthn/registration/options', undefined, args.token);
      if (o.status !== 200) return { options: o };
      const opts = o.body;
      const publicKey = { ...opts, challenge: b64(opts.challenge), user: { ...opts.user, id: b64(opts.user.id) },
        excludeCredentials: opts.excludeCredentials.map(c => ({ ...c, id: b64(c.id) })) };
      const cred = await navigator.credentials.create({ publicKey });
      const credential = { id: cred.id, rawId: txt(cred.rawId), type: cred.type,
        authenticatorAttachment: cred.authenticatorAttachment, clientExtensionResults: cred.getClientExtensionResults(),
        response: { clientDataJSON: txt(cred.response.clientDataJSON),
          attestationObject: txt(cred.response.attestationObject), transports: cred.response.getTransports() } };
      return { options: o, result: await call('POST', '/v1/auth/webauthn/registration', { credential, name: args.name }, args.token) };
    }
    if (what === 'assert') {
      const o = await call('POST', '/v1/auth/webauthn/authentication/options');
      const opts = o.body;
      const cred = await navigator.credentials.get({ publicKey: { ...opts, challenge: b64(opts.challenge),
        allowCredentials: opts.allowCredentials.map(c => ({ ...c, id: b64(c.id) })) } });
      const credential = { id: cred.id, rawId: txt(cred.rawId), type: cred.type,
        authenticatorAttachment: cred.authenticatorAttachment, clientExtensionResults: cred.getClientExtensionResults(),
        response: { clientDataJSON: txt(cred.response.clientDataJSON), authenticatorData: txt(cred.response.authenticatorData),
          signature: txt(cred.response.signature), userHandle: cred.response.userHandle ? txt(cred.response.userHandle) : null } };
      return { options: o, credential };
    }
    if (what === 'token') return call('POST', '/v1/auth/token', { grant_type: 'webauthn', credential: args.credential, mfa_token: args.mfa_token });
    return call(args.method, args.path, args.body, args.token);
  }, [what, args]);
  const api = (method, path, body, token) => inPage('call', { method, path, body, token });
  const login = async () => inPage('token', { credential: (await inPage('assert', {})).credential });

  step = 'register a passkey';
  const reg = await inPage('register', { token: input.token, name: 'Work laptop' });
  if (reg.options.status !== 200) fail('options ' + JSON.stringify(reg.options));
  const sel = reg.options.body.authenticatorSelection;
  if (sel.residentKey !== 'required' || sel.userVerification !== 'preferred') fail('selection ' + JSON.stringify(sel));
  if (reg.options.body.rp.id !== 'localhost') fail('rp ' + JSON.stringify(reg.options.body.rp));
  if (reg.options.body.user.id === input.u_id) fail('the user handle is the u_id');
  if (reg.result.status !== 201) fail('registration ' + JSON.stringify(reg.result));
  const id = reg.result.body.id;
  const stored = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  if (stored.length !== 1 || !stored[0].isResidentCredential) fail('authenticator holds ' + JSON.stringify(stored));
  done(step);

  step = 'the same authenticator cannot register twice (excludeCredentials)';
  const again = await inPage('register', { token: input.token, name: 'again' }).catch(e => ({ error: String(e) }));
  if (!again.error || !/InvalidStateError|excluded|already/i.test(again.error)) fail('second registration ' + JSON.stringify(again));
  done(step);

  step = 'list and rename';
  let list = await api('GET', '/v1/auth/webauthn/credentials', undefined, input.token);
  if (list.status !== 200 || list.body.credentials.length !== 1 || list.body.credentials[0].name !== 'Work laptop') fail('list ' + JSON.stringify(list));
  const renamed = await api('PUT', '/v1/auth/webauthn/credentials/' + id, { name: 'Old laptop' }, input.token);
  if (renamed.status !== 200 || renamed.body.name !== 'Old laptop') fail('rename ' + JSON.stringify(renamed));
  list = await api('GET', '/v1/auth/webauthn/credentials', undefined, input.token);
  if (list.body.credentials[0].name !== 'Old laptop') fail('list after rename ' + JSON.stringify(list));
  done(step);

  step = 'log in without a username';
  const assertion = (await inPage('assert', {})).credential;
  if (!assertion.response.userHandle) fail('no user handle: not a discoverable credential');
  const tokens = await inPage('token', { credential: assertion });
  if (tokens.status !== 200 || !tokens.body.access_token || !tokens.body.refresh_token) fail('login ' + JSON.stringify(tokens));
  const claims = JSON.parse(Buffer.from(tokens.body.access_token.split('.')[1], 'base64url').toString());
  amr = claims.amr;
  if (claims.sub !== input.u_id) fail('logged in as ' + claims.sub);
  const me = await api('GET', '/v1/auth/me', undefined, tokens.body.access_token);
  if (me.status !== 200) fail('me ' + JSON.stringify(me));
  done(step);

  step = 'a password login then asks for the passkey as its second factor';
  const pwd = await api('POST', '/v1/auth/token', { grant_type: 'password', username: input.username, password: input.password });
  if (pwd.status !== 403 || !/mfa-required$/.test(pwd.body.type) || !pwd.body.mfa_token || pwd.body.access_token) fail('password step ' + JSON.stringify(pwd));
  const otp = await api('POST', '/v1/auth/token', { grant_type: 'mfa_otp', mfa_token: pwd.body.mfa_token, otp: '123456' });
  if (otp.status !== 401) fail('a code for an account without TOTP ' + JSON.stringify(otp));
  const second = await inPage('token', { credential: (await inPage('assert', {})).credential, mfa_token: pwd.body.mfa_token });
  if (second.status !== 200 || !second.body.access_token) fail('passkey second factor ' + JSON.stringify(second));
  const secondClaims = JSON.parse(Buffer.from(second.body.access_token.split('.')[1], 'base64url').toString());
  if (secondClaims.sub !== input.u_id) fail('second factor logged in as ' + secondClaims.sub);
  mfaAmr = secondClaims.amr;
  const spent = await inPage('token', { credential: (await inPage('assert', {})).credential, mfa_token: pwd.body.mfa_token });
  if (spent.status !== 401 || !/problem\+json/.test(spent.type)) fail('spent mfa_token ' + JSON.stringify(spent));
  done(step);

  step = 'a replayed assertion is refused';
  const replay = await inPage('token', { credential: assertion });
  if (replay.status !== 401 || !/problem\+json/.test(replay.type)) fail('replay ' + JSON.stringify(replay));
  done(step);

  step = 'a cloned authenticator (counter set back) is refused';
  const [cred] = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: cred.credentialId });
  await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...cred, signCount: 0 } });
  const cloned = await login();
  if (cloned.status !== 401 || !/counter/.test(cloned.body.detail)) fail('cloned ' + JSON.stringify(cloned));
  await cdp.send('WebAuthn.removeCredential', { authenticatorId, credentialId: cred.credentialId });
  await cdp.send('WebAuthn.addCredential', { authenticatorId, credential: { ...cred, signCount: cred.signCount + 10 } });
  const restored = await login();
  if (restored.status !== 200) fail('after restoring the counter ' + JSON.stringify(restored));
  done(step);

  step = 'delete, and the deleted passkey cannot log in';
  const del = await api('DELETE', '/v1/auth/webauthn/credentials/' + id, undefined, input.token);
  if (del.status !== 204) fail('delete ' + JSON.stringify(del));
  list = await api('GET', '/v1/auth/webauthn/credentials', undefined, input.token);
  if (list.body.credentials.length !== 0) fail('list after delete ' + JSON.stringify(list));
  const gone = await login();
  if (gone.status !== 401 || !/problem\+json/.test(gone.type)) fail('deleted passkey ' + JSON.stringify(gone));
  const delAgain = await api('DELETE', '/v1/auth/webauthn/credentials/' + id, undefined, input.token);
  if (delAgain.status !== 404) fail('delete again ' + JSON.stringify(delAgain));
  done(step);

  console.log(JSON.stringify({ ok: true, steps, amr, mfa_amr: mfaAmr }));
} catch (e) {
  console.log(JSON.stringify({ ok: false, step, steps, error: String(e && e.stack || e) }));
} finally {
  await browser.close();
}
