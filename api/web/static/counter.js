// The cashier's counter: open a drawer with its float counted by denomination, take payments
// (find the account, see what is owed, tenders, change, the receipt to print), ask for voids,
// and close with a blind count (the expected cash is shown only in the count's answer).
//
// Keyboard only: forms in Tab order, Enter submits the form it is in. Amounts are typed as
// cents ("5000") or with a decimal point ("50.00"); both are $50.00.
//
// API: GET /api/v1/counter/sessions (today's), GET .../drawers/{d}, POST .../drawers/{d}/open,
// GET .../sessions/{s}, POST .../sessions/{s}/payments, POST .../receipts/{n}/void-request,
// POST .../receipts/{n}/void-here (a supervisor approves at this screen with their name and
// password or token; the server checks them, makes no session for them and keeps nothing of
// them), POST .../sessions/{s}/close; GET /api/v1/accounts/{id}, GET /api/v1/search.
import {
  initPage, api, h, clear, $, t, tv, enc, qs, run, notify, showError, clearError, user,
  parseAmount, centsToDecimal, decimalToCents, fmtMoney, fmtTime, customerId,
  DENOMINATIONS, denominationLabel, digitsOnly, getLang, ApiError,
} from './common.js';
import './i18n-counter.js';

const DRAWER_KEY = 'tally.drawer';
const MAX_PIECES = 100000;
const SESSIONS = '/api/v1/counter/sessions/';

const state = {
  session: null,      // the open session (GET sessions/{s}), or null
  account: null,      // the account found: GET /api/v1/accounts/{id}
  found: [],          // search results
  query: '',          // what was looked up last
  lastClose: null,    // the last close answer
  lastPayment: null,  // the last payment answer
  prefilled: '',      // the amount the page put in #pay-amount (what was owed)
  sentTenders: [],    // the types of the tenders sent, in order (to place a field error)
  approveHere: null,  // the receipt whose "Supervisor: approve here" form is open, or null
};

// ---------------------------------------------------------------- denomination grids

function buildGrid(container, prefix, totalId) {
  clear(container);
  for (const d of DENOMINATIONS) {
    const input = h('input', {
      id: `${prefix}-${d}`, name: `${prefix}.${d}`, class: 'count', inputmode: 'numeric',
      autocomplete: 'off', 'data-denomination': d, maxlength: 6,
    });
    input.addEventListener('input', () => {
      const digits = input.value.replace(/[^0-9]/g, '');
      if (digits !== input.value) input.value = digits;
      $(totalId).textContent = fmtMoney(gridTotal(container));
    });
    container.append(h('label', { for: input.id }, h('span', { text: denominationLabel(d) }), input));
  }
}

function gridTotal(container) {
  let total = 0n;
  for (const input of container.querySelectorAll('input[data-denomination]')) {
    const pieces = input.value === '' ? 0n : BigInt(input.value);
    total += pieces * BigInt(input.dataset.denomination);
  }
  return total;
}

// {"2000": 5, ...} without the zeros, or throws with the input to fix.
function gridCount(container) {
  const out = {};
  for (const input of container.querySelectorAll('input[data-denomination]')) {
    if (input.value === '') continue;
    if (!/^[0-9]+$/.test(input.value) || Number(input.value) > MAX_PIECES) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      throw new ApiError(400, 'pieces', t('err.pieces', { max: MAX_PIECES }));
    }
    const pieces = Number(input.value);
    if (pieces > 0) out[input.dataset.denomination] = pieces;
  }
  return out;
}

function resetGrid(container, totalId) {
  for (const input of container.querySelectorAll('input')) input.value = '';
  $(totalId).textContent = fmtMoney(0n);
}

// ---------------------------------------------------------------- modes

function showOpen() {
  state.session = null;
  $('open-section').hidden = false;
  $('session-section').hidden = true;
  $('open-drawer').value = localStorage.getItem(DRAWER_KEY) || '';
  ($('open-drawer').value ? $('float-10000') : $('open-drawer')).focus();
}

