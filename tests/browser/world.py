"""A Tally office for the browser tests: a data folder with users and a day of files, `tally
serve` on a free port, the API as each person, and headless Chromium (Debian's, driven by
Debian's chromedriver of the same version through Selenium) signed in as each person.

Screenshots go to <artifacts>/screenshots/<lang>/<name>.png."""

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import uuid

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
SERVER_START_SECONDS = 30
WAIT_SECONDS = 10


def missing_tools():
    """What the browser tests need and this machine lacks, or None."""
    for path in (CHROMIUM, CHROMEDRIVER):
        if not os.path.exists(path):
            return f"{path} is not installed (deploy/install-deps.sh installs it)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "python3-selenium is not installed (deploy/install-deps.sh installs it)"
    return None


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Office:
    def __init__(self, tally, artifacts):
        self.tally_binary = tally
        self.artifacts = artifacts
        self.root = tempfile.mkdtemp(prefix="tally-browser-")
        self.data = os.path.join(self.root, "data")
        self.tokens = {}
        self.server = None
        self.port = None

    # ---- the CLI, alone on the data folder (before the server starts or after it stops)
    def tally(self, *args, check=True):
        run = subprocess.run([self.tally_binary, "--data-dir", self.data, *args], capture_output=True, text=True)
        if check and run.returncode != 0:
            raise AssertionError(f"tally {' '.join(args)} failed ({run.returncode}): {run.stdout}{run.stderr}")
        return run

    def add_user(self, name, role):
        added = json.loads(self.tally("users", "add", name, "--role", role, "--json").stdout)
        self.tokens[name] = added["token"]

    def ingest_demo_day(self, date):
        folder = os.path.join(self.root, "demo")
        self.tally("demo", "--out", folder, "--date", date)
        files = sorted(os.path.join(folder, f) for f in os.listdir(folder))
        self.tally("ingest", "--user", "setup", *files)

    def start(self):
        self.port = free_port()
        log = open(os.path.join(self.root, "serve.log"), "w")
        self.server = subprocess.Popen([self.tally_binary, "--data-dir", self.data, "serve", "--port", str(self.port)],
                                       stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + SERVER_START_SECONDS
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(self.url("/healthz"), timeout=1) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        raise AssertionError("tally serve did not start: " + open(os.path.join(self.root, "serve.log")).read())

    def stop(self):
        if self.server:
            self.server.terminate()
            self.server.wait(timeout=30)
            self.server = None

    def close(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    # ---- the API as a person (bearer token)
    def api(self, user, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(self.url(path), data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.tokens[user])
        if method != "GET":
            request.add_header("Idempotency-Key", str(uuid.uuid4()))
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                return r.status, json.loads(r.read() or b"{}")
        except urllib.error.HTTPError as e:
            text = e.read()
            try:
                return e.code, json.loads(text)
            except ValueError:
                return e.code, {"body": text.decode(errors="replace")}

    def balance_becomes(self, account, expected, seconds=10):
        """The account's balance once the server's ledger has posted what was logged: `expected`,
        or what it still is after `seconds`."""
        deadline = time.time() + seconds
        value = self.balance(account)
        while value != expected and time.time() < deadline:
            time.sleep(0.1)
            value = self.balance(account)
        return value

    def balance(self, account):
        status, body = self.api("fin", "GET", "/api/v1/accounts/" + urllib.request.quote(account, safe=""))
        assert status == 200, (account, status, body)
        return body["balance_minor"] if "balance_minor" in body else body["balance"]


class Browser:
    """One person's browser: its own profile, so its own cookies."""

    def __init__(self, office, shots_as=None):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--window-size=1280,1000", "--lang=en-US"):
            options.add_argument(arg)
        self.driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        self.driver.implicitly_wait(0)
        self.office = office

    def quit(self):
        self.driver.quit()

    def go(self, path):
        self.driver.get(self.office.url(path))

    def sign_in(self, user):
        self.go("/web/signin")
        self.type("signin-token", self.office.tokens[user], enter=True)
        self.wait(lambda d: "/web/signin" not in d.current_url, f"{user} signed in")

    def wait(self, condition, what, seconds=WAIT_SECONDS):
        from selenium.webdriver.support.ui import WebDriverWait

        try:
            return WebDriverWait(self.driver, seconds).until(condition)
        except Exception as e:
            error = self.text_of("error") if self.exists("error") else ""
            raise AssertionError(f"waiting for {what}: {e.__class__.__name__}; page {self.driver.current_url}; "
                                 f"#error says: {error!r}") from None

    def element(self, element_id):
        from selenium.webdriver.common.by import By

        return self.wait(lambda d: d.find_element(By.ID, element_id) if d.find_elements(By.ID, element_id) else None,
                         f"#{element_id}")

    def visible(self, element_id):
        from selenium.webdriver.common.by import By

        def shown(d):
            found = d.find_elements(By.ID, element_id)
            return found[0] if found and found[0].is_displayed() else None

        return self.wait(shown, f"#{element_id} shown")

    def shown(self, element_id):
        """Whether the element is on the page and displayed, now (no waiting)."""
        from selenium.webdriver.common.by import By

        from selenium.common.exceptions import StaleElementReferenceException

        try:
            found = self.driver.find_elements(By.ID, element_id)
            return bool(found) and found[0].is_displayed()
        except StaleElementReferenceException:  # the page re-rendered it just now: look again
            return self.shown(element_id)

    def exists(self, element_id):
        from selenium.webdriver.common.by import By

        return bool(self.driver.find_elements(By.ID, element_id))

    def text_of(self, element_id):
        return self.element(element_id).text

    def type(self, element_id, text, enter=False):
        from selenium.webdriver.common.keys import Keys

        e = self.visible(element_id)
        e.clear()
        e.send_keys(text + (Keys.ENTER if enter else ""))
        return e

    def click(self, element_id):
        self.visible(element_id).click()

    def keys(self, *keys):
        """Keys to whatever has the focus: the keyboard alone, as the counter works."""
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.driver).send_keys(*keys).perform()

    def focused_id(self):
        return self.driver.switch_to.active_element.get_attribute("id")

    def wait_text(self, element_id, predicate, what):
        def ok(d):
            try:
                return predicate(self.text_of(element_id))
            except Exception:
                return False

        return self.wait(ok, what)

    def screenshot(self, name, lang="en"):
        folder = os.path.join(self.office.artifacts, "screenshots", lang)
        os.makedirs(folder, exist_ok=True)
        self.driver.save_screenshot(os.path.join(folder, name + ".png"))


def set_password(office, name, password):
    """`tally users password NAME` with the password as the one line of its stdin (never on the
    command line); with the server running the CLI goes to it."""
    run = subprocess.run([office.tally_binary, "--data-dir", office.data, "users", "password", name],
                         input=password + "\n", capture_output=True, text=True)
    if run.returncode != 0:
        raise AssertionError(f"tally users password {name} failed ({run.returncode}): {run.stdout}{run.stderr}")
    return run


def sign_in_with_password(browser, name, password):
    """Signs `browser` in through the name and password form, by keyboard: name, Tab, password,
    Enter."""
    from selenium.webdriver.common.keys import Keys

    browser.go("/web/signin")
    browser.visible("signin-name").send_keys(name)
    browser.keys(Keys.TAB, password, Keys.ENTER)
    browser.wait(lambda d: "/web/signin" not in d.current_url, f"{name} signed in with a password")
