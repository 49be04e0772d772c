// Sign-in: a plain form POSTing `token` to /web/signin (form-encoded); the server answers with
// the session cookie and sends the person on, or back here with ?error=1. ?expired=1: the
// session ended (signed out elsewhere, idle timeout). The language is the browser's until the
// person is known; the choice here is kept in this browser only.
import { setLang, t, $ } from './common.js';

const stored = localStorage.getItem('tally.lang');
const browser = (navigator.language || 'en').toLowerCase().startsWith('es') ? 'es' : 'en';
setLang(stored || browser);

const params = new URLSearchParams(location.search);
const box = $('error');
if (params.has('error')) {
  box.dataset.i18n = 'signin.failed';
  box.textContent = t('signin.failed');
  box.hidden = false;
} else if (params.has('expired')) {
  box.dataset.i18n = 'signin.expired';
  box.textContent = t('signin.expired');
  box.hidden = false;
}

$('lang-select').addEventListener('change', (e) => {
  localStorage.setItem('tally.lang', e.target.value);
  setLang(e.target.value);
});

$('signin-form').addEventListener('submit', (e) => {
  if (!$('signin-token').value) {
    e.preventDefault();
    box.dataset.i18n = 'signin.empty';
    box.textContent = t('signin.empty');
    box.hidden = false;
    $('signin-token').focus();
  }
});