function showSession(session) {
  state.session = session;
  $('open-section').hidden = true;
  $('session-section').hidden = false;
  renderSession();
}

function renderSession() {
  const s = state.session;
  if (!s) return;
  const info = clear($('session-info'));
  info.append(
    h('span', { i18n: 'session.drawer' }), ' ', h('strong', { id: 'session-drawer', text: s.drawer }), ' · ',
    h('span', { i18n: 'session.id' }), ' ', h('strong', { id: 'session-id', text: s.id }), ' · ',
    h('span', { i18n: 'session.opened' }), ' ', fmtTime(s.opened_at_us), ' · ',
    h('span', { i18n: 'session.float' }), ' ', fmtMoney(s.float));
  renderReceipts();
  // An open session that has been counted waits for a supervisor's sign-off.
  const counts = s.counts || [];
  if (s.status === 'open' && counts.length > 0 && !state.lastClose) {
    const last = counts[counts.length - 1];
    renderClose({ status: 'needs_sign_off', count: last });
  }
}

// ---------------------------------------------------------------- receipts of the session

function voidState(r) {
  if (r.voided || (r.void && r.void.state === 'approved')) return 'voided';
  if (r.void && r.void.state === 'requested') return 'requested';
  return 'none';
}

function renderReceipts() {
  const s = state.session;
  const receipts = (s && s.receipts ? s.receipts.slice() : []).reverse();
  $('receipts-empty').hidden = receipts.length > 0;
  const box = clear($('receipts'));
  if (receipts.length === 0) return;
  const head = h('tr', null,
    ['receipts.number', 'receipts.time', 'receipts.account', 'receipts.payer', 'receipts.amount', 'receipts.tenders', 'receipts.status', 'receipts.actions']
      .map((k, i) => h('th', { scope: 'col', class: i === 4 ? 'num' : null, i18n: k })));
  const body = h('tbody');
  for (const r of receipts) {
    const n = r.number;
    const vs = voidState(r);
    const paper = `${SESSIONS}${enc(s.id)}/receipts/${n}?format=html`;
    const actions = h('td', null,
      h('a', { id: `receipt-link-${n}`, href: paper, target: '_blank', rel: 'noopener', i18n: 'receipts.print' }));
    if (vs === 'voided') {
      actions.append(' ', h('a', { href: paper + '&void=1', target: '_blank', rel: 'noopener', i18n: 'receipts.void_paper' }));
    } else if (vs === 'none' && s.status === 'open') {
      const reason = h('input', { id: `void-reason-${n}`, name: 'reason', required: true, autocomplete: 'off', placeholderKey: 'void.reason', labelKey: 'void.reason', size: 18 });
      const form = h('form', { class: 'inline', id: `void-form-${n}`, novalidate: true },
        reason, h('button', { type: 'submit', id: `void-request-${n}`, class: 'secondary', i18n: 'void.ask' }));
      form.addEventListener('submit', (e) => {
        e.preventDefault();
        askVoid(form, n, reason.value.trim());
      });
      actions.append(' ', form);
    }
    if (vs === 'requested' && s.status === 'open') {
      actions.append(' ', h('button', {
        type: 'button', id: `void-here-open-${n}`, class: 'secondary', i18n: 'void.here_open',
        'aria-expanded': state.approveHere === n ? 'true' : 'false', 'aria-controls': `void-here-form-${n}`,
        onclick: () => openApproveHere(n),
      }));
    }
    const status = vs === 'none' ? '' : h('span', { class: 'pill ' + vs, i18n: 'void.' + vs });
    if (vs !== 'none' && r.void && r.void.request_reason) status.title = r.void.request_reason;
    body.append(h('tr', { id: `receipt-row-${n}`, testid: `receipt-row-${n}` },
      h('td', { text: n }),
      h('td', { text: fmtTime(r.recorded_at_us) }),
      h('td', { text: customerId(r.account) }),
      h('td', { text: r.payer_name || '' }),
      h('td', { class: 'num', text: fmtMoney(r.amount) }),
      h('td', { text: (r.tenders || []).map((x) => tv('tender_type', x.type)).join(', ') }),
      h('td', null, status),
      actions));
    if (vs === 'requested' && s.status === 'open' && state.approveHere === n) {
      body.append(h('tr', { id: `void-here-row-${n}` }, h('td', { colspan: 8 }, approveHereForm(n))));
    }
  }
  box.append(h('table', { class: 'data', id: 'receipts-table' }, h('thead', null, head), body));
}

