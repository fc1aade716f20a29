// The account page and the login's second step in a real browser (Debian's Chromium through playwright-core, the
// DevTools virtual authenticator for passkeys): sign up and log in; turn on an authenticator app from the account
// page (TOTP computed here from the key the page shows beside the QR code); log in with a code (the app's login and
// the OpenID Connect login of a relying party), with a recovery code (and not twice with the same one); sign in
// again when the server asks for a fresher login (step-up); add, rename a passkey and sign in with it; sign out
// other sessions; export (JSON and CSV); remove the passkey and the authenticator app, each after a confirmation;
// delete the account. axe-core finds no violation on the account page (three states) and the second step.
// stdin: {base, mail_dir, screenshots, authorize_path, client_id, callback, app_name}
// stdout: {ok, steps, axe} (and a screenshot of each view axe checked, in screenshots/) ;
// on failure {ok:false, step, error, screenshot}
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { totp, stepNow, nextStep, emailedCode, axe } from './browser-kit.mjs';

const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => s += d).on('end', () => r(s)); }));
const username = `account-${Date.now().toString(36)}@example.org`;
const password = 'a long account passphrase';
const steps = [];
const axeResults = {};
const problems = [];
let step = 'start';
const done = name => steps.push(name);
const fail = msg => { throw new Error(msg); };

