// Form patterns in the style of the GOV.UK Design System: labelled fields with hints, an error summary at the top of
// the form whose links move to the fields, each field's message linked by aria-describedby, aria-invalid on it, and
// a confirmation step for what cannot be undone.
import { h, clearMessages } from './ui.js';
import { t } from './i18n.js';

let counter = 0;

/** A labelled input with an optional hint; returns the wrapper (.field) holding label, hint, error slot and input. */
export function textField(label, attrs, hint) {
  const id = attrs.id || 'f-' + attrs.name + '-' + (++counter);
  const hintId = hint ? id + '-hint' : null;
  const input = h('input', { ...attrs, id, 'aria-describedby': hintId });
  return h('div', { class: 'field', 'data-field': attrs.name }, h('label', { for: id }, label),
    hint ? h('p', { class: 'hint', id: hintId }, hint) : null, input);
}

/** Removes the error summary and every field's error state. */
export function clearErrors(form) {
  form.querySelector('.error-summary')?.remove();
  for (const wrapper of form.querySelectorAll('.field')) setFieldError(wrapper, null);
}

/** The element that carries a field's state (a fieldset of choices, else its input) and the one to focus. */
function controlOf(wrapper) {
  const control = wrapper.hasAttribute('data-control') ? wrapper
    : wrapper.querySelector('[data-control]') || wrapper.querySelector('input, select, textarea');
  return { control, focus: wrapper.querySelector('input, select, textarea') || control };
}

/**
 * Shows {@code message} as the field's error (GOV.UK order: label, hint, error, input; aria-invalid on the control
 * and the message in its aria-describedby), or removes the error when {@code message} is empty.
 */
export function setFieldError(wrapper, message) {
  if (!wrapper) return;
  const { control } = controlOf(wrapper);
  wrapper.querySelector(':scope > .field-error')?.remove();
  const hint = wrapper.querySelector(':scope > .hint');
  const errorId = control.id + '-error';
  if (!message) {
    wrapper.classList.remove('field-invalid');
    control.removeAttribute('aria-invalid');
    if (hint) control.setAttribute('aria-describedby', hint.id); else control.removeAttribute('aria-describedby');
    return;
  }
  wrapper.classList.add('field-invalid');
  const before = hint || wrapper.querySelector(':scope > label, :scope > legend');
  before.after(h('p', { class: 'field-error', id: errorId }, h('span', { class: 'visually-hidden' }, 'Error: '),
    message));
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', [hint && hint.id, errorId].filter(Boolean).join(' '));
}

/** The field a problem's path names: "/properties/given_names" (the API) or "given_names" (a form). */
function fieldName(path) {
  const bare = String(path || '').replace(/^([/$.]|\d+\/)+/, '').replace(/^properties\//, '').split('/')[0];
  return bare.replace(/[A-Z]/g, c => '_' + c.toLowerCase());
}

/**
 * Shows a problem on a form: each field error next to its field, and all of them in a summary at the top (focused);
 * an error naming no field of the form is put on {@code fallbackField} (the form's main question).
 */
export function showErrors(form, problem, fallbackField) {
  clearMessages();
  clearErrors(form);
  const items = [];
  const errors = problem.errors && problem.errors.length ? problem.errors
    : [{ path: fallbackField, message: problem.message }];
  for (const e of errors) {
    let wrapper = form.querySelector(`.field[data-field="${CSS.escape(fieldName(e.path))}"]`);
    if (!wrapper && fallbackField) wrapper = form.querySelector(`.field[data-field="${CSS.escape(fallbackField)}"]`);
    const message = plain(e.message || problem.message);
    if (wrapper && !wrapper.classList.contains('field-invalid')) {
      setFieldError(wrapper, message);
      const { control, focus } = controlOf(wrapper);
      items.push(h('li', {}, h('a', { href: '#' + (focus.id || control.id),
        onclick: ev => { ev.preventDefault(); focus.focus(); } }, message)));
    } else {
      items.push(h('li', {}, message));
    }
  }
  const titleId = 'es-' + (++counter);
  const summary = h('div', { class: 'error-summary', role: 'alert', tabindex: '-1', 'aria-labelledby': titleId },
    h('h3', { id: titleId }, t('data.form.problem')), h('ul', {}, items));
  form.prepend(summary);
  summary.focus();
}

/** The server's words, made to read as a sentence. */
export function plain(message) {
  const text = String(message || 'Something went wrong. Please try again.');
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Runs a form's submit work: clears old errors, disables the button, shows a problem on the form. */
export function onSubmit(form, fallbackField, work) {
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = true;
    clearErrors(form);
    clearMessages();
    try {
      await work(new FormData(form));
    } catch (e) {
      showErrors(form, e, fallbackField);
    } finally {
      if (button) button.disabled = false;
    }
  });
}

/**
 * Asks before something that cannot be undone: a modal dialog with the consequence in plain words, the action
 * button and Cancel. Resolves true if the person confirmed.
 */
export function confirmAction(question, consequence, actionLabel) {
  return new Promise(resolve => {
    const titleId = 'dlg-' + (++counter);
    const yes = h('button', { type: 'button', class: 'warning' }, actionLabel);
    const no = h('button', { type: 'button', class: 'secondary' }, t('shell.cancel'));
    const dialog = h('dialog', { 'aria-labelledby': titleId, class: 'confirm' }, h('h2', { id: titleId }, question),
      h('p', {}, consequence), h('div', { class: 'button-group' }, yes, no));
    const close = answer => { dialog.close(); dialog.remove(); resolve(answer); };
    yes.addEventListener('click', () => close(true));
    no.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', ev => { ev.preventDefault(); close(false); });
    document.body.append(dialog);
    dialog.showModal();
    no.focus();
  });
}
