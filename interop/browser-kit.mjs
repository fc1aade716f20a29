// Helpers of the browser tests: TOTP codes (RFC 6238, computed here from the secret with node:crypto), the emailed
// verification code (from the .eml pickup directory), and axe-core run inside the page.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** RFC 4648 base32 to bytes. */
export function base32(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error('not base32: ' + c);
    bits += v.toString(2).padStart(5, '0');
  }
  const out = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(out);
}

/** The TOTP time step now (30 s). */
export const stepNow = () => Math.floor(Date.now() / 1000 / 30);

/** The 6-digit code of {@code step} (HMAC-SHA1, dynamic truncation). */
export function totp(secret, step = stepNow()) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = crypto.createHmac('sha1', base32(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 1_000_000).padStart(6, '0');
}

/** Waits until the time step is later than {@code used} (a code is accepted once per step); returns the step. */
export async function nextStep(used) {
  while (stepNow() <= used) await new Promise(r => setTimeout(r, 250));
  return stepNow();
}

function codeFor(mailDir, user) {
  const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).filter(f => f.endsWith('.eml')).sort() : [];
  let code = null;
  for (const f of files) {
    const raw = fs.readFileSync(path.join(mailDir, f), 'latin1').replace(/\r\n/g, '\n');
    const split = raw.indexOf('\n\n');
    const head = raw.slice(0, split).replace(/\n[ \t]+/g, ' ');
    let body = raw.slice(split + 2);
    const to = head.match(/^To:(.*)$/mi);
    if (!to || !to[1].toLowerCase().includes(user)) continue;
    if (/Content-Transfer-Encoding:\s*base64/i.test(head)) body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(head)) body = body.replace(/=\n/g, '').replace(/=3D/g, '=');
    const m = body.match(/code is: (\d{6})/);
    if (m) code = m[1];
  }
  return code;
}

/** The verification code emailed to {@code user}. */
export async function emailedCode(mailDir, user) {
  // up to 30 s: on a busy 2-core machine the email can trail the page's answer
  for (let i = 0; i < 300; i++) {
    const c = codeFor(mailDir, user);
    if (c) return c;
    await new Promise(r => setTimeout(r, 100));
  }
  throw new Error('no verification email for ' + user);
}

const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Runs axe-core (all rules: WCAG 2.0-2.2 A/AA and best practices) on the page; returns its violations, summed up. */
export async function axe(page) {
  if (!await page.evaluate(() => typeof window.axe === 'object')) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await window.axe.run(document);
    return result.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5) }));
  });
}
