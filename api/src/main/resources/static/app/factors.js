// The account page's second factors: an authenticator app (TOTP: QR code, confirm with a code, recovery codes shown
// once, remove) and passkeys (add, list, rename, delete).
import { h, api, act, say } from './ui.js';
import { textField, onSubmit, confirmAction, plain } from './forms.js';
import { registerPasskey, passkeyProblem, passkeysSupported } from './webauthn.js';
import qrcode from './vendor/qrcode-generator/qrcode.js';
import { t, formatDateTime } from './i18n.js';

/** A moment in the person's locale, or "never". */
export function when(instant) {
  return instant ? formatDateTime(instant) : t('account.never');
}

/** The otpauth URI as a QR code: an SVG drawn from the generator's modules (no image from anywhere else). */
function qrSvg(text) {
  const qr = qrcode(0, 'M');
  qr.addData(text);
  qr.make();
  const n = qr.getModuleCount();
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', `-4 -4 ${n + 8} ${n + 8}`);
  svg.setAttribute('width', '220');
  svg.setAttribute('height', '220');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', 'QR code for your authenticator app');
  svg.setAttribute('class', 'qr');
  let d = '';
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) if (qr.isDark(r, c)) d += `M${c} ${r}h1v1h-1z`;
  const bg = document.createElementNS(ns, 'rect');
  const box = { x: -4, y: -4, width: n + 8, height: n + 8, fill: '#fff' };
  for (const [k, v] of Object.entries(box)) bg.setAttribute(k, v);
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', '#000');
  svg.append(bg, path);
  return svg;
}

