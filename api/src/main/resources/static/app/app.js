// Kith onboarding app: plain DOM (no innerHTML with data), JSON Schema forms by JSON Editor (webjar), the Kith API.
import {
  main, nav, REFRESH, h, Problem, api, say, fail, act, page, view, signedIn, signedOut,
} from './ui.js';
import { authorizeView } from './authorize.js';
import { authView } from './login.js';
import { accountView } from './account.js';
import { endSessionView } from './logout.js';

const SCANNABLE = [['ss_NZ_DriverLicence', 'NZ driver licence'], ['ss_NZ_Passport', 'NZ passport']];
let generation = 0;

// ---------------------------------------------------------------------------------------------- accounts

/** After a login: back to the page the person was on (a consent, the account page), else My data. */
async function afterLogin() {
  const next = sessionStorage.getItem('kith.next');
  sessionStorage.removeItem('kith.next');
  const target = next || '#/data';
  // the login form was shown in place of the page asked for (same hash): setting it again fires no hashchange
  if (location.hash === target) route(); else location.hash = target;
}

async function logout() {
  const refresh = sessionStorage.getItem(REFRESH);
  try {
    await api('POST', '/v1/auth/logout', refresh ? { refresh_token: refresh } : {});
  } catch (e) {
    // the session is left either way
  }
  signedOut();
  location.hash = '#/login';
  say('You are logged out.');
}

// ---------------------------------------------------------------------------------------------- data

async function myObjects() {
  const page = await api('POST', '/v1/db/profile-objects/read', { permissions: ['IS_OWNER'], limit: 1000 });
  return page.profile_objects || [];
}

function schemaOf(o) {
  return o.schema || (o.labels && o.labels[0]) || '';
}

function summary(o) {
  const p = o.properties || {};
  const name = [p.given_names, p.family_name].filter(Boolean).join(' ');
  return schemaOf(o) + (name ? ' — ' + name : '') + (p.name ? ' — ' + p.name : '');
}

async function dataView() {
  const objects = await myObjects();
  const list = objects.length === 0 ? h('p', {}, 'You have no data yet. ', h('a', { href: '#/add' }, 'Add some'), '.')
    : h('ul', { class: 'plain', 'aria-label': 'My profile objects' }, objects.map(o => h('li', {},
      h('strong', {}, summary(o)), h('br'), h('span', { class: 'muted' }, o.n_id))));
  return page('My data', list);
}

/** A JSON Editor form for a schema (refs already resolved by Kith), with an optional starting value. */
async function schemaForm(container, schemaName, startval) {
  const [type, ...rest] = schemaName.split('_');
  const stored = await api('GET', `/v1/db/schemas/${type}/${rest.join('_')}?expand=true`);
  const schema = structuredClone(stored.schema);
  delete schema.$schema;
  delete schema.$id;
  schema.title = schema.title || schemaName;
  container.replaceChildren();
  const editor = new window.JSONEditor(container, { schema, startval, theme: 'html', iconlib: null,
    disable_edit_json: true, disable_properties: true, disable_collapse: true, disable_array_reorder: true,
    show_errors: 'interaction', prompt_before_delete: false, no_additional_properties: false,
    remove_empty_properties: true });
  await new Promise(resolve => editor.on('ready', resolve));
  return editor;
}

async function addView() {
  const schemas = (await api('GET', '/v1/db/schemas?schema_type=all&version_current=true')).schemas;
  const usable = schemas.filter(s => !s.name.startsWith('ss_Clarity') && s.name !== 'ss_Verification');
  const select = h('select', { id: 'schema', name: 'schema' }, h('option', { value: '' }, 'Choose…'),
    usable.map(s => h('option', { value: s.name }, (s.schema && s.schema.title) || s.name)));
  const holder = h('div', { id: 'form-holder' });
  const save = h('button', { type: 'button', hidden: true }, 'Save');
  let editor = null;
  select.addEventListener('change', () => act(select, async () => {
    save.hidden = true;
    if (!select.value) return holder.replaceChildren();
    editor = await schemaForm(holder, select.value);
    save.hidden = false;
  }));
  save.addEventListener('click', () => act(save, async () => {
    const errors = editor.validate();
    if (errors.length) {
      throw new Problem({ detail: 'Please correct the form.', errors: errors.map(e => ({ path: e.path, message: e.message })) });
    }
    const created = await api('POST', '/v1/db/profile-objects', { schema: select.value, properties: editor.getValue() });
    say(`Saved (${created[0].n_id}).`);
  }));
  return page('Add data', h('section', { class: 'card' }, h('label', { for: 'schema' }, 'What do you want to add?'), select,
    holder, save));
}

function readAsBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).split(',')[1]);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function scanView() {
  const type = h('select', { id: 'doc-type', name: 'doc-type' }, SCANNABLE.map(([v, l]) => h('option', { value: v }, l)));
  const file = h('input', { id: 'doc-photo', name: 'doc-photo', type: 'file', accept: 'image/*', capture: 'environment',
    required: true });
  const read = h('button', { type: 'submit' }, 'Read my ID');
  const review = h('div', { id: 'review' });
  const form = h('form', { 'aria-label': 'Scan an ID' }, h('label', { for: 'doc-type' }, 'Document'), type,
    h('label', { for: 'doc-photo' }, 'Photo of your ID'), file, read);
  form.addEventListener('submit', ev => { ev.preventDefault(); act(read, async () => {
    if (!file.files.length) throw new Problem({ detail: 'Choose a photo of your ID first.' });
    say('Reading your document…');
    const image = await readAsBase64(file.files[0]);
    const signed = await api('POST', '/v1/clarity/extract-verify', { form_data: [image], schema_name: type.value });
    const mapped = await api('POST', '/v1/clarity/map', signed);
    await reviewForm(review, type.value, signed, mapped);
    say('Please check what we read, correct anything that is wrong, and save.');
  }); });
  return page('Scan an ID', h('section', { class: 'card' }, form), review);
}

async function reviewForm(review, schemaName, signed, mapped) {
  const checks = (signed.data.verifications || []).map(c => h('li', {}, (c.passed ? '✓ ' : '✗ ') + c.name
    + (c.detail ? ' — ' + c.detail : '')));
  const holder = h('div', { id: 'review-form' });
  const save = h('button', { type: 'button' }, 'Save with verification');
  review.replaceChildren(h('section', { class: 'card', 'aria-label': 'Review' }, h('h3', {}, 'Check the details'),
    h('ul', { 'aria-label': 'Checks' }, checks), holder, save));
  const editor = await schemaForm(holder, schemaName, mapped.properties);
  save.addEventListener('click', () => act(save, async () => {
    const errors = editor.validate();
    if (errors.length) {
      throw new Problem({ detail: 'Please correct the form.', errors: errors.map(e => ({ path: e.path, message: e.message })) });
    }
    const created = await api('POST', '/v1/db/profile-objects', { schema: schemaName, properties: editor.getValue() });
    const nId = created[0].n_id;
    await api('POST', '/v1/verify/records', { data: signed.data, signature: signed.signature, subject_n_id: nId });
    review.replaceChildren();
    say(`Saved your ${schemaName.replace(/^ss_/, '').replaceAll('_', ' ')} (${nId}) with its signed verification.`);
  }));
}

// ---------------------------------------------------------------------------------------------- consent

function appPicture(app) {
  // Only inline pictures are shown: the app never loads anything from another site.
  if (app.picture && app.picture.startsWith('data:image/')) {
    return h('img', { src: app.picture, alt: '', class: 'app-picture' });
  }
  return h('span', { class: 'app-picture', 'aria-hidden': 'true' }, (app.name || '?').slice(0, 1).toUpperCase());
}

async function consentView(params) {
  const aId = params.get('a_id');
  if (!aId) throw new Problem({ detail: 'This link names no application.' });
  const app = await api('GET', `/v1/aa/applications/${encodeURIComponent(aId)}/consent`);
  const objects = await myObjects();
  const shareable = objects.filter(o => !schemaOf(o).startsWith('ss_Clarity') && schemaOf(o) !== 'ss_Verification');
  const boxes = shareable.map(o => {
    const id = 'share-' + o.n_id;
    return h('li', {}, h('input', { type: 'checkbox', id, value: o.n_id, name: 'share' }), ' ',
      h('label', { for: id, style: 'display:inline;font-weight:normal' }, summary(o)));
  });
  const share = h('button', { type: 'button' }, 'Share');
  share.addEventListener('click', () => act(share, async () => {
    const chosen = [...main.querySelectorAll('input[name="share"]:checked')].map(b => b.value);
    if (!chosen.length) throw new Problem({ detail: 'Choose what to share, or leave this page to share nothing.' });
    const instance = await api('POST', '/v1/aa/instances', { a_id: aId, profile_objects: chosen });
    location.hash = '#/shares';
    say(`Shared with ${app.name}. Confirmation code ${instance.confirmation_code}.`);
  }));
  return page(`Share with ${app.name}`, h('section', { class: 'card' },
    h('div', { class: 'app-head' }, appPicture(app), h('div', {}, h('strong', {}, app.name),
      app.description ? h('p', { class: 'muted' }, app.description) : null)),
    h('p', {}, `${app.name} asks for: `, h('strong', {}, (app.scopes || []).join(', ') || 'no particular scope')),
    h('fieldset', {}, h('legend', {}, 'Exactly these objects will be shared'), shareable.length
      ? h('ul', { class: 'plain' }, boxes) : h('p', {}, 'You have nothing to share yet.')),
    h('p', { class: 'muted' }, 'You can withdraw at any time under My shares; the application loses access at once.'),
    share));
}