// ---------------------------------------------------------------- a supervisor approves here

// The supervisor types their name and password (or their token) on the cashier's screen. The
// password is only ever in the form's field and the one request; it is emptied whatever the
// answer, and the form is in the receipt's own row, so Tab goes name, password, token, reason,
// approve, cancel, and Enter approves.
function approveHereForm(n) {
  const field = (id, key, props) => h('label', { for: id }, h('span', { i18n: key }), ' ',
    h('input', Object.assign({ id, autocomplete: 'off' }, props)));
  const form = h('form', { class: 'inline', id: `void-here-form-${n}`, novalidate: true },
    h('strong', { i18n: 'void.here_title', args: { n } }), ' ',
    field(`void-here-name-${n}`, 'void.here_name', { name: 'name', size: 14, autocapitalize: 'none', spellcheck: 'false' }), ' ',
    field(`void-here-password-${n}`, 'void.here_password', { name: 'password', type: 'password', size: 14 }), ' ',
    field(`void-here-token-${n}`, 'void.here_token', { name: 'token', type: 'password', size: 14 }), ' ',
    field(`void-here-reason-${n}`, 'void.here_reason', { name: 'reason', size: 18 }), ' ',
    h('button', { type: 'submit', id: `void-here-submit-${n}`, i18n: 'void.here_submit' }), ' ',
    h('button', { type: 'button', id: `void-here-cancel-${n}`, class: 'secondary', i18n: 'void.here_cancel', onclick: () => closeApproveHere(n) }));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    approveHere(form, n);
  });
  return form;
}

function openApproveHere(n) {
  state.approveHere = n;
  renderReceipts();
  $(`void-here-name-${n}`).focus();
}

function closeApproveHere(n) {
  state.approveHere = null;
  renderReceipts();
  const back = $(`void-here-open-${n}`);
  if (back) back.focus();
}

async function approveHere(form, n) {
  const name = $(`void-here-name-${n}`).value.trim();
  const passwordInput = $(`void-here-password-${n}`);
  const tokenInput = $(`void-here-token-${n}`);
  const supervisor = name ? { name, password: passwordInput.value } : { token: tokenInput.value.trim() };
  passwordInput.value = '';
  tokenInput.value = '';
  if (name ? !supervisor.password : !supervisor.token) {
    showError(t('void.here_needed'));
    $(name ? `void-here-password-${n}` : `void-here-name-${n}`).focus();
    return;
  }
  const reason = $(`void-here-reason-${n}`).value.trim();
  const path = `${SESSIONS}${enc(state.session.id)}/receipts/${n}/void-here`;
  // The retry signature leaves the secret out: it is kept until the server answers.
  const done = await run(form, () => api.post(path, { reason, supervisor },
    { slot: 'void-here-' + n, sig: path + '\n' + reason + '\n' + (name || 'token') }));
  if (!done) {
    passwordInput.focus();
    return;
  }
  state.approveHere = null;
  const who = (done.void && done.void.approved_by) || name;
  await reloadSession();
  notify('void.here_done', { n, who });
  const link = $(`receipt-link-${n}`);
  if (link) link.focus();
}

