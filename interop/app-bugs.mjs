// The bugs of issue 23 that the app's shell owns, each as a check in a real browser (Debian's Chromium through
// playwright-core): `/` is a start page, not a JSON 404; a consent link opened while logged out lands on that consent
// after logging in (and after signing up and verifying); messages do not outlive the next navigation, but a message
// said just before going to another page shows there; one wrong verification code leaves the code working and says
// how many tries remain; the session is refreshed before the access token expires, and a 401 is answered by one
// refresh (shared by concurrent requests) and a retry; the password length the page asks for is the server's.
// stdin: {base, mail_dir, a_id, app_name, hash (true: the old #/ addresses), screenshots}
// stdout: {checks: {name: "ok" | error text}}
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { emailedCode } from './browser-kit.mjs';

const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => s += d).on('end', () => r(s)); }));
const password = 'a long bug hunting passphrase';
const checks = {};
const app = p => input.hash ? `${input.base}/app/#${p}` : `${input.base}/app${p}`;
const unique = name => `${name}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.org`;

async function rest(method, p, body, token) {
  const headers = { Accept: 'application/json' };
  if (body) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(input.base + p, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  return { status: res.status, body: text && /json/.test(res.headers.get('content-type') || '') ? JSON.parse(text) : text };
}

/** A verified account, made over HTTP. */
async function account(name) {
  const username = unique(name);
  await rest('POST', '/v1/auth/signup', { username, password });
  const answer = await rest('POST', '/v1/auth/verify', { username,
    verification_code: await emailedCode(input.mail_dir, username) });
  if (answer.status !== 200) throw new Error('verify: ' + JSON.stringify(answer));
  return username;
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });

async function check(name, work) {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await work(page, context);
    checks[name] = 'ok';
  } catch (e) {
    checks[name] = String(e.message || e).slice(0, 600);
    fs.mkdirSync(input.screenshots, { recursive: true });
    await page.screenshot({ path: path.join(input.screenshots, `bug-${name.replace(/\W+/g, '-')}.png`),
      fullPage: true }).catch(() => {});
  } finally {
    await context.close();
  }
}

const h2 = (page, name) => page.locator('main h2').filter({ hasText: name }).first().waitFor({ timeout: 15000 });
async function logIn(page, username) {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('main form button[type="submit"]').click();
}

