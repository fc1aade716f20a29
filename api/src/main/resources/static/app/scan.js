// Kith onboarding app: scan an ID. Kith reads the photo, signs what it read and the checks it made; the person
// reviews the values in the schema's form and saves them with the signed verification. A check is shown as passed
// only when the API says it passed (passed === true); a check that was not made is shown as "Not checked".
import { h, api, page, go, href } from './ui.js';
import { t } from './i18n.js';
import { showErrors } from './forms.js';
import { schemaForm, readBase64 } from './schema-form.js';
import { loadSchemas, schemaTitle, notice } from './data.js';

const SCANNABLE = ['ss_NZ_DriverLicence', 'ss_NZ_Passport'];
/** The checks Kith makes of each document (BuiltInVerifiers): any the answer lacks were not made. */
const EXPECTED = {
  ss_NZ_Passport: ['fields_match_schema', 'mrz_check_digits', 'mrz_matches_printed', 'dates_plausible',
    'not_expired'],
  ss_NZ_DriverLicence: ['fields_match_schema', 'dates_plausible', 'not_expired'],
};

function words(key, fallback) {
  const text = t(key);
  return text === key ? fallback : text;
}

/** The checks as the person reads them: passed, did not pass (with why), or not checked. */
export function checkList(schemaName, verifications) {
  const made = new Map((Array.isArray(verifications) ? verifications : []).filter(c => c && c.name)
    .map(c => [c.name, c]));
  const names = [...new Set([...(EXPECTED[schemaName] || []), ...made.keys()])];
  return h('ul', { class: 'checks', 'aria-label': t('data.scan.checks') }, names.map(name => {
    const c = made.get(name);
    const state = !c || typeof c.passed !== 'boolean' ? 'unknown' : c.passed === true ? 'passed' : 'failed';
    const label = words('data.check.' + name, name.replaceAll('_', ' '));
    return h('li', { class: 'check check-' + state, 'data-check': name, 'data-state': state },
      h('span', { class: 'check-mark', 'aria-hidden': 'true' },
        { passed: '✓', failed: '✗', unknown: '–' }[state]),
      ' ', h('strong', {}, label), ': ', t('data.scan.' + state),
      state === 'failed' && c.detail ? ' (' + c.detail + ')' : '');
  }));
}

export async function scanView() {
  await loadSchemas().catch(() => null);
  const radios = SCANNABLE.map((name, i) => h('div', { class: 'choice' },
    h('input', { type: 'radio', name: 'doc-type', id: 'doc-type-' + i, value: name, checked: i === 0 }),
    h('label', { for: 'doc-type-' + i }, schemaTitle(name))));
  const file = h('input', { id: 'doc-photo', name: 'doc-photo', type: 'file', accept: 'image/*', capture: 'environment',
    required: true, 'aria-required': 'true', 'aria-describedby': 'doc-photo-hint' });
  const preview = h('div', { class: 'preview' });
  file.addEventListener('change', () => {
    preview.replaceChildren();
    if (file.files[0]) {
      preview.append(h('img', { src: URL.createObjectURL(file.files[0]),
        alt: t('data.form.preview', { name: file.files[0].name }) }));
    }
  });
  const read = h('button', { type: 'submit' }, t('data.scan.read'));
  const review = h('div', { id: 'review' });
  const progress = h('p', { role: 'status', class: 'muted' });
  const form = h('form', { novalidate: true, 'aria-label': t('data.scan.title') },
    h('fieldset', { class: 'field', 'data-field': 'doc-type', id: 'doc-type', 'data-control': '' },
      h('legend', {}, t('data.scan.which')), h('div', { class: 'choices' }, radios)),
    h('div', { class: 'field', 'data-field': 'doc-photo' }, h('label', { for: 'doc-photo' }, t('data.scan.photo')),
      h('p', { class: 'hint', id: 'doc-photo-hint' }, t('data.scan.photoHint')), file, preview),
    read, progress);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    if (read.disabled) return;
    if (!file.files.length) {
      return showErrors(form, { errors: [{ path: 'doc-photo', message: t('data.scan.photoMissing') }] });
    }
    read.disabled = true;
    progress.textContent = t('data.scan.reading');
    try {
      const type = form.querySelector('input[name="doc-type"]:checked').value;
      const image = await readBase64(file.files[0]);
      const signed = await api('POST', '/v1/clarity/extract-verify', { form_data: [image], schema_name: type });
      const mapped = await api('POST', '/v1/clarity/map', signed);
      await reviewForm(review, type, signed, mapped);
      progress.textContent = t('data.scan.check');
    } catch (e) {
      progress.textContent = '';
      showErrors(form, e, 'doc-photo');
    } finally {
      read.disabled = false;
    }
  });
  return page(t('data.scan.title'), h('p', {}, t('data.scan.intro'), ' ',
    h('a', { href: href('/add') }, t('data.scan.typeInstead'))), form, review);
}

async function reviewForm(review, schemaName, signed, mapped) {
  const stored = (await loadSchemas())[schemaName];
  const sf = schemaForm(stored.schema, mapped.properties || {}, { upload: false });
  const save = h('button', { type: 'submit' }, t('data.scan.save'));
  const form = h('form', { novalidate: true, 'aria-labelledby': 'review-title' }, sf.element, save);
  review.replaceChildren(h('section', { class: 'card' },
    h('h3', { id: 'review-title', tabindex: '-1' }, t('data.scan.reviewTitle')),
    h('p', {}, t('data.scan.reviewIntro')), checkList(schemaName, signed.checks || (signed.data && signed.data.verifications)), form));
  review.querySelector('#review-title').focus();
  let saved = false;
  const intent = crypto.randomUUID();
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    if (save.disabled || saved) return;
    save.disabled = true;
    try {
      const errors = sf.check(true);
      if (errors.length) return showErrors(form, { message: t('data.form.correct'), errors });
      const created = await api('POST', '/v1/db/profile-objects', { schema: schemaName, properties: sf.values() },
        { headers: { 'Idempotency-Key': intent } });
      await api('POST', '/v1/verify/records', { data: signed.data, signature: signed.signature,
        subject_n_id: created[0].n_id });
      saved = true;
      notice(t('data.scan.saved', { title: schemaTitle(schemaName) }));
      go('/data');
    } catch (e) {
      showErrors(form, e);
    } finally {
      if (!saved) save.disabled = false;
    }
  });
}