async function askVoid(form, n, reason) {
  if (!reason) {
    showError(t('void.reason_needed'));
    $(`void-reason-${n}`).focus();
    return;
  }
  const done = await run(form, () =>
    api.post(`${SESSIONS}${enc(state.session.id)}/receipts/${n}/void-request`, { reason }, { slot: 'void-' + n }));
  if (done) {
    notify('void.asked', { n });
    await reloadSession();
  }
}

async function reloadSession() {
  if (!state.session) return;
  try {
    state.session = await api.get(SESSIONS + enc(state.session.id));
    renderSession();
  } catch (err) {
    showError(err);
  }
}

// ---------------------------------------------------------------- finding the account

// Enter (submit) and leaving the field (change) both look up; a lookup of the same text is
// done once, and only the newest lookup's answer is shown.
let findSeq = 0;

async function find() {
  const q = $('pay-account').value.trim();
  if (q && q === state.query && (state.account || state.found.length > 0 || state.finding)) return;
  const seq = ++findSeq;
  state.query = q;
  state.finding = true;
  state.account = null;
  state.found = [];
  renderAccount();
  clear($('pay-results'));
  if (!q) {
    showError(t('pay.account_needed'));
    $('pay-account').focus();
    return;
  }
  let account = null;
  let found = [];
  try {
    if (/^[0-9]+$/.test(q)) {
      try {
        account = await api.get('/api/v1/accounts/' + enc(q) + '?limit=1');
      } catch (err) {
        if (err.status !== 404) throw err;
        // Not a whole account number: the accounts that start so.
        found = (await api.get('/api/v1/search' + qs({ customer: q, limit: 10 }))).accounts || [];
      }
    } else {
      // By name or address: GET /api/v1/search?name= (see api/web/README.md: not in the API yet).
      try {
        found = (await api.get('/api/v1/search' + qs({ name: q, limit: 10 }))).accounts || [];
      } catch (err) {
        if (err.status !== 400 && err.status !== 404) throw err;
        if (seq === findSeq) showError(t('search.name_unavailable'));
        return;
      }
    }
  } catch (err) {
    if (seq === findSeq) showError(err);
    return;
  } finally {
    if (seq === findSeq) state.finding = false;
  }
  if (seq !== findSeq) return;
  state.account = account;
  state.found = found;
  renderAccount();
  renderFound();
  if (state.account) {
    prefillAmount();
  } else if (state.found.length > 0) {
    const first = document.querySelector('#pay-results button');
    if (first) first.focus();
  } else {
    showError(t('pay.no_account', { q }));
  }
}

function renderFound() {
  const box = clear($('pay-results'));
  if (state.found.length === 0) return;
  const list = h('ul', { id: 'pay-results-list' });
  for (const a of state.found) {
    const id = customerId(a.account);
    const b = h('button', { type: 'button', class: 'secondary', testid: 'pay-result' },
      id, a.name ? ' · ' + a.name : '', a.address ? ' · ' + a.address : '', ' · ', fmtMoney(a.balance));
    b.addEventListener('click', () => {
      $('pay-account').value = id;
      find();
    });
    list.append(h('li', null, b));
  }
  box.append(h('p', { i18n: 'pay.choose' }), list);
}

function renderAccount() {
  const box = clear($('pay-account-info'));
  const a = state.account;
  if (!a) return;
  const owed = decimalToCents(a.balance);
  box.append(h('p', null,
    h('span', { i18n: 'pay.found' }), ' ', h('strong', { id: 'pay-found-account', text: customerId(a.account) }),
    a.name ? ' · ' + a.name : '', ' · ',
    h('span', { i18n: owed !== null && owed < 0n ? 'pay.credit' : 'pay.owes' }), ' ',
    h('strong', { id: 'pay-balance', class: 'big', text: fmtMoney(owed !== null && owed < 0n ? -owed : a.balance) })));
}