/** The "Authenticator app" section; renders itself again after each change. */
export function totpSection() {
  const section = h('section', { class: 'card', 'aria-labelledby': 'totp-title' });
  const heading = () => h('h3', { id: 'totp-title' }, 'Authenticator app');
  async function load() {
    const { active } = await api('GET', '/v1/auth/mfa/totp');
    if (active) return showActive();
    const start = h('button', { type: 'button' }, 'Set up an authenticator app');
    start.addEventListener('click', () => act(start, async () => enrol(await api('POST', '/v1/auth/mfa/totp'))));
    section.replaceChildren(heading(), h('p', {}, 'Not set up. With an authenticator app, signing in asks for a'
      + ' 6-digit code from your phone as well as your password, so a stolen password is not enough.'), start);
  }
  function showActive() {
    const form = h('form', { 'aria-label': 'Remove the authenticator app', novalidate: true },
      textField('Your password', { name: 'password', type: 'password', autocomplete: 'current-password',
        required: true }, 'To remove the authenticator app, enter your password.'),
      h('button', { type: 'submit', class: 'warning' }, 'Remove authenticator app'));
    onSubmit(form, 'password', async f => {
      if (!f.get('password')) throw new Error('Enter your password');
      const sure = await confirmAction('Remove the authenticator app?', 'Signing in will no longer ask for a code,'
        + ' and your recovery codes will stop working. You can set up an app again later.', 'Remove it');
      if (!sure) return;
      await api('DELETE', '/v1/auth/mfa/totp', { password: f.get('password') }, { proof: true }).catch(e => {
        throw e.status === 401 ? new Error('The password is wrong') : e;
      });
      await load();
      say('The authenticator app is removed. Signing in now asks only for your password (or a passkey).');
    });
    section.replaceChildren(heading(), h('p', { class: 'on' }, 'Set up. Signing in asks for a code from your app.'),
      form);
  }
  function enrol(enrolment) {
    const grouped = enrolment.secret.replace(/(.{4})/g, '$1 ').trim();
    const form = h('form', { 'aria-label': 'Confirm the authenticator app', novalidate: true },
      textField('Enter the 6-digit code the app shows', { name: 'code', type: 'text', inputmode: 'numeric',
        autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6', required: true },
      'This checks that the app is set up correctly.'),
      h('button', { type: 'submit' }, 'Turn on'));
    onSubmit(form, 'code', async f => {
      const code = String(f.get('code') || '').replace(/\s+/g, '');
      if (!/^[0-9]{6}$/.test(code)) throw new Error('Enter the 6 digits the app shows, like 123456');
      const answer = await api('POST', '/v1/auth/mfa/totp/confirm', { code }).catch(e => {
        throw e.status === 400 || e.status === 401 ? new Error('That code is not right. Check the app and enter the'
          + ' code it shows now') : e;
      });
      recoveryCodes(answer.recovery_codes);
    });
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    cancel.addEventListener('click', () => act(cancel, load));
    section.replaceChildren(heading(), h('ol', { class: 'steps' },
      h('li', {}, 'Open an authenticator app on your phone (for example Google Authenticator, Microsoft'
        + ' Authenticator or FreeOTP) and add an account.'),
      h('li', {}, 'Scan this QR code with the app.', h('div', {}, qrSvg(enrolment.otpauth_uri)),
        h('p', {}, 'Cannot scan it? Type this key into the app instead: ',
          h('code', { id: 'totp-secret', 'data-secret': enrolment.secret }, grouped))),
      h('li', {}, form)), cancel);
    form.querySelector('input').focus();
  }
  function recoveryCodes(codes) {
    const saved = h('button', { type: 'button' }, 'I have saved these codes');
    saved.addEventListener('click', () => act(saved, async () => {
      await load();
      say('Your authenticator app is on. Next time you sign in, enter the code it shows.');
    }));
    const download = h('button', { type: 'button', class: 'secondary' }, 'Download the codes');
    download.addEventListener('click', () => saveFile('kith-recovery-codes.txt', 'text/plain',
      'Kith recovery codes (each works once)\n\n' + codes.join('\n') + '\n'));
    section.replaceChildren(heading(), h('h4', { id: 'rc-title' }, 'Save your recovery codes'),
      h('p', {}, 'If you lose your phone, you can sign in with one of these codes instead. Each code works once.'
        + ' Keep them somewhere safe, such as a password manager. This is the only time we show them.'),
      h('ul', { class: 'codes', 'aria-labelledby': 'rc-title' }, codes.map(c => h('li', {}, h('code', {}, c)))),
      h('div', { class: 'button-group' }, download, saved));
    saved.focus();
  }
  section.replaceChildren(heading(), h('p', { class: 'muted' }, 'Loading…'));
  load().catch(e => section.replaceChildren(heading(), h('p', { class: 'error' }, plain(e.message))));
  return section;
}

/** Offers text as a file to save. */
export function saveFile(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = h('a', { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** The "Passkeys" section: list, rename, delete, and add one on this device. */
export function passkeysSection() {
  const section = h('section', { class: 'card', 'aria-labelledby': 'pk-title' });
  const heading = () => h('h3', { id: 'pk-title' }, 'Passkeys');
  async function load() {
    const { credentials } = await api('GET', '/v1/auth/webauthn/credentials');
    const rows = credentials.map(c => {
      const rename = h('button', { type: 'button', class: 'secondary', 'aria-label': `Rename ${c.name}` }, 'Rename');
      const remove = h('button', { type: 'button', class: 'warning', 'aria-label': `Delete ${c.name}` }, 'Delete');
      const row = h('tr', {}, h('td', {}, c.name), h('td', {}, when(c.created_at)), h('td', {}, when(c.last_used_at)),
        h('td', {}, h('div', { class: 'button-group' }, rename, remove)));
      rename.addEventListener('click', () => renameForm(row, c));
      remove.addEventListener('click', () => act(remove, async () => {
        const sure = await confirmAction(`Delete the passkey "${c.name}"?`, 'You will not be able to sign in with'
          + ' it any more. The device may still show it; you can remove it there too.', 'Delete passkey');
        if (!sure) return;
        await api('DELETE', `/v1/auth/webauthn/credentials/${encodeURIComponent(c.id)}`);
        await load();
        say(`The passkey "${c.name}" is deleted.`);
      }));
      return row;
    });
    const list = credentials.length === 0 ? h('p', {}, 'You have no passkeys.') : h('table', {},
      h('caption', { class: 'visually-hidden' }, 'Your passkeys'),
      h('thead', {}, h('tr', {}, ['Name', 'Added', 'Last used', 'Actions'].map(t => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows));
    section.replaceChildren(heading(), h('p', {}, 'A passkey lets you sign in with your fingerprint, face or device'
      + ' PIN instead of a password. It only works on Kith, so it cannot be phished.'), list, addForm());
  }
  function renameForm(row, c) {
    const form = h('form', { 'aria-label': `Rename ${c.name}`, novalidate: true },
      textField('New name', { name: 'name', type: 'text', required: true, value: c.name, maxlength: '100' }),
      h('div', { class: 'button-group' }, h('button', { type: 'submit' }, 'Save name'),
        h('button', { type: 'button', class: 'secondary', onclick: () => act(null, load) }, 'Cancel')));
    onSubmit(form, 'name', async f => {
      const name = String(f.get('name') || '').trim();
      if (!name) throw new Error('Enter a name for the passkey');
      await api('PUT', `/v1/auth/webauthn/credentials/${encodeURIComponent(c.id)}`, { name });
      await load();
      say(`The passkey is now called "${name}".`);
    });
    row.replaceChildren(h('td', { colspan: '4' }, form));
    form.querySelector('input').focus();
  }
  function addForm() {
    if (!passkeysSupported()) return h('p', {}, 'This browser cannot create passkeys.');
    const form = h('form', { 'aria-label': 'Add a passkey', novalidate: true },
      textField('Name for the new passkey', { name: 'name', type: 'text', maxlength: '100' },
        'For example, the device it is on: "My phone" or "Work laptop".'),
      h('button', { type: 'submit' }, 'Add a passkey'));
    onSubmit(form, 'name', async f => {
      let view;
      try {
        view = await registerPasskey(String(f.get('name') || '').trim());
      } catch (e) {
        throw passkeyProblem(e);
      }
      await load();
      say(`Passkey "${view.name}" added. You can now sign in with it.`);
    });
    return form;
  }
  section.replaceChildren(heading(), h('p', { class: 'muted' }, 'Loading…'));
  load().catch(e => section.replaceChildren(heading(), h('p', { class: 'error' }, plain(e.message))));
  return section;
}
