// Tally web pages: what every page shares.
//   - t(), applyI18n(): every label in English and Spanish (i18n*.js), applied to [data-i18n]
//   - api.get/post(): fetch with the session cookie, the CSRF header, an Idempotency-Key per
//     user action (kept for a retry after a network error), errors shown in #error (role=alert)
//   - parseAmount(), fmtMoney(): money as integer cents (BigInt) and decimal strings, never floats
//   - h(): elements built with createElement/textContent; data is never parsed as HTML
//   - initPage(): /api/v1/me, the header (navigation by permission, language switch, sign-out)
import { DICT } from './i18n.js';

// ---------------------------------------------------------------- language

let lang = pickLang(document.documentElement.lang);
const langListeners = [];

function pickLang(value) {
  return value === 'es' ? 'es' : 'en';
}

// A group of pages' own labels (i18n-counter.js, ...), added when their module loads.
export function addLabels(labels) {
  Object.assign(DICT, labels);
}

export function getLang() {
  return lang;
}

// The text of `key` in the current language; {name} is replaced from `args`.
export function t(key, args) {
  const entry = DICT[key];
  let text = entry ? entry[lang === 'es' ? 1 : 0] : key;
  if (args) text = text.replace(/\{(\w+)\}/g, (m, name) => (name in args ? String(args[name]) : m));
  return text;
}

// A value's label ("status.open") when the dictionary has one, else the value itself.
export function tv(prefix, value) {
  const key = prefix + '.' + value;
  return key in DICT ? t(key) : String(value ?? '');
}

// Translates every element under root that names a key: data-i18n (text), data-i18n-args
// (JSON arguments), data-i18n-placeholder, data-i18n-label (aria-label), data-i18n-title.
export function applyI18n(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) {
    const args = el.dataset.i18nArgs ? JSON.parse(el.dataset.i18nArgs) : undefined;
    el.textContent = t(el.dataset.i18n, args);
  }
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) el.placeholder = t(el.dataset.i18nPlaceholder);
  for (const el of root.querySelectorAll('[data-i18n-label]')) el.setAttribute('aria-label', t(el.dataset.i18nLabel));
  for (const el of root.querySelectorAll('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle);
}

export function setLang(value) {
  lang = pickLang(value);
  document.documentElement.lang = lang;
  applyI18n();
  const select = document.getElementById('lang-select');
  if (select) select.value = lang;
  for (const fn of langListeners) fn(lang);
}

export function onLangChange(fn) {
  langListeners.push(fn);
}

// ---------------------------------------------------------------- elements

// h('td', {class: 'num', i18n: 'key', args: {...}, text: 'data'}, child, ...): children that are
// strings become text nodes. Data goes in as text only.
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  if (props) {
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'i18n') el.dataset.i18n = v;
      else if (k === 'args') el.dataset.i18nArgs = JSON.stringify(v);
      else if (k === 'text') el.textContent = String(v);
      else if (k === 'class') el.className = v;
      else if (k === 'testid') el.dataset.testid = v;
      else if (k === 'placeholderKey') el.dataset.i18nPlaceholder = v;
      else if (k === 'labelKey') el.dataset.i18nLabel = v;
      else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'hidden') el[k] = v;
      else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    if (props.i18n) el.textContent = t(props.i18n, props.args);
    if (props.placeholderKey) el.placeholder = t(props.placeholderKey);
    if (props.labelKey) el.setAttribute('aria-label', t(props.labelKey));
  }
  for (const kid of kids.flat()) {
    if (kid === undefined || kid === null || kid === false) continue;
    el.append(kid instanceof Node ? kid : String(kid));
  }
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

export const $ = (id) => document.getElementById(id);

// A table of rows: columns are [{key: 'i18n key', cls}], rows are arrays of cells (text or Node).
export function table(columns, rows, props = {}) {
  const head = h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.cls, i18n: c.key })));
  const body = h('tbody', null,
    rows.map((cells) => (cells instanceof Node ? cells : h('tr', null, cells.map((cell, i) => h('td', { class: columns[i] && columns[i].cls }, cell))))));
  return h('table', Object.assign({ class: 'data' }, props), h('thead', null, head), body);
}

