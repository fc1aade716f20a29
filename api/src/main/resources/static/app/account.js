// The account page: who you are, your password, second factors, where you are signed in, what you shared, your
// data to take away, and deleting the account. Each change in plain words; a confirmation before what cannot be
// undone.
import { h, api, act, say, page, signedOut, USER, REFRESH, go } from './ui.js';
import { textField, onSubmit, confirmAction, plain } from './forms.js';
import { passwordPolicy } from './login.js';
import { t, formatNumber } from './i18n.js';
import { totpSection, passkeysSection, saveFile, when } from './factors.js';

function card(id, title, ...content) {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h3', { id }, title), ...content);
}

function failed(section, id, title) {
  return e => section.replaceChildren(h('h3', { id }, title), h('p', { class: 'error' }, plain(e.message)));
}

function passwordSection(min) {
  const form = h('form', { 'aria-label': t('account.pw.form'), novalidate: true },
    textField(t('account.pw.current'), { name: 'password_existing', type: 'password', autocomplete: 'current-password',
      required: true }),
    textField(t('account.pw.new'), { name: 'password_new', type: 'password', autocomplete: 'new-password',
      required: true, minlength: String(min) },
    t('account.pw.hint', { min: formatNumber(min) })),
    h('button', { type: 'submit' }, t('account.pw.button')));
  onSubmit(form, 'password_new', async f => {
    if (!f.get('password_existing')) throw new Error(t('account.pw.currentMissing'));
    if ([...String(f.get('password_new') || '')].length < min) {
      throw new Error(t('account.pw.short', { min: formatNumber(min) }));
    }
    await api('POST', '/v1/auth/password-change', { password_existing: f.get('password_existing'),
      password_new: f.get('password_new') });
    form.reset();
    say(t('account.pw.done'));
  });
  return card('pw-title', t('account.pw.title'), h('p', {}, t('account.pw.why')), form);
}

/** A user agent in a few words: "Chrome on Linux". */
function device(userAgent) {
  const ua = userAgent || '';
  if (!ua) return t('account.device.unknown');
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome'
    : /Safari\//.test(ua) ? 'Safari' : null;
  const system = /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? t('account.device.iphone')
    : /Windows/.test(ua) ? 'Windows' : /Mac OS/.test(ua) ? 'Mac' : /Linux/.test(ua) ? 'Linux' : null;
  if (browser && system) return t('account.device.on', { browser, system });
  return browser || system || ua.slice(0, 60);
}

function sessionsSection() {
  const section = h('section', { class: 'card', 'aria-labelledby': 'ss-title' });
  const title = t('account.sessions.title');
  async function load() {
    const { sessions } = await api('GET', '/v1/auth/sessions');
    const rows = sessions.map(s => {
      let action = h('strong', {}, t('account.sessions.this'));
      if (!s.current) {
        const label = t('account.sessions.signOutLabel', { device: device(s.user_agent), when: when(s.created_at) });
        action = h('button', { type: 'button', class: 'secondary', 'aria-label': label },
          t('account.sessions.signOut'));
        action.addEventListener('click', () => act(action, async () => {
          await api('DELETE', `/v1/auth/sessions/${encodeURIComponent(s.id)}`);
          await load();
          say(t('account.sessions.signedOut', { device: device(s.user_agent) }));
        }));
      }
      return h('tr', { 'data-current': String(s.current), 'data-session': s.id }, h('td', {}, device(s.user_agent)),
        h('td', {}, s.ip_prefix ? t('account.sessions.network', { prefix: s.ip_prefix }) : t('account.unknown')),
        h('td', {}, when(s.created_at)),
        h('td', {}, when(s.last_used_at)), h('td', {}, action));
    });
    const others = sessions.some(s => !s.current);
    const all = h('button', { type: 'button', class: 'secondary' }, t('account.sessions.allOthers'));
    all.addEventListener('click', () => act(all, async () => {
      const { ended } = await api('DELETE', '/v1/auth/sessions');
      await load();
      say(ended === 1 ? t('account.sessions.endedOne')
        : t('account.sessions.endedMany', { n: formatNumber(ended) }));
    }));
    const everywhere = h('button', { type: 'button', class: 'warning' }, t('account.sessions.everywhere'));
    everywhere.addEventListener('click', () => act(everywhere, async () => {
      const sure = await confirmAction(t('account.sessions.everywhereQuestion'),
        t('account.sessions.everywhereConsequence'), t('account.sessions.everywhere'));
      if (!sure) return;
      await api('DELETE', '/v1/auth/sessions');
      const refresh = sessionStorage.getItem(REFRESH);
      await api('POST', '/v1/auth/logout', refresh ? { refresh_token: refresh } : {}).catch(() => null);
      signedOut();
      await go('/login');
      say(t('account.sessions.everywhereDone'));
    }));
    section.replaceChildren(h('h3', { id: 'ss-title' }, title),
      h('p', {}, t('account.sessions.advice')),
      h('table', {}, h('caption', { class: 'visually-hidden' }, t('account.sessions.caption')),
        h('thead', {}, h('tr', {}, ['device', 'where', 'since', 'used', 'action'].map(k =>
          h('th', { scope: 'col' }, t('account.sessions.' + k))))), h('tbody', {}, rows)),
      h('div', { class: 'button-group' }, ...(others ? [all] : []), everywhere));
  }
  section.replaceChildren(h('h3', { id: 'ss-title' }, title), h('p', { class: 'muted' }, t('account.loading')));
  load().catch(failed(section, 'ss-title', title));
  return section;
}