// What is owed, as the amount to pay, selected so typing replaces it; an amount the cashier
// already typed is kept, and focus moves only if it is still on the lookup.
function prefillAmount() {
  const owed = decimalToCents(state.account && state.account.balance);
  const amount = $('pay-amount');
  const typed = amount.value.trim() !== '' && amount.value !== state.prefilled;
  if (!typed) {
    amount.value = owed !== null && owed > 0n ? centsToDecimal(owed) : '';
    state.prefilled = amount.value;
  }
  updateTotals();
  const here = document.activeElement;
  if (!here || here === document.body || here.id === 'pay-account' || here.id === 'pay-find' || here.closest('#pay-results')) {
    amount.focus();
    if (!typed) amount.select();
  }
}

// ---------------------------------------------------------------- payment

const TENDER_INPUTS = { cash: 'tender-cash', check: 'tender-check', money_order: 'tender-mo', card: 'tender-card' };

function tenderAmounts() {
  const out = {};
  for (const [type, id] of Object.entries(TENDER_INPUTS)) {
    const text = $(id).value.trim();
    if (text === '') continue;
    out[type] = parseAmount(text);
    if (out[type] === null) throw Object.assign(new ApiError(400, 'bad_amount', t('err.bad_amount')), { input: id });
  }
  return out;
}

function updateTotals() {
  let amount = parseAmount($('pay-amount').value) ?? 0n;
  let tendered = 0n;
  let cash = 0n;
  for (const [type, id] of Object.entries(TENDER_INPUTS)) {
    const v = parseAmount($(id).value);
    if (v === null) continue;
    tendered += v;
    if (type === 'cash') cash = v;
  }
  const change = tendered > amount && cash > 0n ? tendered - amount : 0n;
  const due = amount > tendered ? amount - tendered : 0n;
  $('pay-tendered').textContent = fmtMoney(tendered);
  $('pay-change').textContent = fmtMoney(change);
  $('pay-due').textContent = fmtMoney(due);
}

function fieldInput(field) {
  const m = /^tenders\[(\d+)\]\.(\w+)$/.exec(field || '');
  if (!m) return { account: 'pay-account', amount: 'pay-amount', payer_name: 'pay-payer', language: 'pay-language' }[field];
  const type = state.sentTenders[Number(m[1])];
  const name = m[2];
  if (name === 'amount') return TENDER_INPUTS[type];
  if (name === 'number') return type === 'money_order' ? 'mo-number' : 'check-number';
  return { routing_number: 'check-routing', account_number: 'check-account', card_last4: 'card-last4', auth_code: 'card-auth' }[name];
}

function markField(id) {
  const el = id && $(id);
  if (el) {
    el.setAttribute('aria-invalid', 'true');
    el.focus();
  }
}

async function pay(form) {
  clearError();
  const typed = $('pay-account').value.trim();
  const account = state.account && state.query === typed ? customerId(state.account.account) : typed;
  if (!account) {
    showError(t('pay.account_needed'));
    return markField('pay-account');
  }
  const amount = parseAmount($('pay-amount').value);
  if (amount === null || amount <= 0n) {
    showError(t('err.bad_amount'));
    return markField('pay-amount');
  }
  let amounts;
  try {
    amounts = tenderAmounts();
  } catch (err) {
    showError(err);
    return markField(err.input);
  }
  const tenders = [];
  for (const [type, cents] of Object.entries(amounts)) {
    const tender = { type, amount: centsToDecimal(cents) };
    if (type === 'check') {
      tender.number = $('check-number').value.trim();
      tender.routing_number = $('check-routing').value.trim();
      tender.account_number = $('check-account').value.trim();
    } else if (type === 'money_order') {
      tender.number = $('mo-number').value.trim();
    } else if (type === 'card') {
      tender.card_last4 = $('card-last4').value.trim();
      tender.auth_code = $('card-auth').value.trim();
      if (!/^[0-9]{4}$/.test(tender.card_last4)) {
        showError(t('tender.last4_needed'));
        return markField('card-last4');
      }
    }
    tenders.push(tender);
  }
  if (tenders.length === 0) {
    showError(t('pay.tender_needed'));
    return markField('tender-cash');
  }
  const body = { account, amount: centsToDecimal(amount), language: $('pay-language').value, tenders };
  const payer = $('pay-payer').value.trim();
  if (payer) body.payer_name = payer;
  state.sentTenders = tenders.map((x) => x.type);
  const answer = await run(form, async () => {
    try {
      return await api.post(SESSIONS + enc(state.session.id) + '/payments', body, { slot: 'payment' });
    } catch (err) {
      showError(err);
      markField(fieldInput(err.field));
      return undefined;
    }
  });
  if (!answer) return;
  state.lastPayment = answer;
  renderReceipt();
  resetPayment();
  notify('pay.done', { n: answer.receipt_number });
  $('receipt-print').focus();
  await reloadSession();
}