async function appNames(aIds) {
  const names = {};
  for (const aId of new Set(aIds)) {
    try {
      names[aId] = (await api('GET', `/v1/aa/applications/${encodeURIComponent(aId)}/consent`)).name;
    } catch (e) {
      names[aId] = aId;
    }
  }
  return names;
}

async function sharesView() {
  const instances = await api('GET', '/v1/aa/instances');
  const names = await appNames(instances.map(i => i.a_id));
  const rows = instances.map(i => {
    const withdraw = i._state === 'Withdrawn' ? null : h('button', { type: 'button', class: 'secondary',
      'aria-label': `Withdraw from ${names[i.a_id]}` }, 'Withdraw');
    if (withdraw) {
      withdraw.addEventListener('click', () => act(withdraw, async () => {
        await api('DELETE', `/v1/aa/instances/${encodeURIComponent(i.i_id)}`);
        const fresh = await sharesView();
        view(fresh.title, ...fresh.content);
        say(`Withdrawn: ${names[i.a_id]} no longer has access.`);
      }));
    }
    return h('tr', {}, h('td', {}, names[i.a_id]), h('td', { 'data-state': i._state }, i._state),
      h('td', {}, (i.start_date || '').slice(0, 10)), h('td', {}, withdraw));
  });
  return page('My shares', instances.length === 0 ? h('p', {}, 'You have not shared anything.')
    : h('table', {}, h('caption', { class: 'muted' }, 'What you shared, with whom'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Application'), h('th', { scope: 'col' }, 'State'),
        h('th', { scope: 'col' }, 'Since'), h('th', { scope: 'col' }, h('span', { class: 'muted' }, 'Action')))),
      h('tbody', {}, rows)));
}

async function seenView() {
  const me = await api('GET', '/v1/auth/me');
  const objects = await myObjects();
  const instances = await api('GET', '/v1/aa/instances');
  const names = await appNames(instances.map(i => i.a_id));
  const events = [];
  for (const o of objects) {
    for (const e of await api('GET', `/v1/audit/${encodeURIComponent(o.n_id)}`)) {
      if (e.u_id && e.u_id !== me.u_id && e.event_type.includes('read')) events.push({ ...e, what: summary(o), who: e.u_id });
    }
  }
  for (const i of instances) {
    for (const e of await api('GET', `/v1/audit/${encodeURIComponent(i.i_id)}`)) {
      if (e.u_id && e.u_id !== me.u_id && e.event_type.includes('read')) {
        events.push({ ...e, what: 'your share', who: `${names[i.a_id]} (${e.u_id})` });
      }
    }
  }
  events.sort((a, b) => String(b.date).localeCompare(String(a.date)));
  return page('Who saw my data', events.length === 0 ? h('p', {}, 'Nobody else has read your data.')
    : h('table', {}, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'When'), h('th', { scope: 'col' }, 'Who'),
      h('th', { scope: 'col' }, 'What'))), h('tbody', {}, events.map(e => h('tr', {},
        h('td', {}, String(e.date).replace('T', ' ').slice(0, 19)), h('td', {}, e.who), h('td', {}, e.what))))));
}

// ---------------------------------------------------------------------------------------------- routing

const ROUTES = { '#/data': dataView, '#/add': addView, '#/scan': scanView, '#/shares': sharesView,
  '#/seen': seenView, '#/account': accountView, '#/consent': consentView, '#/authorize': authorizeView,
  '#/end-session': endSessionView };

async function route() {
  const [path, query] = location.hash.split('?');
  const params = new URLSearchParams(query || '');
  nav.hidden = !signedIn();
  if (['#/signup', '#/verify', '#/login'].includes(path)) {
    generation++;
    return authView(path.slice(2), afterLogin);
  }
  if (!signedIn() && path === '#/end-session') {
    const mine = ++generation;
    const result = await endSessionView(params);
    if (mine === generation && result) view(result.title, ...result.content);
    return;
  }
  if (!signedIn()) {
    const deepLink = path === '#/consent' || path === '#/authorize' || path === '#/account';
    if (deepLink) sessionStorage.setItem('kith.next', location.hash);
    return authView(deepLink ? 'login' : 'signup', afterLogin);
  }
  const handler = ROUTES[path] || dataView;
  const mine = ++generation;
  try {
    const result = await handler(params);
    if (mine === generation && result) view(result.title, ...result.content);
  } catch (e) {
    if (mine === generation) fail(e);
  }
}

document.getElementById('logout').addEventListener('click', logout);
window.addEventListener('hashchange', () => { route(); });
route();
