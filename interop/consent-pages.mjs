// The consent pages in a real browser (Debian's Chromium through playwright-core), driven like a person would:
// the Kith consent link of an application that asks for particular data (keyboard only: Deny, then Allow), the
// shares per application and per object (withdraw after a confirmation), who saw my data, and the OpenID Provider's
// hosted consent page (keyboard only). Each check runs on its own, so one failure does not hide the others; axe-core
// runs on every view (no serious or critical violation allowed) and a screenshot of each view is written.
// stdin: {base, mail_dir, screenshots, a_id, app_name, org_name, app_token, authorize_path, client_id, callback}
// stdout: {ok, checks: {name: "ok" | error}, axe: {view: [violations]}}
import { chromium } from 'playwright-core';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { emailedCode, axe } from './browser-kit.mjs';

const input = JSON.parse(await new Promise(r => {
  let s = '';
  process.stdin.on('data', d => s += d).on('end', () => r(s));
}));
const username = `consent-${Date.now().toString(36)}@example.org`;
const password = 'a long consent passphrase';
const checks = {};
const axeResults = {};
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const fail = msg => { throw new Error(msg); };

async function rest(method, p, body, token) {
  const headers = { Accept: 'application/json' };
  if (body) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = 'Bearer ' + token;
  const res = await fetch(input.base + p, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  const data = text && /json/.test(res.headers.get('content-type') || '') ? JSON.parse(text) : text;
  if (!res.ok) fail(`${method} ${p} → ${res.status} ${text}`);
  return data;
}

// --- the person and their data, made over HTTP (the pages under test are the consent pages, not sign-up)
await rest('POST', '/v1/auth/signup', { username, password });
await rest('POST', '/v1/auth/verify', { username, verification_code: await emailedCode(input.mail_dir, username) });
const tokens = await rest('POST', '/v1/auth/token', { grant_type: 'password', username, password });
const make = async (schema, properties) =>
  (await rest('POST', '/v1/db/profile-objects', { schema, properties }, tokens.access_token))[0].n_id;
const details = await make('ss_NZ_Person', { given_names: 'Aroha', family_name: 'Ngata', date_of_birth: '1990-04-05',
  email: 'aroha@example.org' });
const address = await make('ss_ContactLocation', { location_type: 'home', street1: '45 Cuba Street',
  city: 'Wellington', country: 'NZ' });
const instances = () => rest('GET', '/v1/aa/instances', null, tokens.access_token);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
// west of UTC: a calendar date (date of birth) must not move to the day before
const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'America/Los_Angeles' });
const page = await context.newPage();
const pageErrors = [];
page.on('pageerror', e => pageErrors.push(e.message));
const main = page.locator('main');
const status = text => page.locator('#status').filter({ hasText: text }).waitFor({ timeout: 15000 });

/** The address of an app page, as the app itself writes it (hash or path URLs alike). */
async function open(appPath) {
  await page.goto(input.base + '/app/'); // a fresh load: the same address twice is no navigation
  const link = await page.evaluate(async p => (await import('/app/ui.js')).href(p), appPath);
  await page.goto(new URL(link, page.url()).toString());
}

async function signIn() {
  await page.goto(input.base + '/app/');
  await page.evaluate(async ([t, u]) => (await import('/app/ui.js')).storeTokens(t, u), [tokens, username]);
}

async function view(name) {
  fs.mkdirSync(input.screenshots, { recursive: true });
  await page.screenshot({ path: path.join(input.screenshots, `consent-${name}.png`), fullPage: true });
  const violations = await axe(page);
  axeResults[name] = violations;
  const bad = violations.filter(v => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length) fail(`axe on ${name}: ${JSON.stringify(bad)}`);
}

/** Today as the app writes dates in the person's locale (i18n.js), not as ISO text. */
const today = () => page.evaluate(async () => (await import('/app/i18n.js')).formatDate(new Date()));

/** Text a person reads in main: no schema names, no UUIDs. */
async function plainWords(where) {
  const text = await main.innerText();
  if (/\b(ss|us|ps)_[A-Za-z]/.test(text)) fail(`${where} shows a schema name: ${text}`);
  if (UUID.test(text)) fail(`${where} shows an id: ${text.match(UUID)[0]}`);
  return text;
}

