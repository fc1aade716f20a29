// The account page: who you are, your password, second factors, where you are signed in, what you shared, your
// data to take away, and deleting the account. Each change in plain words; a confirmation before what cannot be
// undone.
import { h, api, act, say, page, signedOut, USER, go } from './ui.js';
import { textField, onSubmit, confirmAction, plain } from './forms.js';
import { passwordPolicy } from './login.js';
import { formatNumber } from './i18n.js';
import { totpSection, passkeysSection, saveFile, when } from './factors.js';

function card(id, title, ...content) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h3', { id }, title), ...content);
}

function failed(section, id, title) {
  return e => section.replaceChildren(h('h3', { id }, title), h('p', { class: 'error' }, plain(e.message)));
}

function passwordSection(min) {
  const form = h('form', { 'aria-label': 'Change your password', novalidate: true },
    textField('Current password', { name: 'password_existing', type: 'password', autocomplete: 'current-password',
      required: true }),
    textField('New password', { name: 'password_new', type: 'password', autocomplete: 'new-password', required: true,
      minlength: String(min) },
    `Use at least ${formatNumber(min)} characters. A few words you can remember work well.`),
    h('button', { type: 'submit' }, 'Change password'));
  onSubmit(form, 'password_new', async f => {
    if (!f.get('password_existing')) throw new Error('Enter your current password');
    if ([...String(f.get('password_new') || '')].length < min) {
      throw new Error(`The new password needs at least ${formatNumber(min)} characters`);
    }
    await api('POST', '/v1/auth/password-change', { password_existing: f.get('password_existing'),
      password_new: f.get('password_new') });
    form.reset();
    say('Your password is changed. You are signed out on your other devices.');
  });
  return card('pw-title', 'Password', h('p', {}, 'Changing it signs you out on your other devices.'), form);
}

/** A user agent in a few words: "Chrome on Linux". */
function device(userAgent) {
  const ua = userAgent || '';
  if (!ua) return 'Unknown device';
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari' : null;
  const system = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iPhone or iPad' : /Windows/.test(ua)
    ? 'Windows' : /Mac OS/.test(ua) ? 'Mac' : /Linux/.test(ua) ? 'Linux' : null;
  if (browser && system) return `${browser} on ${system}`;
  return browser || system || ua.slice(0, 60);
}

function sessionsSection() {
  const section = h('section', { class: 'card', 'aria-labelledby': 'ss-title' });
  const title = 'Where you are signed in';
  async function load() {
    const { sessions } = await api('GET', '/v1/auth/sessions');
    const rows = sessions.map(s => {
      let action = h('strong', {}, 'This device');
      if (!s.current) {
        action = h('button', { type: 'button', class: 'secondary', 'aria-label': `Sign out ${device(s.user_agent)},`
          + ` signed in ${when(s.created_at)}` }, 'Sign out');
        action.addEventListener('click', () => act(action, async () => {
          await api('DELETE', `/v1/auth/sessions/${encodeURIComponent(s.id)}`);
          await load();
          say(`Signed out: ${device(s.user_agent)}.`);
        }));
      }
      return h('tr', { 'data-current': String(s.current), 'data-session': s.id }, h('td', {}, device(s.user_agent)),
        h('td', {}, s.ip_prefix ? `Network ${s.ip_prefix}` : 'Unknown'), h('td', {}, when(s.created_at)),
        h('td', {}, when(s.last_used_at)), h('td', {}, action));
    });
    const others = sessions.some(s => !s.current);
    const all = h('button', { type: 'button', class: 'secondary' }, 'Sign out all other devices');
    all.addEventListener('click', () => act(all, async () => {
      const { ended } = await api('DELETE', '/v1/auth/sessions');
      await load();
      say(ended === 1 ? 'Signed out on 1 other device.' : `Signed out on ${ended} other devices.`);
    }));
    section.replaceChildren(h('h3', { id: 'ss-title' }, title),
      h('p', {}, 'If you see a device you do not know, sign it out and change your password.'),
      h('table', {}, h('caption', { class: 'visually-hidden' }, 'Your sessions'),
        h('thead', {}, h('tr', {}, ['Device', 'Where', 'Signed in', 'Last used', 'Action'].map(t =>
          h('th', { scope: 'col' }, t)))), h('tbody', {}, rows)), ...(others ? [all] : []));
  }
  section.replaceChildren(h('h3', { id: 'ss-title' }, title), h('p', { class: 'muted' }, 'Loading…'));
  load().catch(failed(section, 'ss-title', title));
  return section;
}

