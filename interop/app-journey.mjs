// The onboarding app's whole journey in a real browser (Debian's Chromium through playwright-core), phone-sized:
// sign up, verify with the emailed code (read from the .eml pickup directory), log in, add data through a JSON
// Schema form (including a validation error), scan a generated ID photo, confirm and save it with its signed
// verification, share it on an application's consent screen, see the application read it, withdraw, log out.
// stdin: {base, mail_dir, image, expected:{field: value}, a_id, app_name, admin_token, screenshots}
// stdout: {ok, steps, third_party_requests} ; on failure {ok:false, step, error, screenshot}
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const input = JSON.parse(await new Promise(r => { let s = ''; process.stdin.on('data', d => s += d).on('end', () => r(s)); }));
const username = `journey-${Date.now().toString(36)}@example.org`;
const password = 'a long journey passphrase';
const steps = [];
const thirdParty = [];
const consoleMessages = [];
let step = 'start';

function codeFor(user) {
  const files = fs.existsSync(input.mail_dir) ? fs.readdirSync(input.mail_dir).filter(f => f.endsWith('.eml')).sort() : [];
  let code = null;
  for (const f of files) {
    const raw = fs.readFileSync(path.join(input.mail_dir, f), 'latin1').replace(/\r\n/g, '\n');
    const split = raw.indexOf('\n\n');
    const head = raw.slice(0, split).replace(/\n[ \t]+/g, ' ');
    let body = raw.slice(split + 2);
    if (!/^To:.*$/mi.test(head) || !head.match(/^To:(.*)$/mi)[1].toLowerCase().includes(user)) continue;
    if (/Content-Transfer-Encoding:\s*base64/i.test(head)) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(head)) body = body.replace(/=\n/g, '').replace(/=3D/g, '=');
    const m = body.match(/code is: (\d{6})/);
    if (m) code = m[1];
  }
  return code;
}