// ---------------------------------------------------------------- money

// A typed amount as integer cents (BigInt), or null. A cashier types with a ten-key pad:
// digits only are cents ("5000" is $50.00); with a decimal point they are dollars ("50.00",
// "50.", ".5"). "$" and "," are ignored; at most two decimals; a sign only when allowed.
export function parseAmount(text, { allowNegative = false } = {}) {
  let s = String(text ?? '').trim().replace(/[$,\s]/g, '');
  let negative = false;
  if (allowNegative && (s.startsWith('-') || s.startsWith('+'))) {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '') return null;
  let cents;
  if (/^[0-9]+$/.test(s)) {
    if (s.length > 15) return null;
    cents = BigInt(s);
  } else {
    const m = /^([0-9]*)\.([0-9]{0,2})$/.exec(s);
    if (!m || (m[1] === '' && m[2] === '') || m[1].length > 13) return null;
    cents = BigInt(m[1] || '0') * 100n + BigInt((m[2] + '00').slice(0, 2));
  }
  return negative ? -cents : cents;
}

// An API decimal string ("1234.5", "-12.34", "7") as integer cents, or null.
export function decimalToCents(text) {
  const m = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(String(text ?? '').trim());
  if (!m) return null;
  const cents = BigInt(m[2]) * 100n + BigInt(((m[3] || '') + '00').slice(0, 2));
  return m[1] ? -cents : cents;
}

// Integer cents (BigInt, or a whole Number such as an API's amount_minor) as "-12.34".
export function centsToDecimal(cents) {
  const c = BigInt(cents);
  const negative = c < 0n;
  const abs = negative ? -c : c;
  const units = (abs / 100n).toString();
  const frac = (abs % 100n).toString().padStart(2, '0');
  return (negative ? '-' : '') + units + '.' + frac;
}

// For people: "$1,234.50", "-$12.34". Takes an API decimal string, a BigInt or an amount_minor.
export function fmtMoney(value) {
  if (value === undefined || value === null || value === '') return '';
  let cents;
  if (typeof value === 'bigint') cents = value;
  else if (typeof value === 'number') cents = BigInt(Math.trunc(value));
  else cents = decimalToCents(value);
  if (cents === null) return String(value);
  const text = centsToDecimal(cents);
  const negative = text.startsWith('-');
  const [units, frac] = (negative ? text.slice(1) : text).split('.');
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (negative ? '-$' : '$') + grouped + '.' + frac;
}

// Amounts of minor units from the API (amount_minor) shown as money.
export const fmtMinor = (minor) => fmtMoney(typeof minor === 'number' ? BigInt(minor) : minor);

// US cash, largest first, in cents.
export const DENOMINATIONS = [10000, 5000, 2000, 1000, 500, 200, 100, 50, 25, 10, 5, 1];

export function denominationLabel(cents) {
  return cents >= 100 ? '$' + cents / 100 : cents + '¢';
}

// A microsecond timestamp for people, in the page's language.
export function fmtTime(us, withDate = false) {
  if (us === undefined || us === null || us === 0) return '';
  const d = new Date(Math.floor(Number(us) / 1000));
  const locale = lang === 'es' ? 'es-US' : 'en-US';
  return withDate ? d.toLocaleString(locale) : d.toLocaleTimeString(locale);
}

export function todayIso() {
  return new Date().toISOString().slice(0, 10);
}

export function shortId(id) {
  const s = String(id ?? '');
  return s.length > 12 ? s.slice(0, 12) + '…' : s;
}

// "customer:100002" -> "100002".
export function customerId(account) {
  const s = String(account ?? '');
  return s.startsWith('customer:') ? s.slice('customer:'.length) : s;
}

// ---------------------------------------------------------------- API

export class ApiError extends Error {
  constructor(status, code, message, field, data) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.data = data;  // the answer's body, parsed, when it was JSON
  }
}

function csrfToken() {
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : '';
}

