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
  svg.setAttribute('aria-label', t('account.totp.qr'));
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
  const heading = () => h('h3', { id: 'totp-title' }, t('account.totp.title'));
  async function load() {
    const { active } = await api('GET', '/v1/auth/mfa/totp');
    if (active) return showActive();
    const start = h('button', { type: 'button' }, t('account.totp.start'));
    start.addEventListener('click', () => act(start, async () => enrol(await api('POST', '/v1/auth/mfa/totp'))));
    section.replaceChildren(heading(), h('p', {}, t('account.totp.off')), start);
  }
  function showActive() {
    const form = h('form', { 'aria-label': t('account.totp.removeForm'), novalidate: true },
      textField(t('account.totp.password'), { name: 'password', type: 'password', autocomplete: 'current-password',
        required: true }, t('account.totp.removeHint')),
      h('button', { type: 'submit', class: 'warning' }, t('account.totp.removeButton')));
    onSubmit(form, 'password', async f => {
      if (!f.get('password')) throw new Error(t('account.totp.passwordMissing'));
      const sure = await confirmAction(t('account.totp.removeQuestion'), t('account.totp.removeConsequence'),
        t('account.totp.removeConfirm'));
      if (!sure) return;
      await api('DELETE', '/v1/auth/mfa/totp', { password: f.get('password') }, { proof: true }).catch(e => {
        throw e.status === 401 ? new Error(t('account.totp.wrongPassword')) : e;
      });
      await load();
      say(t('account.totp.removed'));
    });
    section.replaceChildren(heading(), h('p', { class: 'on' }, t('account.totp.on')), form);
  }
  function enrol(enrolment) {
    const grouped = enrolment.secret.replace(/(.{4})/g, '$1 ').trim();
    const form = h('form', { 'aria-label': t('account.totp.confirmForm'), novalidate: true },
      textField(t('account.totp.code'), { name: 'code', type: 'text', inputmode: 'numeric',
        autocomplete: 'one-time-code', pattern: '[0-9]{6}', maxlength: '6', required: true },
      t('account.totp.codeHint')),
      h('button', { type: 'submit' }, t('account.totp.turnOn')));
    onSubmit(form, 'code', async f => {
      const code = String(f.get('code') || '').replace(/\s+/g, '');
      if (!/^[0-9]{6}$/.test(code)) throw new Error(t('account.totp.codeFormat'));
      const answer = await api('POST', '/v1/auth/mfa/totp/confirm', { code }).catch(e => {
        throw e.status === 400 || e.status === 401 ? new Error(t('account.totp.codeWrong')) : e;
      });
      recoveryCodes(answer.recovery_codes);
    });
    const cancel = h('button', { type: 'button', class: 'secondary' }, t('account.cancel'));
    cancel.addEventListener('click', () => act(cancel, load));
    section.replaceChildren(heading(), h('ol', { class: 'steps' },
      h('li', {}, t('account.totp.step1')),
      h('li', {}, t('account.totp.step2'), h('div', {}, qrSvg(enrolment.otpauth_uri)),
        h('p', {}, t('account.totp.noScan'), ' ',
          h('code', { id: 'totp-secret', 'data-secret': enrolment.secret }, grouped))),
      h('li', {}, form)), cancel);
    form.querySelector('input').focus();
  }
  function recoveryCodes(codes) {
    const saved = h('button', { type: 'button' }, t('account.totp.saved'));
    saved.addEventListener('click', () => act(saved, async () => {
      await load();
      say(t('account.totp.onDone'));
    }));
    const download = h('button', { type: 'button', class: 'secondary' }, t('account.totp.download'));
    download.addEventListener('click', () => saveFile('kith-recovery-codes.txt', 'text/plain',
      t('account.totp.fileHeading') + '\n\n' + codes.join('\n') + '\n'));
    section.replaceChildren(heading(), h('h4', { id: 'rc-title' }, t('account.totp.codesTitle')),
      h('p', {}, t('account.totp.codesWhy')),
      h('ul', { class: 'codes', 'aria-labelledby': 'rc-title' }, codes.map(c => h('li', {}, h('code', {}, c)))),
      h('div', { class: 'button-group' }, download, saved));
    saved.focus();
  }
  section.replaceChildren(heading(), h('p', { class: 'muted' }, t('account.loading')));
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
  const heading = () => h('h3', { id: 'pk-title' }, t('account.pk.title'));
  async function load() {
    const { credentials } = await api('GET', '/v1/auth/webauthn/credentials');
    const rows = credentials.map(c => {
      const rename = h('button', { type: 'button', class: 'secondary',
        'aria-label': t('account.pk.renameLabel', { name: c.name }) }, t('account.pk.rename'));
      const remove = h('button', { type: 'button', class: 'warning',
        'aria-label': t('account.pk.deleteLabel', { name: c.name }) }, t('account.pk.delete'));
      const row = h('tr', {}, h('td', {}, c.name), h('td', {}, when(c.created_at)), h('td', {}, when(c.last_used_at)),
        h('td', {}, h('div', { class: 'button-group' }, rename, remove)));
      rename.addEventListener('click', () => renameForm(row, c));
      remove.addEventListener('click', () => act(remove, async () => {
        const sure = await confirmAction(t('account.pk.deleteQuestion', { name: c.name }),
          t('account.pk.deleteConsequence'), t('account.pk.deleteConfirm'));
        if (!sure) return;
        await api('DELETE', `/v1/auth/webauthn/credentials/${encodeURIComponent(c.id)}`);
        await load();
        say(t('account.pk.deleted', { name: c.name }));
      }));
      return row;
    });
    const list = credentials.length === 0 ? h('p', {}, t('account.pk.none')) : h('table', {},
      h('caption', { class: 'visually-hidden' }, t('account.pk.caption')),
      h('thead', {}, h('tr', {}, [t('account.pk.name'), t('account.pk.added'), t('account.pk.used'),
        t('account.pk.actions')].map(label => h('th', { scope: 'col' }, label)))),
      h('tbody', {}, rows));
    section.replaceChildren(heading(), h('p', {}, t('account.pk.what')), list, addForm());
  }
  function renameForm(row, c) {
    const form = h('form', { 'aria-label': t('account.pk.renameLabel', { name: c.name }), novalidate: true },
      textField(t('account.pk.newName'), { name: 'name', type: 'text', required: true, value: c.name,
        maxlength: '100' }),
      h('div', { class: 'button-group' }, h('button', { type: 'submit' }, t('account.pk.saveName')),
        h('button', { type: 'button', class: 'secondary', onclick: () => act(null, load) },
          t('account.cancel'))));
    onSubmit(form, 'name', async f => {
      const name = String(f.get('name') || '').trim();
      if (!name) throw new Error(t('account.pk.nameMissing'));
      await api('PUT', `/v1/auth/webauthn/credentials/${encodeURIComponent(c.id)}`, { name });
      await load();
      say(t('account.pk.renamed', { name }));
    });
    row.replaceChildren(h('td', { colspan: '4' }, form));
    form.querySelector('input').focus();
  }
  function addForm() {
    if (!passkeysSupported()) return h('p', {}, t('account.pk.unsupported'));
    const form = h('form', { 'aria-label': t('account.pk.add'), novalidate: true },
      textField(t('account.pk.addName'), { name: 'name', type: 'text', maxlength: '100' },
        t('account.pk.addHint')),
      h('button', { type: 'submit' }, t('account.pk.add')));
    onSubmit(form, 'name', async f => {
      let view;
      try {
        view = await registerPasskey(String(f.get('name') || '').trim());
      } catch (e) {
        throw passkeyProblem(e);
      }
      await load();
      say(t('account.pk.added', { name: view.name }));
    });
    return form;
  }
  section.replaceChildren(heading(), h('p', { class: 'muted' }, t('account.loading')));
  load().catch(e => section.replaceChildren(heading(), h('p', { class: 'error' }, plain(e.message))));
  return section;
}