async function waitForCode(user) {
  for (let i = 0; i < 100; i++) {
    const c = codeFor(user);
    if (c) return c;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('no verification email for ' + user);
}

async function api(method, p, token) {
  const res = await fetch(input.base + p, { method, headers: { Authorization: 'Bearer ' + token, Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${method} ${p} → ${res.status} ${await res.text()}`);
  return res.status === 204 ? null : res.json();
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
const page = await context.newPage();
page.on('request', r => {
  const url = r.url();
  if (!url.startsWith(input.base) && !url.startsWith('data:') && !url.startsWith('blob:')) thirdParty.push(url);
});
page.on('console', m => { if (m.type() === 'error' || m.type() === 'warning') consoleMessages.push(m.text()); });
page.on('pageerror', e => consoleMessages.push('page error: ' + e.message));
const status = page.locator('#status');
const alert = page.locator('#alert');
const expectText = async (locator, text) => {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 30000 });
};
const done = name => steps.push(name);

try {
  step = 'sign up';
  await page.goto(input.base + '/');
  await page.getByRole('link', { name: 'Sign up', exact: true }).click();
  await page.getByLabel('Email').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await expectText(status, 'We emailed you');
  done(step);

  step = 'a wrong code shows the problem';
  await page.getByLabel('Verification code').fill('000000');
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await page.locator('.error-summary').filter({ hasText: 'wrong' }).waitFor({ timeout: 30000 });
  done(step);

  step = 'verify with the emailed code';
  await new Promise(r => setTimeout(r, 300));
  await page.getByLabel('Verification code').fill(await waitForCode(username));
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
  await expectText(status, 'verified');
  done(step);

  step = 'log in';
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByRole('heading', { name: 'My data' }).waitFor();
  done(step);

  step = 'add data through a schema form, with a validation error first';
  await page.getByRole('navigation').getByRole('link', { name: 'Add data', exact: true }).click();
  await page.getByRole('radio', { name: 'Personal details' }).check();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByLabel('Given names', { exact: true }).waitFor();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expectText(page.locator('.error-summary'), 'Enter given names');
  await page.getByLabel('Given names', { exact: true }).fill('Aroha');
  await page.getByLabel('Family name', { exact: true }).fill('Ngata');
  await page.getByLabel('Date of birth', { exact: true }).fill('1988-03-14');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByRole('heading', { name: 'My data' }).waitFor();
  await expectText(page.locator('main li'), 'Aroha Ngata');
  done(step);

  step = 'scan an ID, check the extracted fields, correct one, save with verification';
  await page.getByRole('navigation').getByRole('link', { name: 'Scan an ID', exact: true }).click();
  await page.getByRole('radio', { name: 'NZ driver licence' }).check();
  await page.getByLabel('Photo of your ID').setInputFiles(input.image);
  await page.getByRole('button', { name: 'Read my ID' }).click();
  await page.getByRole('heading', { name: 'Check the details' }).waitFor({ timeout: 60000 });
  for (const [name, value] of Object.entries(input.expected)) {
    const got = await page.locator(`#review [name="${name}"]`).inputValue();
    if (got !== value) throw new Error(`${name}: the form shows '${got}', expected '${value}'`);
  }
  // the person corrects a field before saving (as if it had been misread)
  await page.locator('#review [name="given_names"]').fill('ANNA MARIA');
  await page.getByRole('button', { name: 'Save with verification' }).click();
  await expectText(page.locator('main'), 'signed verification');
  await page.getByRole('navigation').getByRole('link', { name: 'My data', exact: true }).click();
  await expectText(page.locator('main li'), 'ANNA MARIA ' + input.expected.family_name);
  done(step);

  step = 'consent screen: share the licence';
  await page.goto(`${input.base}/app/consent?a_id=${input.a_id}`);
  await page.getByRole('heading', { name: `Share with ${input.app_name}` }).waitFor();
  await page.getByLabel(/driver licence/i).check();
  await page.getByRole('button', { name: 'Allow', exact: true }).click();
  await page.getByRole('link', { name: 'Go to My shares' }).click();
  await page.getByRole('heading', { name: 'My shares' }).waitFor();
  await expectText(page.locator('[data-state]'), 'Active');
  done(step);

  step = 'the application reads the share; the owner sees who saw it';
  const inbox = await api('GET', `/v1/aa/applications/${input.a_id}/instances`, input.admin_token);
  await api('GET', `/v1/aa/instances/${inbox[0].i_id}`, input.admin_token);
  await page.getByRole('navigation').getByRole('link', { name: 'Who saw my data', exact: true }).click();
  await expectText(page.locator('main td'), input.app_name);
  done(step);

  step = 'withdraw';
  await page.getByRole('navigation').getByRole('link', { name: 'My shares', exact: true }).click();
  await page.getByRole('button', { name: `Withdraw from ${input.app_name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Withdraw', exact: true }).click();
  await expectText(page.locator('[data-state]'), 'Withdrawn');
  const after = await api('GET', `/v1/aa/instances/${inbox[0].i_id}`, input.admin_token);
  steps.push(`recipient after withdrawal sees ${(after.profile_objects || []).length} objects, state ${after._state}`);
  done(step);

  step = 'every form control has a label (a rendered schema form included)';
  await page.getByRole('navigation').getByRole('link', { name: 'Add data', exact: true }).click();
  await page.getByRole('radio', { name: 'Personal details' }).check();
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await page.getByLabel('Given names', { exact: true }).waitFor();
  const unlabeled = await page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
    .filter(el => el.type !== 'hidden' && !el.labels?.length && !el.getAttribute('aria-label')).map(el => el.name || el.id));
  if (unlabeled.length) throw new Error('controls without a label: ' + unlabeled.join(', '));
  done(step);

  step = 'keyboard: the first link is reachable with Tab';
  await page.keyboard.press('Tab');
  // the focused control's own text, or its label's (the first field of a form)
  const focused = await page.evaluate(() => document.activeElement && (document.activeElement.textContent
    || (document.activeElement.labels && document.activeElement.labels[0] && document.activeElement.labels[0].textContent)));
  if (!focused) throw new Error('Tab reached nothing');
  done(step);

  step = 'log out';
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  done(step);

  process.stdout.write(JSON.stringify({ ok: thirdParty.length === 0, steps, third_party_requests: thirdParty }));
} catch (e) {
  fs.mkdirSync(input.screenshots, { recursive: true });
  const shot = path.join(input.screenshots, 'journey-failure.png');
  await page.screenshot({ path: shot, fullPage: true }).catch(() => {});
  process.stdout.write(JSON.stringify({ ok: false, step, steps, error: String(e.message || e), screenshot: shot,
    third_party_requests: thirdParty, console: consoleMessages }));
} finally {
  await browser.close();
}