/** Presses Tab until the focused element matches {@code test} (at most 40 times); fails if it never does. */
async function tabTo(description, test) {
  for (let i = 0; i < 40; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(test)) return;
  }
  fail(`Tab never reaches ${description}`);
}
const focused = (role, name) => '(() => { const a = document.activeElement;'
  + ` return a && a.matches(${JSON.stringify(role)})`
  + ` && (a.labels?.[0]?.textContent || a.textContent || '').includes(${JSON.stringify(name)}); })()`;

async function check(name, work) {
  try {
    await work();
    checks[name] = 'ok';
  } catch (e) {
    checks[name] = String(e.message || e).slice(0, 600);
    await page.screenshot({ path: path.join(input.screenshots, `consent-failed-${Object.keys(checks).length}.png`),
      fullPage: true }).catch(() => {});
  }
}

const consentLink = `/consent?a_id=${encodeURIComponent(input.a_id)}`;
await signIn();

await check('consent names the application and its organisation', async () => {
  await open(consentLink);
  await main.getByRole('heading', { level: 2 }).filter({ hasText: input.app_name }).waitFor({ timeout: 15000 });
  await main.getByText(input.org_name).first().waitFor({ timeout: 5000 });
});

await check('consent offers only the objects the application asks for, preselected', async () => {
  const boxes = await main.getByRole('checkbox').all();
  if (boxes.length !== 1) fail(`${boxes.length} objects offered, expected only the person's details`);
  if (!(await boxes[0].isChecked())) fail('the matching object is not preselected');
  if (!/Aroha/.test(await main.innerText()) || /Cuba Street/.test(await main.innerText())) {
    fail('offers the wrong object: ' + await main.innerText());
  }
});

await check('consent says what the application will receive in plain words', async () => {
  const text = await plainWords('consent');
  for (const words of ['Aroha', 'Ngata', 'aroha@example.org']) if (!text.includes(words)) fail(`missing ${words}`);
  if (!/given name/i.test(text)) fail('no field titles: ' + text);
  await view('link');
});

await check('keyboard only: Deny shares nothing and says so', async () => {
  await open(consentLink);
  await main.getByRole('button', { name: 'Deny', exact: true }).waitFor({ timeout: 15000 });
  await main.focus();
  await tabTo('Deny', focused('button', 'Deny'));
  await page.keyboard.press('Enter');
  await status(/nothing/i);
  if ((await instances()).length !== 0) fail('Deny created an instance');
  await view('denied');
});

await check('keyboard only: pick with Space, Allow with Enter; told where to see and withdraw it', async () => {
  await open(consentLink);
  await main.getByRole('button', { name: 'Allow', exact: true }).waitFor({ timeout: 15000 });
  await main.focus();
  await tabTo('the object', focused('input[type=checkbox]', 'Aroha'));
  await page.keyboard.press('Space');
  if (await page.evaluate(() => document.activeElement.checked)) fail('Space did not untick');
  await page.keyboard.press('Space');
  await tabTo('Allow', focused('button', 'Allow'));
  await page.keyboard.press('Enter');
  await page.locator('#status, main').getByText(/withdraw/i).first().waitFor({ timeout: 15000 });
  await page.locator('#status, main').getByRole('link', { name: /shares/i }).first().waitFor({ timeout: 5000 });
  const made = await instances();
  if (made.length !== 1 || made[0].profile_objects.join() !== details) fail('instances: ' + JSON.stringify(made));
  await view('allowed');
});

await check('My shares: grouped by application, what each receives, since when, in plain words', async () => {
  await open('/shares');
  await main.getByRole('heading', { name: input.app_name }).first().waitFor({ timeout: 15000 });
  const text = await plainWords('My shares');
  if (!text.includes(input.org_name)) fail('no organisation: ' + text);
  if (!text.includes('Aroha')) fail('does not say what it receives: ' + text);
  const since = await today();
  if (!text.includes(since)) fail(`no locale date ${since}: ${text}`);
  await view('shares');
});

await check('Shared with, per object: the application, since when, withdraw', async () => {
  await open(`/shares?object=${encodeURIComponent(details)}`);
  await main.getByText(input.app_name).first().waitFor({ timeout: 15000 });
  const text = await plainWords('shared with');
  const since = await today();
  if (!text.includes(since)) fail(`no locale date ${since}: ${text}`);
  await main.getByRole('button', { name: new RegExp(`Withdraw.*${input.app_name}`) }).waitFor({ timeout: 5000 });
  await view('object');
  await open(`/shares?object=${encodeURIComponent(address)}`);
  await main.getByText(/not shared/i).first().waitFor({ timeout: 15000 });
});