function renderReceipt() {
  const a = state.lastPayment;
  if (!a) return;
  const r = a.receipt || {};
  $('receipt').hidden = false;
  $('receipt-number').textContent = '#' + a.receipt_number;
  $('receipt-account').textContent = customerId(r.account);
  $('receipt-amount').textContent = fmtMoney(r.amount);
  $('receipt-change').textContent = fmtMoney(a.change);
  const tenders = clear($('receipt-tenders'));
  for (const x of r.tenders || []) {
    const detail = [tv('tender_type', x.type), fmtMoney(x.amount)];
    if (x.tendered) detail.push(t('receipt.tendered', { amount: fmtMoney(x.tendered) }));
    if (x.number) detail.push('#' + x.number);
    if (x.card_last4) detail.push('•••• ' + x.card_last4);
    if (x.auth_code) detail.push(t('receipt.auth', { code: x.auth_code }));
    tenders.append(h('div', { text: detail.join(' · ') }));
  }
  const links = a.links || {};
  $('receipt-print').href = links.html || `${SESSIONS}${enc(a.session)}/receipts/${a.receipt_number}?format=html`;
  $('receipt-text').href = links.text || `${SESSIONS}${enc(a.session)}/receipts/${a.receipt_number}?format=text`;
}

function resetPayment() {
  for (const id of ['pay-account', 'pay-amount', 'pay-payer', 'check-number', 'check-routing', 'check-account', 'mo-number', 'card-last4', 'card-auth', ...Object.values(TENDER_INPUTS)])
    $(id).value = '';
  $('pay-language').value = getLang();
  state.account = null;
  state.found = [];
  state.query = '';
  state.prefilled = '';
  renderAccount();
  clear($('pay-results'));
  updateTotals();
}

// ---------------------------------------------------------------- open and close

async function openDrawer(form) {
  const drawer = $('open-drawer').value.trim();
  if (!drawer) {
    showError(t('open.drawer_needed'));
    return markField('open-drawer');
  }
  const session = await run(form, () => {
    const float = gridCount($('open-grid'));
    if (Object.keys(float).length === 0) throw new ApiError(400, 'empty_count', t('err.empty_count'));
    return api.post('/api/v1/counter/drawers/' + enc(drawer) + '/open', { float }, { slot: 'open' });
  });
  if (!session) return;
  localStorage.setItem(DRAWER_KEY, drawer);
  resetGrid($('open-grid'), 'open-total');
  state.lastClose = null;
  $('close-result').hidden = true;
  $('receipt').hidden = true;
  notify('open.done', { session: session.id });
  showSession(session);
  $('pay-account').focus();
}

async function closeDrawer(form) {
  const answer = await run(form, () => {
    const cash = gridCount($('close-grid'));
    return api.post(SESSIONS + enc(state.session.id) + '/close', { cash }, { slot: 'close' });
  });
  if (!answer) return;
  resetGrid($('close-grid'), 'close-total');
  renderClose(answer);
  if (answer.status === 'closed') {
    notify('close.done');
    state.session = null;
    $('session-section').hidden = true;
    $('close-slip').focus();
  } else {
    await reloadSession();
    $('close-status').focus();
  }
}

