// Accessibility of every view of the app in a real browser (Debian's Chromium through playwright-core): each view is
// opened as a person would reach it, axe-core runs on it (WCAG 2.0-2.2 A/AA and best practices), and a screenshot of
// it is written to screenshots/<view>.png; then a keyboard-only walkthrough of sign-up (Tab, typing and Enter only,
// each focused element visibly marked) from the start page to My data.
// stdin: {base, mail_dir, screenshots, a_id, client_id, callback, authorize_path}
// stdout: {ok, views: {view: [serious or critical violations]}, minor: {view: [ids]}, keyboard: [steps]}
//         on failure also {step, error}
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { emailedCode, totp, axe } from './browser-kit.mjs';

const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => s += d).on('end', () => r(s)); }));
const password = 'a long accessible passphrase';
const views = {};
const minor = {};
const keyboard = [];
let step = 'start';
const unique = name => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.org`;

async function rest(method, p, body, token) {
  const headers = { Accept: 'application/json' };
  if (body) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(input.base + p, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  const data = text && /json/.test(res.headers.get('content-type') || '') ? JSON.parse(text) : text;
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${text}`);
  return data;
}

async function account(name) {
  const username = unique(name);
  await rest('POST', '/v1/auth/signup', { username, password });
  await rest('POST', '/v1/auth/verify', { username, verification_code: await emailedCode(input.mail_dir, username) });
  return username;
}

/** An account whose login asks for the code of an authenticator app. */
async function accountWithTotp() {
  const username = await account('second');
  const { access_token: token } = await rest('POST', '/v1/auth/token', { grant_type: 'password', username, password });
  const { secret } = await rest('POST', '/v1/auth/mfa/totp', {}, token);
  await rest('POST', '/v1/auth/mfa/totp/confirm', { code: totp(secret) }, token);
  return username;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const context = await browser.newContext({ viewport: { width: 1024, height: 800 } });
const page = await context.newPage();
await page.route(input.callback + '**', route => route.fulfill({ status: 200, contentType: 'text/plain', body: 'ok' }));
const main = page.locator('main');

/** Waits for the view to settle, runs axe, writes the screenshot; serious and critical findings fail the run. */
async function check(name) {
  step = 'view ' + name;
  await page.locator('main h2').first().waitFor({ timeout: 30000 });
  await page.waitForLoadState('networkidle');
  await page.locator('main').getByText('Loading…').first().waitFor({ state: 'detached', timeout: 15000 }).catch(() => {});
  const violations = await axe(page);
  views[name] = violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  minor[name] = violations.filter(v => !views[name].includes(v)).map(v => v.id);
  fs.mkdirSync(input.screenshots, { recursive: true });
  await page.screenshot({ path: path.join(input.screenshots, `${name}.png`), fullPage: true });
}

async function logIn(username) {
  await page.goto(input.base + '/app/login');
  await main.locator('input[name="username"]').fill(username);
  await main.locator('input[name="password"]').fill(password);
  await main.locator('button[type="submit"]').click();
}

/** Presses Tab until {@code wanted} holds for the focused element; each focused element must show its focus. */
async function tabTo(description, wanted) {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      const style = getComputedStyle(el);
      const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
      return { tag: el.tagName.toLowerCase(), name: el.getAttribute('name'), text: (el.textContent || '').trim(),
        href: el.getAttribute('href'), type: el.getAttribute('type'), visible };
    });
    if (!focus) continue;
    if (!focus.visible) throw new Error(`no visible focus on ${JSON.stringify(focus)}`);
    if (wanted(focus)) {
      keyboard.push(description);
      return;
    }
  }
  throw new Error('Tab did not reach ' + description);
}

