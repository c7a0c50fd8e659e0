"""A real SMTP server for the relay's tests: accepts every message and writes it, whole, as one
file in a folder. Usage: smtp_sink.py PORT FOLDER [SECONDS]: with SECONDS, it takes that long over
each message, as a slow mail server does. Prints "ready" once it listens."""
import asyncio
import os
import sys
import threading

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, folder, delay):
        self.folder = folder
        self.delay = delay
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.count += 1
            name = os.path.join(self.folder, f"{os.getpid()}-{self.count:06d}.eml")
        with open(name + ".part", "wb") as f:
            f.write(envelope.content)
        os.rename(name + ".part", name)
        return "250 Message accepted for delivery"


port, folder = int(sys.argv[1]), sys.argv[2]
delay = float(sys.argv[3]) if len(sys.argv) > 3 else 0.0
os.makedirs(folder, exist_ok=True)
controller = Controller(Sink(folder, delay), hostname="127.0.0.1", port=port)
controller.start()
print("ready", flush=True)
threading.Event().wait()