async function appName(aId) {
  try {
    return (await api('GET', `/v1/aa/applications/${encodeURIComponent(aId)}/consent`)).name;
  } catch (e) {
    return 'An application that no longer exists';
  }
}

function sharesSection() {
  const section = h('section', { class: 'card', 'aria-labelledby': 'sh-title' });
  const title = 'What you shared';
  async function load() {
    const instances = await api('GET', '/v1/aa/instances');
    const rows = [];
    for (const i of instances) {
      const name = await appName(i.a_id);
      const live = i._state !== 'Withdrawn';
      const withdraw = live ? h('button', { type: 'button', class: 'warning', 'aria-label': `Withdraw from ${name}` },
        'Withdraw') : h('span', {}, 'Withdrawn');
      if (live) {
        withdraw.addEventListener('click', () => act(withdraw, async () => {
          const sure = await confirmAction(`Stop sharing with ${name}?`, `${name} loses access to what you shared at`
            + ' once. To share again, you would have to agree again.', 'Withdraw');
          if (!sure) return;
          await api('DELETE', `/v1/aa/instances/${encodeURIComponent(i.i_id)}`);
          await load();
          say(`Withdrawn: ${name} no longer has access.`);
        }));
      }
      rows.push(h('tr', {}, h('td', {}, name), h('td', {}, when(i.start_date)), h('td', {}, withdraw)));
    }
    section.replaceChildren(h('h3', { id: 'sh-title' }, title), instances.length === 0
      ? h('p', {}, 'You have not shared anything with an application.')
      : h('table', {}, h('caption', { class: 'visually-hidden' }, 'Applications you shared with'),
        h('thead', {}, h('tr', {}, ['Application', 'Since', 'Action'].map(t => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, rows)));
  }
  section.replaceChildren(h('h3', { id: 'sh-title' }, title), h('p', { class: 'muted' }, 'Loading…'));
  load().catch(failed(section, 'sh-title', title));
  return section;
}

function exportSection() {
  const json = h('button', { type: 'button', class: 'secondary' }, 'Download all my data (JSON)');
  json.addEventListener('click', () => act(json, async () => {
    const data = await api('GET', '/v1/auth/me/export');
    saveFile('kith-export.json', 'application/json', JSON.stringify(data, null, 2));
    say('Your data is downloaded as kith-export.json.');
  }));
  const csv = h('button', { type: 'button', class: 'secondary' }, 'Download my details as a spreadsheet (CSV)');
  csv.addEventListener('click', () => act(csv, async () => {
    const text = await api('GET', '/v1/auth/me/export?format=csv', undefined, { accept: 'text/csv' });
    saveFile('kith-profile-objects.csv', 'text/csv', text);
    say('Your details are downloaded as kith-profile-objects.csv.');
  }));
  return card('ex-title', 'Take your data with you', h('p', {}, 'Everything Kith holds about you: your account, your'
    + ' details and documents, what you shared, your sessions and the record of who did what with your data.'),
  h('div', { class: 'button-group' }, json, csv));
}

function deleteSection() {
  const form = h('form', { 'aria-label': 'Delete your account', novalidate: true },
    textField('Your password', { name: 'password', type: 'password', autocomplete: 'current-password',
      required: true }, 'To delete your account, enter your password.'),
    h('button', { type: 'submit', class: 'warning' }, 'Delete my account'));
  onSubmit(form, 'password', async f => {
    if (!f.get('password')) throw new Error('Enter your password');
    const sure = await confirmAction('Delete your account for good?', 'Your details, documents, shares, passkeys and'
      + ' sessions are erased and cannot be brought back. Applications you shared with lose access.',
    'Delete my account');
    if (!sure) return;
    await api('DELETE', '/v1/auth/me', { password: f.get('password') });
    signedOut();
    sessionStorage.removeItem(USER);
    await go('/signup');
    say('Your account is deleted. Everything Kith held about you has been erased.');
  });
  return card('del-title', 'Delete your account', h('p', {}, 'This erases everything Kith holds about you. It cannot'
    + ' be undone. You may want to download your data first.'), form);
}

export async function accountView() {
  const [me, policy] = await Promise.all([api('GET', '/v1/auth/me'), passwordPolicy()]);
  return page('My account',
    card('pr-title', 'Your profile',
      h('dl', {}, h('dt', {}, 'Email address'), h('dd', { id: 'my-email' }, me.username))),
    passwordSection(policy.min_length),
    totpSection(),
    passkeysSection(),
    sessionsSection(),
    sharesSection(),
    exportSection(),
    deleteSection());
}
