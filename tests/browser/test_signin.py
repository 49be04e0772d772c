"""Signing in with a name and password, and a supervisor approving a void on the cashier's own
screen (api/web/README.md lists the ids). One office of its own: a cashier, a supervisor and
finance, each with a password set by `tally users password`. In order:
  1. the sign-in page offers name and password beside the token (screenshots, en and es); a
     wrong password is refused like a wrong token;
  2. the cashier signs in with her password, takes a payment and asks to void it; the
     supervisor, at her screen, is refused with a wrong password and then approves it by
     keyboard alone; the page and the books (the customer's balance, the void's approver) show it.
Run by run.py (ctest), which skips, saying why, on a machine without Chromium."""

import datetime
import unittest

from world import Browser, Office, set_password, sign_in_with_password

office = None
TODAY = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
PASSWORDS = {"ana": "ana's counter password", "sam": "sam's supervisor password", "fin": "fin's finance password"}


def setUpModule():
    global office
    import run

    office = Office(run.TALLY, run.ARTIFACTS)
    for name, role in (("ana", "cashier"), ("sam", "supervisor"), ("fin", "finance")):
        office.add_user(name, role)
        set_password(office, name, PASSWORDS[name])
    office.ingest_demo_day(TODAY)
    office.start()


def tearDownModule():
    office.close()


class SignIn(unittest.TestCase):
    def setUp(self):
        self.browsers = []

    def tearDown(self):
        for b in self.browsers:
            b.quit()

    def browser(self):
        b = Browser(office)
        self.browsers.append(b)
        return b

    def test_1_the_sign_in_page_offers_a_password_and_refuses_a_wrong_one(self):
        from selenium.webdriver.support.ui import Select

        b = self.browser()
        b.go("/web/signin")
        for field in ("signin-password-form", "signin-name", "signin-password", "signin-password-submit",
                      "signin-form", "signin-token", "signin-submit"):
            b.visible(field)
        self.assertEqual(b.element("signin-password").get_attribute("type"), "password")
        self.assertEqual(b.focused_id(), "signin-name")
        b.screenshot("signin-password")
        Select(b.element("lang-select")).select_by_value("es")
        b.wait_text("signin-password-submit", lambda t: t == "Iniciar sesión", "the page in Spanish")
        self.assertIn("contraseña", b.driver.find_element("tag name", "body").text)
        b.screenshot("signin-password", "es")
        Select(b.element("lang-select")).select_by_value("en")
        b.wait_text("signin-password-submit", lambda t: t == "Sign in", "the page in English again")

        # A wrong password: back to the page with the same words as a wrong token, no session.
        b.type("signin-name", "ana")
        b.type("signin-password", "not her password", enter=True)
        b.wait(lambda d: "error=1" in d.current_url, "a wrong password is refused")
        refused = b.text_of("error")
        self.assertIn("not accepted", refused)
        self.assertEqual(b.driver.get_cookies(), [])
        b.type("signin-token", "tally_0000000000000000_" + "0" * 64, enter=True)
        b.wait(lambda d: "error=1" in d.current_url and b.text_of("error") == refused,
               "a wrong token says the same")
        b.screenshot("signin-password-refused")
        b.go("/web/counter")
        b.wait(lambda d: "/web/signin" in d.current_url, "still not signed in")

    def test_2_a_supervisor_approves_a_void_on_the_cashiers_screen(self):
        from selenium.webdriver.common.keys import Keys

        ana = self.browser()
        sign_in_with_password(ana, "ana", PASSWORDS["ana"])
        ana.go("/web/counter")
        ana.type("open-drawer", "P1")
        for cents, pieces in (("2000", "3"), ("1000", "2"), ("500", "2"), ("100", "10")):
            ana.type("float-" + cents, pieces)
        ana.click("open-submit")
        ana.wait_text("session-id", lambda t: t.startswith("P1-"), "the session is open")
        session = ana.text_of("session-id")

        owed = office.balance("customer:100001")
        ana.type("pay-account", "100001", enter=True)
        ana.wait(lambda d: ana.focused_id() == "pay-amount", "the lookup of 100001")
        ana.type("pay-amount", "40.00")
        ana.type("tender-cash", "40.00")
        ana.click("pay-submit")
        ana.wait_text("receipt-number", lambda t: t.strip().endswith("1"), "receipt 1")
        self.assertEqual(office.balance_becomes("customer:100001", owed - 4000), owed - 4000)

        ana.type("void-reason-1", "wrong account")
        ana.click("void-request-1")
        ana.visible("void-here-open-1")

        # Screenshots of the approve-here form in both languages (the cashier's language).
        for lang in ("es", "en"):
            status, _ = office.api("ana", "POST", "/api/v1/me/language", {"language": lang})
            self.assertEqual(status, 200)
            ana.go("/web/counter")
            ana.wait(lambda d: d.execute_script("return document.documentElement.lang") == lang, f"the counter in {lang}")
            ana.visible("void-here-open-1").send_keys(Keys.ENTER)
            ana.visible("void-here-form-1")
            ana.screenshot("counter-approve-here", lang)

        # The form opened by keyboard: the name has the focus; Tab goes password, token, reason.
        self.assertEqual(ana.focused_id(), "void-here-name-1")
        ana.keys("sam", Keys.TAB)
        self.assertEqual(ana.focused_id(), "void-here-password-1")
        ana.keys("not sam's password", Keys.TAB)
        self.assertEqual(ana.focused_id(), "void-here-token-1")
        ana.keys(Keys.TAB)
        self.assertEqual(ana.focused_id(), "void-here-reason-1")
        ana.keys("customer asked", Keys.ENTER)
        ana.wait_text("error", lambda t: "not accepted" in t, "a wrong password is refused")
        self.assertEqual(ana.element("void-here-password-1").get_attribute("value"), "")
        self.assertEqual(ana.focused_id(), "void-here-password-1")
        self.assertIn("requested", ana.text_of("receipt-row-1").lower())
        self.assertEqual(office.balance("customer:100001"), owed - 4000)
        ana.screenshot("counter-approve-here-refused")

        # The right password, typed where the focus already is; Enter approves.
        ana.keys(PASSWORDS["sam"], Keys.ENTER)
        ana.wait_text("notice", lambda t: "approved by sam" in t, "the void is approved")
        ana.wait(lambda d: not ana.exists("void-here-form-1"), "the form is gone")
        self.assertFalse(ana.exists("void-here-open-1"))
        self.assertIn("voided", ana.text_of("receipt-row-1").lower())
        ana.screenshot("counter-approved-here")
        # The supervisor got no session in this browser: it is still the cashier's.
        me = ana.driver.execute_async_script("""
            const done = arguments[0];
            fetch('/api/v1/me', {credentials: 'same-origin'}).then(r => r.json()).then(j => done(j.user));""")
        self.assertEqual(me, "ana")

        # The books: the payment undone, the void the supervisor's, asked by the cashier.
        self.assertEqual(office.balance_becomes("customer:100001", owed), owed)
        status, shown = office.api("fin", "GET", f"/api/v1/counter/sessions/{session}")
        self.assertEqual(status, 200)
        void = shown["receipts"][0]["void"]
        self.assertEqual(void["state"], "approved")
        self.assertEqual(void["approved_by"], "sam")
        self.assertEqual(void["requested_by"], "ana")
        self.assertEqual(void["approval_reason"], "customer asked")


if __name__ == "__main__":
    unittest.main()
