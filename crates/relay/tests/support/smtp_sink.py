"""A real SMTP server for the relay's tests: accepts every message and writes it, whole, as one
file in a folder. Prints "ready" once it listens.

Usage: smtp_sink.py PORT FOLDER [SECONDS] [--slow-for S] [--xoauth2 INTROSPECTION_URL USER]
- SECONDS: it takes that long over each message, as a slow mail server does; with --slow-for, only
  for its first S seconds.
- --xoauth2: as Exchange Online does, it takes mail only after an XOAUTH2 sign-in, for USER, with a
  bearer token that the OAuth server at INTROSPECTION_URL says is active and was issued for the
  Exchange scope. Each accepted token's SHA-256 is written, one per sign-in, to FOLDER/tokens.log.
"""
import argparse
import asyncio
import base64
import hashlib
import json
import logging
import os
import threading
import time
import urllib.parse
import urllib.request
import warnings

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

EXCHANGE_SCOPE = "https://outlook.office365.com/.default"
# The SMTP server's own client at the OAuth server, allowed to ask whether a token is active.
INTROSPECTOR = ("smtp-server", "smtp-server-secret-for-tests-only")


class Sink:
    def __init__(self, folder, delay, slow_until, introspection, user):
        self.folder = folder
        self.delay = delay
        self.slow_until = slow_until
        self.introspection = introspection
        self.user = user
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay and time.monotonic() < self.slow_until:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.count += 1
            name = os.path.join(self.folder, f"{os.getpid()}-{self.count:06d}.eml")
        with open(name + ".part", "wb") as f:
            f.write(envelope.content)
        os.rename(name + ".part", name)
        return "250 Message accepted for delivery"

    async def auth_XOAUTH2(self, server, args):
        if len(args) < 2:
            return AuthResult(success=False, handled=False, message="501 5.5.2 XOAUTH2 needs its initial response")
        try:
            fields = base64.b64decode(args[1], validate=True).decode().split("\x01")
        except Exception:
            return AuthResult(success=False, handled=False, message="501 5.5.2 Cannot decode the XOAUTH2 string")
        # "user=<address>\x01auth=Bearer <token>\x01\x01"
        if len(fields) != 4 or fields[2:] != ["", ""] or not fields[0].startswith("user=") \
                or not fields[1].startswith("auth=Bearer "):
            return AuthResult(success=False, handled=False, message="501 5.5.2 Not an XOAUTH2 string")
        user, token = fields[0][len("user="):], fields[1][len("auth=Bearer "):]
        if user != self.user:
            return AuthResult(success=False, handled=False, message="535 5.7.3 Authentication unsuccessful: wrong mailbox")
        claims = await asyncio.to_thread(self.introspect, token)
        if not claims.get("active") or EXCHANGE_SCOPE not in claims.get("scope", "").split():
            return AuthResult(success=False, handled=False, message="535 5.7.3 Authentication unsuccessful: token not active")
        with self.lock, open(os.path.join(self.folder, "tokens.log"), "a") as log:
            log.write(hashlib.sha256(token.encode()).hexdigest() + "\n")
        return AuthResult(success=True)

    def introspect(self, token):
        request = urllib.request.Request(
            self.introspection,
            data=urllib.parse.urlencode({"token": token}).encode(),
            headers={"Authorization": "Basic " + base64.b64encode(":".join(INTROSPECTOR).encode()).decode()},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            return json.load(response)


parser = argparse.ArgumentParser()
parser.add_argument("port", type=int)
parser.add_argument("folder")
parser.add_argument("seconds", type=float, nargs="?", default=0.0)
parser.add_argument("--slow-for", type=float, default=float("inf"))
parser.add_argument("--xoauth2", nargs=2, metavar=("INTROSPECTION_URL", "USER"))
a = parser.parse_args()
# Plain SMTP with sign-in is the tests' loopback only: aiosmtpd's warning about it is expected.
warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
logging.getLogger("mail.log").setLevel(logging.ERROR)
os.makedirs(a.folder, exist_ok=True)
introspection, user = a.xoauth2 or (None, None)
sink = Sink(a.folder, a.seconds, time.monotonic() + a.slow_for, introspection, user)
if a.xoauth2:
    # Only XOAUTH2, and no mail without it (no TLS here: the test's loopback).
    controller = Controller(sink, hostname="127.0.0.1", port=a.port, auth_required=True,
                            auth_require_tls=False, auth_exclude_mechanism=["LOGIN", "PLAIN"])
else:
    controller = Controller(sink, hostname="127.0.0.1", port=a.port)
controller.start()
print("ready", flush=True)
threading.Event().wait()
