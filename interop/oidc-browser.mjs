// The person's side of the relying-party suite (oidc-rp.mjs): a loopback callback server the relying party owns, and
// Kith's own pages (log in, consent) driven in headless Chromium through playwright-core by their accessible names
// only (getByLabel, getByRole), so a page whose controls lose their labels fails the suite.
import { chromium } from 'playwright-core';
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

/**
 * A loopback HTTP server answering every request: the relying party's redirect URI (/cb) and its logout URI
 * (/logout, browsers GET it after RP-initiated logout, Kith POSTs back-channel logout tokens to it); the POSTs are kept.
 */
export async function callbackServer() {
  const posted = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST') {
        posted.push({ path: req.url, type: req.headers['content-type'], body: Buffer.concat(chunks).toString() });
      }
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      res.end('callback received');
    });
  });
  await new Promise(r => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${server.address().port}`;
  return { url: `${base}/cb`, logout: `${base}/logout`, posted, close: () => new Promise(r => server.close(r)) };
}

/** A headless Chromium with one page, for one person; their login lasts between answers, as in a real browser. */
export async function person({ username, password, callback, screenshots }) {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const context = await browser.newContext();
  const page = await context.newPage();
  page.setDefaultTimeout(30000);
  const logins = [];

  async function logIn() {
    await page.getByLabel('Email').fill(username);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Log in', exact: true }).click();
    logins.push(Date.now());
  }

  /**
   * Opens an authorization URL as the person's browser would; logs in if Kith asks (the login form, or "Log in
   * again" for prompt=login and max_age), checks the objects are preselected, then clicks {@code choice} and waits
   * for the browser to reach the relying party's callback. Returns that URL and whether a login was asked for.
   */
  async function answer(url, choice = 'Allow') {
    let loggedIn = false;
    await page.goto(url.toString());
    const loginForm = page.getByRole('button', { name: 'Log in', exact: true });
    const again = page.getByRole('button', { name: 'Log in again', exact: true });
    const decide = page.getByRole('button', { name: choice, exact: true });
    await loginForm.or(again).or(decide).first().waitFor();
    if (await again.isVisible()) {
      await again.click();
      await loginForm.waitFor();
    }
    if (await loginForm.isVisible()) {
      await logIn();
      loggedIn = true;
      await again.or(decide).first().waitFor();
      if (await again.isVisible()) throw new Error('Kith asks for a login again right after one');
    }
    if (choice === 'Allow') {
      const boxes = await page.getByRole('checkbox').all();
      for (const box of boxes) {
        if (!(await box.isChecked())) throw new Error('an object offered on the consent page is not preselected');
      }
    }
    await decide.click();
    await page.waitForURL(u => u.href.startsWith(callback), { timeout: 30000 });
    return { url: new URL(page.url()), loggedIn };
  }

  /** Opens {@code url} and waits until the browser is sent to an address starting with {@code prefix}. */
  async function visit(url, prefix) {
    await page.goto(url.toString());
    await page.waitForURL(u => u.href.startsWith(prefix), { timeout: 30000 });
    return new URL(page.url());
  }

  async function screenshot(name) {
    fs.mkdirSync(screenshots, { recursive: true });
    const file = path.join(screenshots, `oidc-${name}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    return file;
  }

  return { answer, visit, screenshot, logins, close: () => browser.close() };
}
