// Adjustments: ask for one (account, signed amount, reason); it moves no money until another
// person approves it. The pending ones, with approve for those who may (not one's own).
//
// API: GET /api/v1/adjustments ({"pending": [...]}), POST /api/v1/adjustments
// {"account", "amount", "reason"}, POST /api/v1/adjustments/{id}/approve {}.
import {
  initPage, api, h, clear, $, t, enc, run, notify, showError, can, user,
  parseAmount, centsToDecimal, fmtMoney, fmtTime, customerId, table,
} from './common.js';
import './i18n-billing.js';

let pending = [];

async function load() {
  try {
    pending = (await api.get('/api/v1/adjustments')).pending || [];
  } catch (err) {
    showError(err);
    return;
  }
  render();
}

function render() {
  const box = clear($('adj-pending'));
  $('adj-empty').hidden = pending.length > 0;
  if (pending.length === 0) return;
  const mayApprove = can('adjust_approve');
  box.append(table(
    [{ key: 'common.date' }, { key: 'receipts.account' }, { key: 'receipts.amount', cls: 'num' }, { key: 'adjustments.reason' },
      { key: 'adjustments.requested_by' }, { key: 'receipts.time' }, { key: 'receipts.actions' }],
    pending.map((a) => {
      let action = '';
      if (mayApprove && a.requested_by !== user()) {
        const form = h('form', { class: 'inline', id: `adj-approve-form-${a.request_id}`, novalidate: true },
          h('button', { type: 'submit', id: `adj-approve-${a.request_id}`, i18n: 'adjustments.approve' }));
        form.addEventListener('submit', async (e) => {
          e.preventDefault();
          const done = await run(form, () => api.post(`/api/v1/adjustments/${enc(a.request_id)}/approve`, {}, { slot: 'approve-' + a.request_id }));
          if (done) {
            notify('adjustments.approved', { account: customerId(done.account), amount: fmtMoney(done.amount) });
            await load();
          }
        });
        action = form;
      } else if (a.requested_by === user()) {
        action = h('span', { class: 'muted', i18n: 'adjustments.own' });
      }
      return h('tr', { id: `adj-row-${a.request_id}`, testid: 'adj-row' },
        h('td', { text: a.business_date }),
        h('td', null, h('a', { href: '/web/accounts/' + enc(customerId(a.account)), text: customerId(a.account) })),
        h('td', { class: 'num', text: fmtMoney(a.amount) }),
        h('td', { text: a.reason }),
        h('td', { text: a.requested_by }),
        h('td', { text: fmtTime(a.recorded_at_us, true) }),
        h('td', null, action));
    }), { id: 'adj-table' }));
}

function preview() {
  const cents = parseAmount($('adj-amount').value, { allowNegative: true });
  const p = $('adj-preview');
  if (cents === null || cents === 0n) {
    p.textContent = '';
    return;
  }
  p.textContent = t(cents > 0n ? 'adjustments.raises' : 'adjustments.lowers', { amount: fmtMoney(cents < 0n ? -cents : cents) });
}

async function request(form) {
  const account = $('adj-account').value.trim();
  const cents = parseAmount($('adj-amount').value, { allowNegative: true });
  const reason = $('adj-reason').value.trim();
  if (!account) return showError(t('pay.account_needed'), form), $('adj-account').focus();
  if (cents === null || cents === 0n) return showError(t('err.bad_amount')), $('adj-amount').focus();
  if (!reason) return showError(t('adjustments.reason_needed')), $('adj-reason').focus();
  const done = await run(form, () => api.post('/api/v1/adjustments', { account, amount: centsToDecimal(cents), reason }, { slot: 'adjust' }));
  if (done) {
    form.reset();
    preview();
    notify('adjustments.sent', { account: customerId(done.account) });
    await load();
  }
}

$('adj-form').addEventListener('submit', (e) => { e.preventDefault(); request(e.target); });
$('adj-amount').addEventListener('input', preview);
const me = await initPage({ page: 'adjustments', need: ['read'], onLang: () => { render(); preview(); } });
if (me) {
  $('adj-request-section').hidden = !can('adjust_request');
  const account = new URLSearchParams(location.search).get('account');
  if (account) $('adj-account').value = account;
  await load();
  if (!$('adj-request-section').hidden) (account ? $('adj-amount') : $('adj-account')).focus();
}
