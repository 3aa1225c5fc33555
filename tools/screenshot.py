"""Take a screenshot of an Odoo page as a given user, in headless Chromium.

For the README's images: start Odoo on a demo database, then run this with
the Python of Odoo's environment (it needs ``requests`` and
``websocket-client``, both in Odoo's requirements) and Chromium installed::

    .odoo/venv/bin/python tools/screenshot.py \\
        --url http://127.0.0.1:8069 --db demo --login sg_dsl --password sg_dsl \\
        --path "/odoo/action-school_safeguarding.safeguarding_concern_action/3" \\
        --wait ".o_sg_body_map" --scroll-to ".o_sg_body_map" \\
        --output docs/images/body-map.png

The user logs in through ``/web/session/authenticate``; the page is shown at
``--size`` (1280x800 by default) and captured once ``--wait`` matches and the
page has settled.
"""

import argparse
import base64
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
import websocket


class DevTools:
    """A minimal Chrome DevTools protocol client for one page."""

    def __init__(self, ws_url):
        self.ws = websocket.create_connection(ws_url, timeout=30)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(
            json.dumps({"id": self.next_id, "method": method, "params": params})
        )
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def evaluate(self, expression):
        result = self.call(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=True,
        )
        return result.get("result", {}).get("value")


def login(url, db, user, password):
    """The session id of ``user`` on ``db``."""
    response = requests.post(
        f"{url}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"db": db, "login": user, "password": password},
        },
        timeout=60,
    )
    response.raise_for_status()
    if response.json().get("error") or "session_id" not in response.cookies:
        raise SystemExit(f"Could not log in as {user} on {db}.")
    return response.cookies["session_id"]


def start_chromium(port, profile):
    binary = shutil.which("chromium") or shutil.which("google-chrome")
    if not binary:
        raise SystemExit("Chromium is not installed.")
    process = subprocess.Popen(
        [
            binary,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _attempt in range(100):
        try:
            pages = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=2).json()
        except requests.RequestException:
            time.sleep(0.2)
            continue
        pages = [page for page in pages if page.get("type") == "page"]
        if pages:
            return process, pages[0]["webSocketDebuggerUrl"]
        time.sleep(0.2)
    process.kill()
    raise SystemExit("Chromium did not start.")


def wait_for(devtools, selector, timeout):
    deadline = time.monotonic() + timeout
    check = f"!!document.querySelector({json.dumps(selector)})"
    while time.monotonic() < deadline:
        if devtools.evaluate(check):
            return
        time.sleep(0.25)
    raise SystemExit(f"{selector} did not appear within {timeout} s.")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", default="http://127.0.0.1:8069")
    parser.add_argument("--db", required=True)
    parser.add_argument("--login", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--path", default="/odoo", help="the page, from the root")
    parser.add_argument("--wait", default=".o_action_manager .o_view_controller")
    parser.add_argument("--scroll-to", help="a selector to scroll into view")
    parser.add_argument("--size", default="1280x800")
    parser.add_argument("--port", type=int, default=9229)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()

    url = args.url.rstrip("/")
    width, height = (int(number) for number in args.size.lower().split("x"))
    session_id = login(url, args.db, args.login, args.password)
    with tempfile.TemporaryDirectory() as profile:
        process, ws_url = start_chromium(args.port, profile)
        try:
            devtools = DevTools(ws_url)
            devtools.call(
                "Emulation.setDeviceMetricsOverride",
                width=width,
                height=height,
                deviceScaleFactor=1,
                mobile=False,
            )
            devtools.call("Network.enable")
            devtools.call(
                "Network.setCookie",
                name="session_id",
                value=session_id,
                domain=urlsplit(url).hostname,
                path="/",
            )
            devtools.call("Page.enable")
            devtools.call("Page.navigate", url=f"{url}{args.path}")
            wait_for(devtools, args.wait, args.timeout)
            if args.scroll_to:
                wait_for(devtools, args.scroll_to, args.timeout)
                devtools.evaluate(
                    f"document.querySelector({json.dumps(args.scroll_to)})"
                    ".scrollIntoView({block: 'center'})"
                )
            # Fonts, images and the last renders.
            devtools.evaluate("document.fonts.ready.then(() => true)")
            time.sleep(1.5)
            shot = devtools.call("Page.captureScreenshot", format="png")
            output = Path(args.output)
            output.parent.mkdir(parents=True, exist_ok=True)
            output.write_bytes(base64.b64decode(shot["data"]))
            print(f"{output} ({width}x{height})")
        finally:
            process.terminate()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