function renderClose(answer) {
  state.lastClose = answer;
  const c = answer.count || {};
  $('close-result').hidden = false;
  const status = $('close-status');
  status.className = 'pill ' + answer.status;
  status.dataset.i18n = 'close.status.' + answer.status;
  status.textContent = t('close.status.' + answer.status);
  status.tabIndex = -1;
  $('close-expected').textContent = fmtMoney(c.expected);
  $('close-counted').textContent = fmtMoney(c.counted);
  const os = decimalToCents(c.over_short);
  const osEl = $('close-over-short');
  osEl.className = os === null || os === 0n ? '' : os > 0n ? 'over' : 'short';
  osEl.textContent = os === null ? '' : (os > 0n ? '+' : '') + fmtMoney(os) + (os === 0n ? '' : ' ' + t(os > 0n ? 'close.over' : 'close.short'));
  $('close-needs-signoff').hidden = answer.status !== 'needs_sign_off';
  $('close-done').hidden = answer.status !== 'closed';
  if (answer.status === 'closed') $('close-slip').href = SESSIONS + enc(answer.session) + '/deposit-slip?format=html';
}

// ---------------------------------------------------------------- start

async function findOpenSession() {
  const drawer = localStorage.getItem(DRAWER_KEY);
  if (drawer) {
    try {
      const d = await api.get('/api/v1/counter/drawers/' + enc(drawer));
      if (d.open_session) {
        const s = await api.get(SESSIONS + enc(d.open_session));
        if (s.cashier === user()) return s;
      }
    } catch (err) {
      if (err.status !== 404) showError(err);
    }
  }
  const today = await api.get('/api/v1/counter/sessions');
  const mine = (today.sessions || []).filter((s) => s.status === 'open' && s.cashier === user());
  return mine.length > 0 ? api.get(SESSIONS + enc(mine[0].id)) : null;
}

function wire() {
  buildGrid($('open-grid'), 'float', 'open-total');
  buildGrid($('close-grid'), 'count', 'close-total');
  $('open-form').addEventListener('submit', (e) => { e.preventDefault(); openDrawer(e.target); });
  $('close-form').addEventListener('submit', (e) => { e.preventDefault(); closeDrawer(e.target); });
  $('find-form').addEventListener('submit', (e) => { e.preventDefault(); find(); });
  // Tabbing out of a changed account number looks it up too.
  $('pay-account').addEventListener('change', () => {
    if ($('pay-account').value.trim()) find();
  });
  $('pay-form').addEventListener('submit', (e) => { e.preventDefault(); pay(e.target); });
  $('pay-form').addEventListener('input', updateTotals);
  digitsOnly($('card-last4'), 4, 'tender.last4_only');
  for (const id of ['check-number', 'check-routing', 'check-account', 'mo-number']) digitsOnly($(id), 17);
  $('receipt-next').addEventListener('click', () => { $('receipt').hidden = true; $('pay-account').focus(); });
  $('open-again').addEventListener('click', () => {
    state.lastClose = null;
    $('close-result').hidden = true;
    showOpen();
  });
  $('pay-language').value = getLang();
}

function rerender() {
  renderSession();
  renderAccount();
  renderFound();
  renderReceipt();
  if (state.lastClose) renderClose(state.lastClose);
  updateTotals();
}

wire();
const me = await initPage({ page: 'counter', need: ['counter_operate'], onLang: rerender });
if (me) {
  $('pay-language').value = getLang();
  try {
    const session = await findOpenSession();
    if (session) {
      showSession(session);
      $('pay-account').focus();
    } else {
      showOpen();
    }
  } catch (err) {
    showError(err);
    showOpen();
  }
}
