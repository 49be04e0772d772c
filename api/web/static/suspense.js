// Suspense: payments that named no known account, with what they said (payer, reference,
// check number, remittance); apply one to a customer account. An account that never had a bill
// needs a confirmation (the API answers 409 ledger.needs_confirmation; the row then shows a
// checkbox and the apply is sent again with confirm_new_account).
//
// API: GET /api/v1/suspense?limit=, POST /api/v1/suspense/{payment_id}/apply {"account", "confirm_new_account"}.
import { initPage, api, h, clear, $, t, tv, enc, run, notify, showError, can, fmtMoney, shortId, table } from './common.js';
import './i18n-billing.js';

let payments = [];
const needsConfirm = new Set();  // payment ids whose account must be confirmed as new

async function load() {
  try {
    payments = (await api.get('/api/v1/suspense?limit=1000')).payments || [];
  } catch (err) {
    showError(err);
    return;
  }
  render();
}

function applyForm(p) {
  const id = p.event_id;
  const account = h('input', { id: `apply-account-${id}`, name: 'account', autocomplete: 'off', inputmode: 'numeric', size: 10, placeholderKey: 'suspense.account', labelKey: 'suspense.account' });
  const confirm = h('input', { type: 'checkbox', id: `apply-confirm-${id}`, name: 'confirm_new_account' });
  const confirmLabel = h('label', { for: confirm.id, class: 'check', hidden: !needsConfirm.has(id) }, confirm, ' ', h('span', { i18n: 'suspense.confirm_new' }));
  const form = h('form', { class: 'inline', id: `apply-form-${id}`, novalidate: true },
    account, confirmLabel, h('button', { type: 'submit', id: `apply-${id}`, i18n: 'suspense.apply' }));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const to = account.value.trim();
    if (!to) {
      showError(t('suspense.account_needed'));
      account.focus();
      return;
    }
    const body = { account: to };
    if (confirm.checked) body.confirm_new_account = true;
    const done = await run(form, async () => {
      try {
        return await api.post(`/api/v1/suspense/${enc(id)}/apply`, body, { slot: 'apply-' + id });
      } catch (err) {
        if (err.code === 'ledger.needs_confirmation') {
          needsConfirm.add(id);
          confirmLabel.hidden = false;
          confirm.focus();
        }
        throw err;
      }
    });
    if (done) {
      needsConfirm.delete(id);
      notify('suspense.applied', { amount: fmtMoney(done.amount), account: done.applied_to });
      await load();
    }
  });
  return form;
}

function render() {
  const box = clear($('suspense'));
  $('suspense-empty').hidden = payments.length > 0;
  if (payments.length === 0) return;
  const mayApply = can('suspense_apply');
  const columns = [{ key: 'common.date' }, { key: 'receipts.amount', cls: 'num' }, { key: 'suspense.channel' }, { key: 'receipts.payer' },
    { key: 'suspense.reference' }, { key: 'tender.check_number' }, { key: 'suspense.remittance' }, { key: 'account.event' }];
  if (mayApply) columns.push({ key: 'suspense.apply_to' });
  box.append(table(columns, payments.map((p) => {
    const row = h('tr', { id: `suspense-row-${p.event_id}`, testid: 'suspense-row' },
      h('td', { text: p.business_date }),
      h('td', { class: 'num', text: fmtMoney(p.amount) }),
      h('td', { text: tv('channel', p.channel) }),
      h('td', { text: p.payer_name || '' }),
      h('td', { text: p.reference || '' }),
      h('td', { text: p.check_number || '' }),
      h('td', { text: p.remittance || '' }),
      h('td', { class: 'mono', title: p.event_id, text: shortId(p.event_id) }));
    if (mayApply) row.append(h('td', null, applyForm(p)));
    return row;
  }), { id: 'suspense-table' }));
}

$('suspense-refresh').addEventListener('click', load);
const me = await initPage({ page: 'suspense', need: ['read'], onLang: render });
if (me) await load();