try {
  await check('the start page at / says what Kith is and links to sign up and log in', async page => {
    const res = await page.goto(input.base + '/');
    if (!res.ok()) throw new Error(`/ answered ${res.status()}`);
    if (!/html/.test(res.headers()['content-type'] || '')) throw new Error('/ is not a page: ' + res.headers()['content-type']);
    await page.locator('a[href*="signup"]').first().waitFor({ timeout: 15000 });
    await page.locator('a[href*="login"]').first().waitFor({ timeout: 15000 });
  });

  await check('a consent link opened while logged out lands on the consent after logging in', async page => {
    const username = await account('deeplink');
    await page.goto(app(`/consent?a_id=${input.a_id}`));
    await page.locator('input[name="password"]').waitFor({ timeout: 15000 });
    await logIn(page, username);
    await h2(page, input.app_name);
    if (!page.url().includes(input.a_id)) throw new Error('the address lost the consent: ' + page.url());
    await page.reload();
    await h2(page, input.app_name);
  });

  await check('a consent link opened while logged out lands on the consent after sign up and verify', async page => {
    const username = unique('deepsignup');
    await page.goto(app(`/consent?a_id=${input.a_id}`));
    await page.locator('a[href*="signup"]').first().click();
    // the login form shown for the consent is replaced by the sign-up form: fill the new one, not the old
    await page.getByRole('heading', { name: 'Sign up' }).waitFor({ timeout: 15000 });
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(password);
    await page.locator('main form button[type="submit"]').click();
    // the code field shows once the server has answered the sign-up (and sent the email)
    await page.locator('input[name="verification_code"]').waitFor({ timeout: 30000 });
    await page.locator('input[name="verification_code"]').fill(await emailedCode(input.mail_dir, username));
    await page.locator('main form button[type="submit"]').click();
    await page.locator('input[name="password"]').waitFor({ timeout: 15000 });
    await logIn(page, username);
    await h2(page, input.app_name);
  });

  await check('a message said before going on shows on the next page, and not after the next navigation', async page => {
    const username = unique('messages');
    await page.goto(app('/signup'));
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(password);
    await page.locator('main form button[type="submit"]').click();
    await page.locator('input[name="verification_code"]').waitFor({ timeout: 15000 });
    await page.locator('#status').filter({ hasText: /\S/ }).waitFor({ timeout: 5000 });
    await page.locator('main a[href*="login"]').first().click();
    await page.locator('input[name="password"][autocomplete="current-password"]').waitFor({ timeout: 15000 });
    await page.waitForTimeout(300);
    const left = (await page.locator('#alert').textContent()) + (await page.locator('#status').textContent());
    if (left.trim()) throw new Error('still on screen after going to log in: ' + left);
  });

  await check('a consent link opened after the session ended lands on the consent after logging in', async page => {
    const username = await account('ended');
    await page.goto(app('/login'));
    await page.evaluate(() => sessionStorage.setItem('kith.access', 'an.ended.session'));
    await page.goto(app(`/consent?a_id=${input.a_id}`));
    await page.locator('input[name="password"]').waitFor({ timeout: 15000 });
    await logIn(page, username);
    await h2(page, input.app_name);
  });

  await check('one wrong verification code leaves the code working and says how many tries remain', async page => {
    const username = unique('tries');
    await page.goto(app('/signup'));
    await page.locator('input[name="username"]').fill(username);
    await page.locator('input[name="password"]').fill(password);
    await page.locator('main form button[type="submit"]').click();
    const code = await emailedCode(input.mail_dir, username);
    const wrong = code === '000000' ? '111111' : '000000';
    await page.locator('input[name="verification_code"]').fill(wrong);
    await page.locator('main form button[type="submit"]').click();
    await page.getByText(/\b4\b/).first().waitFor({ timeout: 15000 });
    await page.locator('input[name="verification_code"]').fill(code);
    await page.locator('main form button[type="submit"]').click();
    await page.locator('input[name="password"]').waitFor({ timeout: 15000 });
    const login = await rest('POST', '/v1/auth/token', { grant_type: 'password', username, password });
    if (login.status !== 200) throw new Error('the first code did not verify the account: ' + JSON.stringify(login.body));
  });

  await check('the session is refreshed before the access token expires', async (page, context) => {
    const username = await account('silent');
    await page.clock.install();
    await page.goto(app('/login'));
    await logIn(page, username);
    await page.locator('nav a[href*="account"]').first().waitFor({ timeout: 15000 });
    const first = await page.evaluate(() => sessionStorage.getItem('kith.access'));
    const refreshed = page.waitForRequest(r => r.url().endsWith('/v1/auth/token')
      && /refresh_token/.test(r.postData() || ''), { timeout: 10000 });
    await page.clock.fastForward('16:00');
    await refreshed;
    await page.waitForFunction(old => sessionStorage.getItem('kith.access') !== old, first, { timeout: 10000 });
    await page.locator('nav a[href*="account"]').first().click();
    await page.locator('#my-email').filter({ hasText: username }).waitFor({ timeout: 15000 });
  });

  await check('a 401 is answered by one shared refresh and a retry, not a logout', async (page, context) => {
    const username = await account('retry');
    await page.goto(app('/login'));
    await logIn(page, username);
    await page.locator('nav a[href*="account"]').first().waitFor({ timeout: 15000 });
    const stale = await page.evaluate(() => sessionStorage.getItem('kith.access'));
    let refreshes = 0;
    page.on('request', r => {
      if (r.url().endsWith('/v1/auth/token') && /refresh_token/.test(r.postData() || '')) refreshes++;
    });
    // the server's answer to an expired token, for every request still carrying the old one
    await context.route(u => u.pathname.startsWith('/v1/') && u.pathname !== '/v1/auth/token', route => {
      if (route.request().headers().authorization === 'Bearer ' + stale) {
        return route.fulfill({ status: 401, contentType: 'application/problem+json',
          headers: { 'WWW-Authenticate': 'Bearer realm="kith"' },
          body: JSON.stringify({ status: 401, title: 'Unauthenticated', detail: 'the token has expired' }) });
      }
      return route.continue();
    });
    await page.locator('nav a[href*="account"]').first().click();
    await page.locator('#my-email').filter({ hasText: username }).waitFor({ timeout: 15000 });
    await page.locator('table[data-loaded], main table').first().waitFor({ timeout: 15000 });
    if (refreshes !== 1) throw new Error(`${refreshes} refresh grants for the concurrent requests of the page`);
  });

  await check('the password length the sign-up page asks for is the server\'s', async page => {
    const policy = await rest('GET', '/v1/auth/password-policy');
    const min = policy.status === 200 ? policy.body.min_length : 10;
    await page.goto(app('/signup'));
    const field = page.locator('input[name="password"]');
    await field.waitFor({ timeout: 15000 });
    const minlength = await field.getAttribute('minlength');
    if (minlength !== String(min)) throw new Error(`the field asks for ${minlength} characters, the server for ${min}`);
    const text = await page.locator('main').textContent();
    const numbers = [...text.matchAll(/(\d+) (characters|Zeichen)/g)].map(m => m[1]);
    if (numbers.some(n => n !== String(min))) throw new Error('the page says ' + numbers.join(', '));
    if (!numbers.length) throw new Error('the page does not say how long the password must be');
  });
} finally {
  await browser.close();
  process.stdout.write(JSON.stringify({ checks }));
}