try {
  const username = await account('views');
  const second = await accountWithTotp();

  step = 'views of a person not logged in';
  await page.goto(input.base + '/');
  await check('start');
  for (const view of ['signup', 'verify', 'login']) {
    await page.goto(`${input.base}/app/${view}`);
    await check(view);
  }
  step = 'the second step of a login';
  await logIn(second);
  await page.getByRole('heading', { name: 'Check it is you' }).waitFor({ timeout: 30000 });
  await check('second-step');

  step = 'views of a person logged in';
  await logIn(username);
  await page.locator('nav a[href="/app/account"]').waitFor({ timeout: 30000 });
  for (const view of ['data', 'add', 'scan', 'shares', 'seen', 'account']) {
    await page.goto(`${input.base}/app/${view}`);
    await check(view);
  }
  await page.goto(`${input.base}/app/consent?a_id=${encodeURIComponent(input.a_id)}`);
  await check('consent');

  const authorize = new URL(input.base + input.authorize_path);
  const verifier = crypto.randomBytes(32).toString('base64url');
  for (const [k, v] of Object.entries({ response_type: 'code', client_id: input.client_id, redirect_uri: input.callback,
    scope: 'openid profile', state: 'st-a11y', nonce: 'n-a11y', code_challenge_method: 'S256',
    code_challenge: crypto.createHash('sha256').update(verifier).digest('base64url') })) {
    authorize.searchParams.set(k, v);
  }
  await page.goto(authorize.toString());
  await page.waitForURL(u => u.pathname === '/app/authorize', { timeout: 30000 });
  await check('authorize');

  await page.goto(`${input.base}/oauth2/logout?client_id=${encodeURIComponent(input.client_id)}`);
  await page.waitForURL(u => u.pathname === '/app/end-session', { timeout: 30000 });
  await check('end-session');

  step = 'keyboard only: sign up from the start page to My data';
  const fresh = unique('keyboard');
  await page.evaluate(() => sessionStorage.clear());
  await page.goto(input.base + '/');
  await page.locator('main h2').waitFor();
  await tabTo('the skip link', f => f.href === '#main');
  await page.keyboard.press('Enter');
  if (!(await page.evaluate(() => document.activeElement && document.activeElement.id === 'main'))) {
    throw new Error('the skip link did not move the focus to the content');
  }
  keyboard.push('the skip link moves the focus to the content');
  await tabTo('the Sign up link', f => f.tag === 'a' && f.href === '/app/signup');
  await page.keyboard.press('Enter');
  await page.locator('main input[name="username"]').waitFor({ timeout: 30000 });
  await tabTo('the email field', f => f.name === 'username');
  await page.keyboard.type(fresh);
  await tabTo('the password field', f => f.name === 'password');
  await page.keyboard.type(password);
  await tabTo('the Sign up button', f => f.tag === 'button' && f.type === 'submit');
  await page.keyboard.press('Enter');
  await main.locator('input[name="verification_code"]').waitFor({ timeout: 30000 });
  await tabTo('the code field', f => f.name === 'verification_code');
  await page.keyboard.type(await emailedCode(input.mail_dir, fresh));
  await page.keyboard.press('Enter');
  await main.locator('input[autocomplete="current-password"]').waitFor({ timeout: 30000 });
  await tabTo('the password field of the login', f => f.name === 'password');
  await page.keyboard.type(password);
  await page.keyboard.press('Enter');
  await page.locator('nav a[href="/app/account"]').waitFor({ timeout: 30000 });
  keyboard.push('signed up, verified and logged in with the keyboard alone');

  step = 'language: Deutsch chosen on the page, kept after a reload';
  await page.locator('#language').selectOption('de');
  await page.waitForFunction(() => document.documentElement.lang === 'de', null, { timeout: 30000 });
  await page.goto(input.base + '/app/account');
  await page.getByRole('heading', { name: 'Mein Konto', level: 2 }).waitFor({ timeout: 30000 });
  await page.locator('nav a[aria-current="page"]').filter({ hasText: 'Mein Konto' }).waitFor({ timeout: 5000 });
  step = 'language: the authenticator-app and passkeys sections of the account page in German';
  await page.getByRole('heading', { name: 'Authenticator-App', exact: true, level: 3 }).waitFor({ timeout: 30000 });
  await page.getByRole('button', { name: 'Authenticator-App einrichten', exact: true }).waitFor({ timeout: 30000 });
  await page.getByText('Sie haben keine Passkeys.', { exact: true }).waitFor({ timeout: 30000 });
  await page.getByRole('form', { name: 'Passkey hinzufügen' }).getByLabel('Name für den neuen Passkey')
    .waitFor({ timeout: 30000 });
  await check('account-de');
  const language = 'de';

  const clean = Object.values(views).every(v => v.length === 0);
  process.stdout.write(JSON.stringify({ ok: clean, views, minor, keyboard, language }));
} catch (e) {
  fs.mkdirSync(input.screenshots, { recursive: true });
  await page.screenshot({ path: path.join(input.screenshots, 'a11y-failure.png'), fullPage: true }).catch(() => {});
  process.stdout.write(JSON.stringify({ ok: false, step, error: String(e.message || e), views, minor, keyboard }));
} finally {
  await browser.close();
}