function sharesSection() {
  const section = h('section', { class: 'card', 'aria-labelledby': 'sh-title' });
  const title = t('account.shares.title');
  async function load() {
    const instances = await api('GET', '/v1/aa/instances');
    const rows = [];
    for (const i of instances) {
      // the listing names each application (the server looks each up once)
      const name = (i.application && i.application.name) || t('account.shares.gone');
      const live = i._state !== 'Withdrawn';
      const withdraw = live
        ? h('button', { type: 'button', class: 'warning', 'aria-label': t('account.shares.withdrawFrom', { name }) },
          t('account.shares.withdraw'))
        : h('span', {}, t('account.shares.withdrawn'));
      if (live) {
        withdraw.addEventListener('click', () => act(withdraw, async () => {
          const sure = await confirmAction(t('account.shares.question', { name }),
            t('account.shares.consequence', { name }), t('account.shares.withdraw'));
          if (!sure) return;
          await api('DELETE', `/v1/aa/instances/${encodeURIComponent(i.i_id)}`);
          await load();
          say(t('account.shares.done', { name }));
        }));
      }
      rows.push(h('tr', {}, h('td', {}, name), h('td', {}, when(i.start_date)), h('td', {}, withdraw)));
    }
    section.replaceChildren(h('h3', { id: 'sh-title' }, title), instances.length === 0
      ? h('p', {}, t('account.shares.none'))
      : h('table', {}, h('caption', { class: 'visually-hidden' }, t('account.shares.caption')),
        h('thead', {}, h('tr', {}, ['application', 'since', 'action'].map(k =>
          h('th', { scope: 'col' }, t('account.shares.' + k))))),
        h('tbody', {}, rows)));
  }
  section.replaceChildren(h('h3', { id: 'sh-title' }, title), h('p', { class: 'muted' }, t('account.loading')));
  load().catch(failed(section, 'sh-title', title));
  return section;
}

function exportSection() {
  const json = h('button', { type: 'button', class: 'secondary' }, t('account.export.json'));
  json.addEventListener('click', () => act(json, async () => {
    const data = await api('GET', '/v1/auth/me/export');
    saveFile('kith-export.json', 'application/json', JSON.stringify(data, null, 2));
    say(t('account.export.jsonDone'));
  }));
  const csv = h('button', { type: 'button', class: 'secondary' }, t('account.export.csv'));
  csv.addEventListener('click', () => act(csv, async () => {
    const text = await api('GET', '/v1/auth/me/export?format=csv', undefined, { accept: 'text/csv' });
    saveFile('kith-profile-objects.csv', 'text/csv', text);
    say(t('account.export.csvDone'));
  }));
  return card('ex-title', t('account.export.title'), h('p', {}, t('account.export.what')),
  h('div', { class: 'button-group' }, json, csv));
}

function deleteSection() {
  const form = h('form', { 'aria-label': t('account.delete.title'), novalidate: true },
    textField(t('account.delete.password'), { name: 'password', type: 'password', autocomplete: 'current-password',
      required: true }, t('account.delete.hint')),
    h('button', { type: 'submit', class: 'warning' }, t('account.delete.button')));
  onSubmit(form, 'password', async f => {
    if (!f.get('password')) throw new Error(t('account.delete.passwordMissing'));
    const sure = await confirmAction(t('account.delete.question'), t('account.delete.consequence'),
    t('account.delete.button'));
    if (!sure) return;
    await api('DELETE', '/v1/auth/me', { password: f.get('password') });
    signedOut();
    sessionStorage.removeItem(USER);
    await go('/signup');
    say(t('account.delete.done'));
  });
  return card('del-title', t('account.delete.title'), h('p', {}, t('account.delete.what')), form);
}

export async function accountView() {
  const [me, policy] = await Promise.all([api('GET', '/v1/auth/me'), passwordPolicy()]);
  return page(t('account.title'),
    card('pr-title', t('account.profile.title'),
      h('dl', {}, h('dt', {}, t('account.profile.email')), h('dd', { id: 'my-email' }, me.username))),
    passwordSection(policy.min_length),
    totpSection(),
    passkeysSection(),
    sessionsSection(),
    sharesSection(),
    exportSection(),
    deleteSection());
}