export function uuid() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = Array.from(b, (v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

// One Idempotency-Key per user action. The same action sent again (same route, same body)
// after a network error reuses its key, so the server answers it as the first time; once the
// server has answered, the next action gets a fresh key.
const actionKeys = new Map();  // slot -> {sig, key}

async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  let payload;
  let slot = null;
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken();
    headers['Content-Type'] = opts.contentType || 'application/json';
    payload = opts.raw !== undefined ? opts.raw : JSON.stringify(opts.body ?? {});
    slot = opts.slot || method + ' ' + path;
    const sig = opts.sig || method + ' ' + path + '\n' + (typeof payload === 'string' ? payload : '');
    let action = actionKeys.get(slot);
    if (!action || action.sig !== sig) {
      action = { sig, key: uuid() };
      actionKeys.set(slot, action);
    }
    headers['Idempotency-Key'] = action.key;
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
  } catch (e) {
    throw new ApiError(0, 'network', t('err.network'));  // the key stays for a retry
  }
  if (slot) actionKeys.delete(slot);
  if (res.status === 401) {
    location.assign('/web/signin?expired=1');
    throw new ApiError(401, 'unauthorized', t('err.unauthorized'));
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch (e) {
      data = null;
    }
  }
  if (!res.ok) {
    const e = (data && data.error) || {};
    throw new ApiError(res.status, e.code || 'http_' + res.status, e.message || res.statusText, e.field, data);
  }
  return data === null ? {} : data;
}

export const api = {
  get: (path) => request('GET', path),
  // body: a JSON object; opts: {slot, raw, contentType, sig}
  post: (path, body, opts = {}) => request('POST', path, Object.assign({ body }, opts)),
};

// Query strings from an object, leaving out empty values.
export function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, v);
  const s = p.toString();
  return s ? '?' + s : '';
}

export const enc = encodeURIComponent;

// ---------------------------------------------------------------- messages

// What went wrong, in the person's language where the code is known, with the server's own
// words after it. The field named by the server is marked and focused when `form` has it.
export function errorText(err) {
  if (!(err instanceof ApiError)) return t('err.unexpected') + ' ' + (err && err.message ? err.message : '');
  const known = 'err.' + err.code;
  if (known in DICT) return t(known) + (err.code === 'network' || err.code === 'unauthorized' ? '' : ' (' + err.message + ')');
  if (err.status === 403) return t('err.forbidden');
  if (err.status === 429) return t('err.too_many');
  return t('err.failed', { status: err.status }) + ' ' + err.message;
}

export function showError(err, form) {
  const box = $('error');
  const text = typeof err === 'string' ? err : errorText(err);
  if (box) {
    box.textContent = text;
    box.hidden = false;
  }
  const notice = $('notice');
  if (notice) notice.textContent = '';
  if (form && err && err.field) {
    const base = String(err.field).replace(/\[.*$/, '');
    const input = form.querySelector(`[name="${CSS.escape(err.field)}"], [name="${CSS.escape(base)}"]`);
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
  }
}

export function clearError() {
  const box = $('error');
  if (box) {
    box.textContent = '';
    box.hidden = true;
  }
  for (const el of document.querySelectorAll('[aria-invalid="true"]')) el.removeAttribute('aria-invalid');
}

// A short confirmation in #notice (role=status); key and args are translated again when the
// language changes.
export function notify(key, args) {
  const box = $('notice');
  if (!box) return;
  box.dataset.i18n = key;
  if (args) box.dataset.i18nArgs = JSON.stringify(args);
  else delete box.dataset.i18nArgs;
  box.textContent = t(key, args);
}

// Runs an action from a form: clears the old error, disables the submit button meanwhile,
// shows the error if it fails. Returns the action's value or undefined.
export async function run(form, fn) {
  clearError();
  const buttons = form ? form.querySelectorAll('button') : [];
  for (const b of buttons) b.disabled = true;
  try {
    return await fn();
  } catch (err) {
    showError(err, form);
    return undefined;
  } finally {
    for (const b of buttons) b.disabled = false;
  }
}

// ---------------------------------------------------------------- the person and the header

let me = { user: '', roles: [], language: lang, permissions: [] };

// permissions as a list of names, or an object of name -> true.
export function can(permission) {
  const p = me.permissions;
  if (Array.isArray(p)) return p.includes(permission);
  return !!(p && p[permission]);
}

export function user() {
  return me.user;
}

// The pages and who sees them in the navigation (the server refuses the rest anyway).
export const PAGES = [
  { id: 'home', href: '/web/', key: 'nav.home', any: [] },
  { id: 'counter', href: '/web/counter', key: 'nav.counter', any: ['counter_operate'] },
  { id: 'supervisor', href: '/web/supervisor', key: 'nav.supervisor', any: ['counter_supervise'] },
  { id: 'accounts', href: '/web/accounts', key: 'nav.accounts', any: ['read'] },
  { id: 'suspense', href: '/web/suspense', key: 'nav.suspense', any: ['suspense_apply'] },
  { id: 'files', href: '/web/files', key: 'nav.files', any: ['ingest_files', 'suspense_apply', 'reconcile_decide'] },
  { id: 'adjustments', href: '/web/adjustments', key: 'nav.adjustments', any: ['adjust_request', 'adjust_approve'] },
  { id: 'finance', href: '/web/finance', key: 'nav.finance', any: ['reconcile_decide', 'discrepancy_work'] },
];

export function allowedPages() {
  return PAGES.filter((p) => p.any.length === 0 || p.any.some(can));
}

async function signOut() {
  try {
    await fetch('/web/signout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrfToken(), 'Idempotency-Key': uuid(), 'Content-Type': 'application/json' },
      body: '{}',
    });
  } finally {
    location.assign('/web/signin');
  }
}

