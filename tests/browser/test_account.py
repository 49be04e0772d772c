"""The billing technician's account page in headless Chromium: a customer found by name, the
page showing where each line came from (file and line), the autopay status, a returned
payment with its letter in English and in Spanish. Screenshots of the page and both letters.
Run by run.py (ctest), which skips, saying why, on a machine without Chromium."""

import datetime
import unittest
import urllib.parse

from world import Browser, Office

office = None
TODAY = datetime.datetime.now(datetime.timezone.utc).date().isoformat()


def setUpModule():
    global office
    import run

    office = Office(run.TALLY, run.ARTIFACTS)
    for name, role in (("bea", "billing"), ("fin", "finance")):
        office.add_user(name, role)
    office.ingest_demo_day(TODAY)
    office.start()


def tearDownModule():
    office.close()


def a_returned_customer():
    """A customer of the demo day whose autopay debit came back R01 (so with a fee and a letter)."""
    status, listed = office.api("bea", "GET", "/api/v1/accounts?prefix=customer:&limit=1000")
    assert status == 200, listed
    for a in listed["accounts"]:
        status, detail = office.api("bea", "GET", "/api/v1/accounts/" + a["account"][len("customer:"):])
        if status == 200 and any(r["return_code"] == "R01" for r in detail.get("returns", [])):
            return detail
    raise AssertionError("the demo day has an R01 return")


class AccountPage(unittest.TestCase):
    def test_technician_finds_a_customer_by_name_and_prints_the_return_letter(self):
        detail = a_returned_customer()
        customer = detail["account"][len("customer:"):]
        surname = detail["name"].split()[-1]
        b = Browser(office)
        try:
            b.sign_in("bea")
            b.go("/web/accounts")
            b.type("acct-search", surname, enter=True)
            table = b.visible("acct-results-table")
            self.assertIn(customer, table.text)
            b.screenshot("account-search")
            b.go("/web/accounts/" + customer)
            returns = b.visible("acct-returns-table")
            self.assertIn("R01", returns.text)
            # The balance is what the books say: the bill, less the payment, plus it back and the fee.
            self.assertEqual(b.text_of("acct-balance").split()[0].replace(",", "").lstrip("$"), detail["balance"])
            self.assertIn(surname, b.text_of("acct-name"))
            history = b.visible("acct-history-table").text
            self.assertIn(".ach", history)  # the debit's and the return's file
            self.assertRegex(history, r"line \d+")
            self.assertIn("Enrolled", b.text_of("acct-autopay"))
            b.visible("acct-notices")
            b.screenshot("account-returned")

            from selenium.webdriver.common.by import By

            letters = {link.get_attribute("data-testid"): link.get_attribute("href")
                       for link in b.driver.find_elements(By.CSS_SELECTOR, "#acct-returns-table a")}
            self.assertIn("letter-es", letters)
            for lang, words in (("en", "insufficient funds"), ("es", "Fondos insuficientes")):
                b.driver.get(letters["letter-" + lang])
                body = b.wait(lambda d: d.find_element(By.TAG_NAME, "body").text, "the letter")
                self.assertIn(words, body)
                self.assertIn("25.00", body)  # the NSF fee
                b.screenshot("return-letter", lang)
        finally:
            b.quit()


if __name__ == "__main__":
    unittest.main()
