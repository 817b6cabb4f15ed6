#!/usr/bin/env python3
"""Drives the SynthForge web UI in headless Chromium, as a user would, and saves a screenshot of
each step.

    ui_test.py --url http://127.0.0.1:8080 --password PASSWORD --screenshots DIR [--steps login,dashboard,...]

Steps, in order (each needs the ones before it; `login` always runs first):
  login      sign in on /login with the admin's email and password; the dashboard opens
  dashboard  every part of the dashboard finishes loading (figures or a message saying why not)
  pages      every tab of the navigation opens its page, which finishes loading
  build      the dataset builder makes a dataset of 200 records; the live progress bar reaches
             200 of 200 and the job's status reads "succeeded"
  dataset    the builder's link opens the dataset: 200 records, and its records table fills
  review     the review portal shows a pending record; the `a` key approves it, and the API then
             has that record approved
  export     the dataset page's JSONL export button downloads a file of 200 records

Any step also fails when the page logs a script error or a Content-Security-Policy violation.
Prints one line per step and a summary; exits 0 only when every step asked for passed.
"""

import argparse
import json
import os
import sys
import time
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

STEPS = ["login", "dashboard", "pages", "build", "dataset", "review", "export"]
RECORDS = 200


class StepFailed(Exception):
    pass


class UITest:
    def __init__(self, url, email, password, screenshots):
        self.url = url.rstrip("/")
        self.email = email
        self.password = password
        self.screenshots = screenshots
        self.downloads = os.path.join(screenshots, "downloads")
        os.makedirs(self.downloads, exist_ok=True)
        options = webdriver.ChromeOptions()
        options.binary_location = "/usr/lib/chromium/chromium"
        for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
            options.add_argument(argument)
        options.add_experimental_option(
            "prefs", {"download.default_directory": self.downloads, "download.prompt_for_download": False}
        )
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        self.driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": self.downloads})
        self.dataset = "ui-test-%d" % int(time.time())
        self.notes = []

    # Helpers

    def wait(self, seconds=20):
        return WebDriverWait(self.driver, seconds, poll_frequency=0.2)

    def find(self, css):
        return self.driver.find_element(By.CSS_SELECTOR, css)

    def open(self, path):
        self.driver.get(self.url + path)

    def text(self, css):
        return self.find(css).text.strip()

    def settled(self, seconds=20):
        """Waits until no part of the page still says "Loading…"."""
        loading = """return [...document.querySelectorAll("main *")].some(
            (e) => e.childElementCount === 0 && e.textContent.trim() === "Loading…" && e.offsetParent !== null)"""
        self.wait(seconds).until(lambda d: not d.execute_script(loading))

    def shoot(self, name):
        """A screenshot of the whole page (the viewport grows to its height, up to 4000 pixels)."""
        height = self.driver.execute_script("return Math.min(document.documentElement.scrollHeight, 4000)")
        metrics = {"width": 1280, "height": max(900, height), "deviceScaleFactor": 1, "mobile": False}
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        path = os.path.join(self.screenshots, name + ".png")
        try:
            if not self.driver.save_screenshot(path):
                raise StepFailed("could not save the screenshot " + path)
        finally:
            self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})

    def api(self, method, path, body=None):
        """Calls the JSON API from the page, with the browser's session cookie."""
        return self.driver.execute_async_script(
            """
            const [method, path, body, done] = arguments;
            const init = { method, credentials: "same-origin", headers: { Accept: "application/json" } };
            if (body !== null) { init.headers["Content-Type"] = "application/json"; init.body = JSON.stringify(body); }
            fetch(path, init).then(async (r) => done({ status: r.status, text: await r.text() }), (e) => done({ status: 0, text: String(e) }));
            """,
            method, path, body,
        )

    def check_console(self):
        """Fails on script errors and policy violations the page logged; notes failed requests."""
        for entry in self.driver.get_log("browser"):
            if entry.get("level") != "SEVERE":
                continue
            message = entry.get("message", "")
            if "Failed to load resource" in message:
                self.notes.append(message)
                continue
            raise StepFailed("the page logged an error: " + message)

    # Steps

    def login(self):
        self.open("/")
        self.wait().until(EC.url_contains("/login?next="))
        self.wait().until(EC.visibility_of_element_located((By.ID, "login-form")))
        self.find("#email").send_keys(self.email)
        self.find("#password").send_keys("wrong password")
        self.find("#sign-in").click()
        self.wait().until(lambda d: self.text("#login-error") != "")
        if "wrong email or password" not in self.text("#login-error"):
            raise StepFailed("a wrong password shows: " + self.text("#login-error"))
        self.find("#password").clear()
        self.find("#password").send_keys(self.password)
        self.shoot("login")
        self.find("#sign-in").click()
        self.wait().until(EC.url_to_be(self.url + "/"))
        if self.text("h1") != "Dashboard" or self.text("#who") != self.email:
            raise StepFailed("after signing in the page shows %r for %r" % (self.text("h1"), self.text("#who")))

    def dashboard(self):
        self.open("/")
        self.settled()
        for part in ["#overview", "#timeline", "#recent-jobs", "#activity"]:
            if not self.find(part).text.strip():
                raise StepFailed("the dashboard's %s shows nothing" % part)
        self.shoot("dashboard")

    def pages(self):
        self.open("/")
        tabs = [(a.get_attribute("href"), a.text.strip()) for a in self.driver.find_elements(By.CSS_SELECTOR, "header nav a")]
        if len(tabs) < 7:
            raise StepFailed("the navigation has %d tabs" % len(tabs))
        for href, label in tabs:
            self.driver.find_element(By.LINK_TEXT, label).click()
            self.wait().until(EC.url_to_be(href))
            self.settled()
            current = self.text("header nav a.current")
            if current != label:
                raise StepFailed("the %s tab opened a page whose current tab is %r" % (label, current))
            self.check_console()
            page = href[len(self.url):].strip("/") or "dashboard"
            self.shoot("page-" + page)

    def build(self):
        self.open("/builder")
        self.find("#dataset").send_keys(self.dataset)
        count = self.find("#count")
        count.clear()
        count.send_keys(str(RECORDS))
        self.find("#generate").click()
        self.wait().until(lambda d: self.find("#job").is_displayed() or self.text("#builder-error"))
        if not self.find("#job").is_displayed():
            self.shoot("build")
            raise StepFailed("the builder could not start the job: " + self.text("#builder-error"))
        self.shoot("build")
        self.wait(180).until(lambda d: self.text("#job-status") in ("succeeded", "failed", "cancelled"))
        status, counts = self.text("#job-status"), self.text("#job-counts")
        value = self.find("#job-progress").get_attribute("value")
        maximum = self.find("#job-progress").get_attribute("max")
        self.shoot("build-done")
        if status != "succeeded":
            raise StepFailed("the job ended %s: %s" % (status, self.text("#job-message")))
        if not counts.startswith("%d of %d" % (RECORDS, RECORDS)) or float(value) != float(maximum):
            raise StepFailed("the finished job shows %r with the bar at %s of %s" % (counts, value, maximum))

    def dataset_page(self):
        self.find("#job-dataset").click()
        self.wait().until(EC.url_contains("/datasets/" + self.dataset))
        self.settled()
        self.wait().until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#records tbody tr")) > 0)
        facts = dict(zip([e.text for e in self.driver.find_elements(By.CSS_SELECTOR, "#summary dt")],
                         [e.text for e in self.driver.find_elements(By.CSS_SELECTOR, "#summary dd")]))
        if facts.get("Records") != str(RECORDS):
            raise StepFailed("the dataset page shows %r records" % facts.get("Records"))
        self.shoot("dataset")

    def review(self):
        self.open("/datasets/" + self.dataset)
        self.find("#review-link").click()
        self.wait().until(lambda d: self.text("#record-id") != "")
        record = self.text("#record-id")
        if self.text("#record-status") != "pending":
            raise StepFailed("the portal shows record %s as %r" % (record, self.text("#record-status")))
        self.find("body").send_keys("a")
        self.wait().until(lambda d: self.find("#flash").is_displayed() and "Approved record " + record in self.text("#flash"))
        self.shoot("review")
        answer = self.api("GET", "/api/v1/datasets/%s/records/%s" % (self.dataset, record))
        if answer["status"] != 200 or json.loads(answer["text"]).get("status") != "approved":
            raise StepFailed("after pressing a, the API has record %s as %s" % (record, answer["text"][:300]))
        self.find("body").send_keys("k")
        self.wait().until(lambda d: self.text("#record-id") == record and self.text("#record-status") == "approved")

    def export(self):
        self.open("/datasets/" + self.dataset)
        button = self.wait().until(EC.element_to_be_clickable((By.ID, "export-jsonl")))
        self.shoot("export")
        button.click()
        deadline = time.time() + 30
        while time.time() < deadline:
            files = [f for f in os.listdir(self.downloads) if not f.endswith(".crdownload")]
            if files:
                break
            time.sleep(0.2)
        else:
            raise StepFailed("no file was downloaded within 30 s")
        path = os.path.join(self.downloads, files[0])
        with open(path, encoding="utf-8") as f:
            lines = [json.loads(line) for line in f if line.strip()]
        if len(lines) != RECORDS:
            raise StepFailed("the exported %s holds %d records" % (files[0], len(lines)))

    def run(self, steps):
        actions = {"login": self.login, "dashboard": self.dashboard, "pages": self.pages, "build": self.build,
                   "dataset": self.dataset_page, "review": self.review, "export": self.export}
        passed, failed = [], None
        for step in steps:
            try:
                actions[step]()
                self.check_console()
                passed.append(step)
                print("STEP %s: ok" % step, flush=True)
            except Exception as error:
                failed = step
                reason = str(error) if isinstance(error, StepFailed) else traceback.format_exc()
                print("STEP %s: FAILED: %s (at %s)" % (step, reason, self.driver.current_url), flush=True)
                try:
                    self.shoot("failed-" + step)
                except Exception:
                    pass
                break
        skipped = steps[len(passed) + (1 if failed else 0):]
        for note in sorted(set(self.notes)):
            print("note: " + note)
        print("passed: %s; failed: %s; not run: %s" % (", ".join(passed) or "none", failed or "none", ", ".join(skipped) or "none"))
        return failed is None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True, help="the server, such as http://127.0.0.1:8080")
    parser.add_argument("--password", required=True, help="the admin's password")
    parser.add_argument("--email", default="admin@localhost")
    parser.add_argument("--screenshots", required=True, help="the folder for the screenshots (made if missing)")
    parser.add_argument("--steps", default=",".join(STEPS), help="the steps to run, comma-separated (default: all)")
    arguments = parser.parse_args()
    steps = [s.strip() for s in arguments.steps.split(",") if s.strip()]
    unknown = [s for s in steps if s not in STEPS]
    if unknown:
        parser.error("unknown steps %s; the steps are %s" % (", ".join(unknown), ", ".join(STEPS)))
    steps = ["login"] + [s for s in STEPS if s in steps and s != "login"]
    os.makedirs(arguments.screenshots, exist_ok=True)
    test = UITest(arguments.url, arguments.email, arguments.password, arguments.screenshots)
    try:
        ok = test.run(steps)
    finally:
        test.driver.quit()
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