async function rest(method, p, body, token) {
  const headers = { Accept: 'application/json' };
  if (body) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(input.base + p, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text && /json/.test(res.headers.get('content-type') || '') ? JSON.parse(text) : text };
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const context = await browser.newContext({ acceptDownloads: true });
const page = await context.newPage();
page.on('pageerror', e => problems.push('page error: ' + e.message));
const main = page.locator('main');
const heading = name => page.getByRole('heading', { name, exact: true, level: 2 }).waitFor({ timeout: 30000 });
const status = text => page.locator('#status').filter({ hasText: text }).waitFor({ timeout: 30000 });
const nav = name => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();
const accessToken = () => page.evaluate(() => sessionStorage.getItem('kith.access'));
const claims = async () => JSON.parse(Buffer.from((await accessToken()).split('.')[1], 'base64url').toString());
async function checkAxe(name) {
  const violations = await axe(page);
  axeResults[name] = violations;
  fs.mkdirSync(input.screenshots, { recursive: true });
  await page.screenshot({ path: path.join(input.screenshots, `account-${name.replace(/\W+/g, '-')}.png`), fullPage: true });
  if (violations.length) fail(`axe on ${name}: ${JSON.stringify(violations)}`);
}
async function logOut() {
  await page.getByRole('button', { name: 'Log out' }).click();
  await status('You are logged out.');
}
async function passwordStep() {
  await heading('Log in');
  await main.getByLabel('Email').fill(username);
  await main.getByLabel('Password', { exact: true }).fill(password);
  await main.getByRole('button', { name: 'Log in', exact: true }).click();
  await heading('Check it is you');
}

try {
  step = 'sign up, verify and log in';
  await page.goto(input.base + '/app/signup');
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', { options: {
    protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
    isUserVerified: true, automaticPresenceSimulation: true } });
  await page.getByLabel('Email').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await heading('Verify your email');
  await page.getByLabel('Verification code').fill(await emailedCode(input.mail_dir, username));
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await status('You can log in now');
  await main.getByLabel('Password', { exact: true }).fill(password);
  await main.getByRole('button', { name: 'Log in', exact: true }).click();
  await heading('My data');
  done(step);

  step = 'the account page shows the profile and passes axe';
  await nav('My account');
  await heading('My account');
  if ((await page.locator('#my-email').textContent()) !== username) fail('profile email');
  await page.getByRole('button', { name: 'Set up an authenticator app' }).waitFor();
  await page.getByRole('cell', { name: 'This device' }).waitFor();
  await page.getByText('You have no passkeys.').waitFor();
  await page.getByText('You have not shared anything with an application.').waitFor();
  await checkAxe('account page');
  done(step);

  step = 'turn on an authenticator app from the account page';
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
  const secret = await page.locator('#totp-secret').getAttribute('data-secret');
  if ((await page.locator('#totp-secret').textContent()).replace(/\s/g, '') !== secret) fail('shown key != secret');
  await checkAxe('authenticator set-up');
  await page.getByLabel('Enter the 6-digit code the app shows').fill('000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.locator('.error-summary').filter({ hasText: 'That code is not right' }).waitFor();
  if (await page.getByLabel('Enter the 6-digit code the app shows').getAttribute('aria-invalid') !== 'true') {
    fail('wrong code: no aria-invalid');
  }
  let used = stepNow();
  await page.getByLabel('Enter the 6-digit code the app shows').fill(totp(secret, used));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
  const codes = (await page.locator('ul.codes code').allTextContents()).map(c => c.trim());
  if (codes.length !== 10) fail('recovery codes shown: ' + codes.length);
  await checkAxe('recovery codes');
  await page.getByRole('button', { name: 'I have saved these codes' }).click();
  await status('Your authenticator app is on');
  await page.getByText('Set up. Signing in asks for a code from your app.').waitFor();
  if (await page.locator('ul.codes').count() !== 0) fail('the recovery codes are still shown');
  done(step);

  step = 'log in through the login page with the code of the app';
  await logOut();
  await passwordStep();
  const code = main.getByLabel('Enter the 6-digit code from your authenticator app');
  if (await code.getAttribute('autocomplete') !== 'one-time-code' || await code.getAttribute('inputmode') !== 'numeric') {
    fail('code field attributes');
  }
  await checkAxe('second step');
  await code.fill('12345');
  await main.getByRole('button', { name: 'Continue' }).click();
  await page.locator('.error-summary a').filter({ hasText: 'The code must be 6 digits' }).waitFor();
  const describedBy = await code.getAttribute('aria-describedby');
  if (!describedBy.split(' ').some(id => id.endsWith('-error'))) fail('error not linked: ' + describedBy);
  await checkAxe('second step with an error');
  used = await nextStep(used);
  await code.fill(totp(secret, used));
  await main.getByRole('button', { name: 'Continue' }).click();
  await heading('My data');
  if (!(await claims()).amr.includes('otp')) fail('amr ' + JSON.stringify((await claims()).amr));
  done(step);

  step = 'log in through the OpenID Connect login page with the code of the app';
  await logOut();
  const verifier = crypto.randomBytes(32).toString('base64url');
  const authorize = new URL(input.base + input.authorize_path);
  for (const [k, v] of Object.entries({ response_type: 'code', client_id: input.client_id, redirect_uri: input.callback,
    scope: 'openid', state: 'st-1', nonce: 'n-1', code_challenge_method: 'S256',
    code_challenge: crypto.createHash('sha256').update(verifier).digest('base64url') })) {
    authorize.searchParams.set(k, v);
  }
  let callback = null;
  await page.route(input.callback + '**', route => {
    callback = route.request().url();
    return route.fulfill({ status: 200, contentType: 'text/plain', body: 'callback received' });
  });
  await page.goto(authorize.toString());
  await passwordStep();
  used = await nextStep(used);
  await main.getByLabel('Enter the 6-digit code from your authenticator app').fill(totp(secret, used));
  await main.getByRole('button', { name: 'Continue' }).click();
  await heading(`${input.app_name} wants to know who you are`);
  await main.getByRole('button', { name: 'Allow', exact: true }).click();
  await page.waitForURL(input.callback + '**');
  const answered = new URL(callback);
  if (!answered.searchParams.get('code') || answered.searchParams.get('state') !== 'st-1') fail('callback ' + callback);
  await page.goto(input.base + '/app/data');
  await heading('My data');
  done(step);

  step = 'log in with a recovery code, once';
  await logOut();
  await passwordStep();
  await main.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await main.getByLabel('Enter one of your recovery codes').fill(codes[0]);
  await main.getByRole('button', { name: 'Continue' }).click();
  await heading('My data');
  await logOut();
  await passwordStep();
  await main.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await main.getByLabel('Enter one of your recovery codes').fill(codes[0]);
  await main.getByRole('button', { name: 'Continue' }).click();
  await page.locator('.error-summary').filter({ hasText: 'That recovery code is wrong or has been used' }).waitFor();
  await main.getByLabel('Enter one of your recovery codes').fill(codes[1]);
  await main.getByRole('button', { name: 'Continue' }).click();
  await heading('My data');
  done(step);

  step = 'a step-up challenge asks to sign in again, then finishes the export';
  await nav('My account');
  await heading('My account');
  let challenged = 0;
  await page.route('**/v1/auth/me/export', async route => {
    if (challenged++ > 0) return route.continue();
    return route.fulfill({ status: 401, contentType: 'application/problem+json', headers: { 'WWW-Authenticate':
      'Bearer error="insufficient_user_authentication", error_description="a more recent login is needed", max_age=300' },
    body: JSON.stringify({ type: 'about:blank', title: 'Unauthorized', status: 401 }) });
  });
  const jsonDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download all my data (JSON)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Sign in again to continue' });
  await dialog.getByLabel('Password').fill(password);
  await dialog.getByRole('button', { name: 'Continue' }).click();
  await dialog.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await dialog.getByLabel('Enter one of your recovery codes').fill(codes[2]);
  await dialog.getByRole('button', { name: 'Continue' }).click();
  const exported = JSON.parse(fs.readFileSync(await (await jsonDownload).path(), 'utf8'));
  if (exported.account.username !== username) fail('export ' + JSON.stringify(exported.account));
  if (challenged !== 2) fail('export requests: ' + challenged);
  await page.unroute('**/v1/auth/me/export');
  done(step);

  step = 'export the profile objects as CSV';
  const csvDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download my details as a spreadsheet (CSV)' }).click();
  const csv = fs.readFileSync(await (await csvDownload).path(), 'utf8');
  if (!/n_id/.test(csv.split('\n')[0])) fail('csv header ' + csv.slice(0, 200));
  done(step);

  step = 'add and rename a passkey';
  await page.getByLabel('Name for the new passkey').fill('Test laptop');
  await page.getByRole('button', { name: 'Add a passkey' }).click();
  await status('Passkey "Test laptop" added');
  await page.getByRole('cell', { name: 'Test laptop', exact: true }).waitFor();
  const stored = (await cdp.send('WebAuthn.getCredentials', { authenticatorId })).credentials;
  if (stored.length !== 1 || !stored[0].isResidentCredential) fail('authenticator holds ' + stored.length);
  await page.getByRole('button', { name: 'Rename Test laptop' }).click();
  await page.getByLabel('New name').fill('Old laptop');
  await page.getByRole('button', { name: 'Save name' }).click();
  await page.getByRole('cell', { name: 'Old laptop', exact: true }).waitFor();
  await checkAxe('account page with a passkey');
  done(step);

  step = 'withdraw what was shared with the relying party, after a confirmation';
  await page.getByRole('button', { name: `Withdraw from ${input.app_name}` }).click();
  const stop = page.getByRole('dialog', { name: `Stop sharing with ${input.app_name}?` });
  await stop.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('button', { name: `Withdraw from ${input.app_name}` }).click();
  await stop.getByRole('button', { name: 'Withdraw' }).click();
  await status(`Withdrawn: ${input.app_name} no longer has access.`);
  await page.getByRole('cell', { name: 'Withdrawn', exact: true }).waitFor();
  done(step);

  step = 'sign in with the passkey';
  await logOut();
  await heading('Log in');
  await main.getByRole('button', { name: 'Sign in with a passkey' }).click();
  await heading('My data');
  const amr = (await claims()).amr;
  if (!amr.includes('hwk') || !amr.includes('mfa')) fail('passkey amr ' + JSON.stringify(amr));
  done(step);

  step = 'list sessions, sign one out, then all others';
  const elsewhere = async otp => {
    const first = await rest('POST', '/v1/auth/token', { grant_type: 'password', username, password });
    if (first.status !== 403 || !first.body.mfa_token) fail('other login ' + JSON.stringify(first));
    const t = await rest('POST', '/v1/auth/token', { grant_type: 'mfa_otp', mfa_token: first.body.mfa_token, otp });
    if (t.status !== 200) fail('other login, second step ' + JSON.stringify(t));
    const mine = (await rest('GET', '/v1/auth/sessions', undefined, t.body.access_token)).body.sessions;
    return { ...t.body, session: mine.find(x => x.current).id };
  };
  const ended = async (who, tokens) => {
    const refreshed = await rest('POST', '/v1/auth/token', { grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token });
    if (refreshed.status !== 400 && refreshed.status !== 401) fail(`${who}: refreshed ${refreshed.status}`);
    const me = await rest('GET', '/v1/auth/me', undefined, tokens.access_token);
    if (me.status !== 401) fail(`${who}: access token answered ${me.status}`);
  };
  const phone = await elsewhere(codes[3]);
  const tablet = await elsewhere(codes[4]);
  await nav('My account');
  await heading('My account');
  const rows = page.locator('tr[data-current]');
  await rows.nth(2).waitFor();
  if (await rows.count() !== 3) fail('sessions listed ' + await rows.count());
  await page.locator(`tr[data-session="${phone.session}"]`).getByRole('button', { name: /^Sign out/ }).click();
  await status('Signed out');
  await page.locator(`tr[data-session="${phone.session}"]`).waitFor({ state: 'detached' });
  await ended('the signed-out session', phone);
  const still = await rest('GET', '/v1/auth/me', undefined, tablet.access_token);
  if (still.status !== 200) fail('another session ended too: ' + still.status);
  await page.getByRole('button', { name: 'Sign out all other devices' }).click();
  await status('Signed out on 1 other device.');
  await page.locator('tr[data-current="false"]').waitFor({ state: 'detached' });
  if (await rows.count() !== 1) fail('sessions left ' + await rows.count());
  await ended('the other sessions', tablet);
  done(step);

  step = 'delete the passkey and remove the authenticator app, each after a confirmation';
  await page.getByRole('button', { name: 'Delete Old laptop' }).click();
  const confirmPk = page.getByRole('dialog', { name: 'Delete the passkey "Old laptop"?' });
  await confirmPk.getByRole('button', { name: 'Cancel' }).click();
  await page.getByRole('cell', { name: 'Old laptop', exact: true }).waitFor();
  await page.getByRole('button', { name: 'Delete Old laptop' }).click();
  await confirmPk.getByRole('button', { name: 'Delete passkey' }).click();
  await page.getByText('You have no passkeys.').waitFor();
  const removeForm = page.getByRole('form', { name: 'Remove the authenticator app' });
  await removeForm.getByLabel('Your password').fill(password);
  await removeForm.getByRole('button', { name: 'Remove authenticator app' }).click();
  await page.getByRole('dialog', { name: 'Remove the authenticator app?' }).getByRole('button', { name: 'Remove it' })
    .click();
  await page.getByRole('button', { name: 'Set up an authenticator app' }).waitFor();
  const plain = await rest('POST', '/v1/auth/token', { grant_type: 'password', username, password });
  if (plain.status !== 200) fail('password-only login after removal ' + plain.status);
  done(step);

  step = 'delete the account';
  const deleteForm = page.getByRole('form', { name: 'Delete your account' });
  await deleteForm.getByLabel('Your password').fill('not the password');
  await deleteForm.getByRole('button', { name: 'Delete my account' }).click();
  await page.getByRole('dialog', { name: 'Delete your account for good?' }).getByRole('button',
    { name: 'Delete my account' }).click();
  await deleteForm.locator('.error-summary').waitFor();
  if (await deleteForm.getByLabel('Your password').getAttribute('aria-invalid') !== 'true') fail('no aria-invalid');
  await deleteForm.getByLabel('Your password').fill(password);
  await deleteForm.getByRole('button', { name: 'Delete my account' }).click();
  await page.getByRole('dialog', { name: 'Delete your account for good?' }).getByRole('button',
    { name: 'Delete my account' }).click();
  await status('Your account is deleted');
  await heading('Sign up');
  const gone = await rest('POST', '/v1/auth/token', { grant_type: 'password', username, password });
  if (gone.status === 200) fail('a deleted account logged in');
  done(step);

  if (problems.length) fail('page errors: ' + problems.join('; '));
  console.log(JSON.stringify({ ok: true, steps, axe: axeResults }));
} catch (e) {
  let screenshot = null;
  try {
    fs.mkdirSync(input.screenshots, { recursive: true });
    screenshot = path.join(input.screenshots, 'account-security-failure.png');
    await page.screenshot({ path: screenshot, fullPage: true });
  } catch (ignored) {
    screenshot = null;
  }
  console.log(JSON.stringify({ ok: false, step, steps, error: String(e && e.stack || e), problems, screenshot }));
} finally {
  await browser.close();
}