async function chooseLanguage(value) {
  const previous = lang;
  setLang(value);
  try {
    await api.post('/api/v1/me/language', { language: lang }, { slot: 'language' });
    me.language = lang;
  } catch (err) {
    setLang(previous);
    showError(err);
  }
}

function buildHeader(current) {
  const top = $('top');
  if (!top) return;
  clear(top);
  const nav = h('nav', { id: 'nav', labelKey: 'nav.label' },
    h('ul', null, allowedPages().map((p) =>
      h('li', null, h('a', { id: 'nav-' + p.id, href: p.href, i18n: p.key, 'aria-current': p.id === current ? 'page' : null })))));
  const select = h('select', { id: 'lang-select', labelKey: 'lang.label' },
    h('option', { value: 'en', text: 'English' }), h('option', { value: 'es', text: 'Español' }));
  select.value = lang;
  select.addEventListener('change', () => chooseLanguage(select.value));
  top.append(
    h('a', { class: 'brand', href: '/web/', text: 'Tally' }),
    nav,
    h('span', { class: 'who', id: 'who', text: me.user }),
    select,
    h('button', { type: 'button', id: 'signout', class: 'secondary', i18n: 'nav.signout', onclick: signOut }),
  );
}

// Every page but sign-in calls this first: the person, the header, the labels. With `need`,
// a person without any of those permissions is told so and the promise gives null.
export async function initPage({ page, need = [], onLang } = {}) {
  applyI18n();
  if (onLang) onLangChange(onLang);
  try {
    const got = await api.get('/api/v1/me');
    me = Object.assign(me, got);
  } catch (err) {
    showError(err);
    return null;
  }
  if (me.language && pickLang(me.language) !== lang) setLang(me.language);
  buildHeader(page);
  if (need.length > 0 && !need.some(can)) {
    showError(t('err.page_forbidden'));
    for (const el of document.querySelectorAll('main > *')) if (el.tagName !== 'H1' && el.id !== 'error') el.hidden = true;
    return null;
  }
  return me;
}

// A form's field value, trimmed.
export function val(id) {
  const el = $(id);
  return el ? String(el.value).trim() : '';
}

// Keeps an input to digits only, at most max of them; more digits than that (a whole card
// number pasted where the last four belong) empties it and says why.
export function digitsOnly(input, max, tooLongKey) {
  input.addEventListener('input', () => {
    const digits = input.value.replace(/[^0-9]/g, '');
    if (digits.length > max) {
      input.value = '';
      if (tooLongKey) showError(t(tooLongKey));
      return;
    }
    if (digits !== input.value) input.value = digits;
  });
}