await check('who saw my data, in plain words and locale dates', async () => {
  const [mine] = await instances();
  await rest('GET', `/v1/aa/instances/${mine.i_id}`, null, input.app_token);
  await open('/seen');
  await main.getByText(input.app_name).first().waitFor({ timeout: 15000 });
  const text = await plainWords('who saw my data');
  const date = await today();
  if (!text.includes(date)) fail(`no locale date ${date}: ${text}`);
  await view('seen');
});

await check('withdraw asks first, then says the application lost access at once', async () => {
  await open('/shares');
  const withdraw = main.getByRole('button', { name: new RegExp(`Withdraw.*${input.app_name}`) });
  await withdraw.click();
  const dialog = page.getByRole('dialog');
  await dialog.waitFor({ timeout: 5000 });
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  if ((await instances())[0]._state === 'Withdrawn') fail('withdrawn without confirmation');
  await withdraw.click();
  await page.getByRole('dialog').getByRole('button', { name: 'Withdraw', exact: true }).click();
  await status(/no longer has access|lost access/i);
  if ((await instances())[0]._state !== 'Withdrawn') fail('not withdrawn');
});

// --- the OpenID Provider's hosted consent page
async function authorizeUrl(state) {
  const verifier = crypto.randomBytes(32).toString('base64url');
  const url = new URL(input.base + input.authorize_path);
  for (const [k, v] of Object.entries({ response_type: 'code', client_id: input.client_id, redirect_uri: input.callback,
    scope: 'openid profile email', state, nonce: 'n-' + state, code_challenge_method: 'S256',
    code_challenge: crypto.createHash('sha256').update(verifier).digest('base64url') })) url.searchParams.set(k, v);
  return url.toString();
}
let callback = null;
await page.route(input.callback + '**', route => {
  callback = route.request().url();
  return route.fulfill({ status: 200, contentType: 'text/plain', body: 'callback received' });
});

await check('authorize: names the application and organisation, what it will receive, plain words', async () => {
  await page.goto(await authorizeUrl('st-a'));
  await main.getByRole('button', { name: 'Allow', exact: true }).waitFor({ timeout: 15000 });
  const text = await plainWords('authorize');
  if (!text.includes(input.app_name) || !text.includes(input.org_name)) fail('who asks is not named: ' + text);
  for (const words of ['Aroha', 'aroha@example.org']) if (!text.includes(words)) fail(`missing ${words}: ${text}`);
  await view('authorize');
});

await check('authorize, keyboard only: Deny with Enter tells the application no', async () => {
  await main.focus();
  await tabTo('Deny', focused('button', 'Deny'));
  await page.keyboard.press('Enter');
  await page.waitForURL(u => u.href.startsWith(input.callback), { timeout: 15000 });
  if (new URL(callback).searchParams.get('error') !== 'access_denied') fail('callback ' + callback);
});

await check('authorize, keyboard only: Allow with Enter sends a code', async () => {
  await page.goto(await authorizeUrl('st-b'));
  await main.getByRole('button', { name: 'Allow', exact: true }).waitFor({ timeout: 15000 });
  await main.focus();
  await tabTo('Allow', focused('button', 'Allow'));
  await page.keyboard.press('Enter');
  await page.waitForURL(u => u.href.startsWith(input.callback), { timeout: 15000 });
  if (!new URL(callback).searchParams.get('code')) fail('callback ' + callback);
});

await check('in German: the consent link speaks German, dates as Germans write them', async () => {
  await open(consentLink);
  await page.evaluate(async () => (await import('/app/i18n.js')).chooseLanguage('de'));
  await open(consentLink);
  await main.getByRole('heading', { name: `Mit ${input.app_name} teilen` }).waitFor({ timeout: 15000 });
  await main.getByRole('button', { name: 'Erlauben', exact: true }).waitFor({ timeout: 5000 });
  if (!(await main.innerText()).includes('05.04.1990')) fail('date of birth not in German: ' + await main.innerText());
  await page.evaluate(() => localStorage.removeItem('kith.lang'));
});

await browser.close();
if (pageErrors.length) checks['no page errors'] = pageErrors.join('; ');
const ok = Object.values(checks).every(v => v === 'ok');
console.log(JSON.stringify({ ok, checks, axe: axeResults }));
