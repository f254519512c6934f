# SPDX-License-Identifier: GPL-2.0-or-later
# zdtm-style Python target: builds state (a seeded list, a dict, a bytearray and its
# sha256), loops incrementing a counter in time.sleep, and on SIGUSR2 re-hashes
# everything and checks the counter kept growing. Prints "ready PID" / "result ...".
import hashlib, os, random, signal, sys, time

random.seed(1234)
data = [random.random() for _ in range(200000)]
table = {str(i): i * i for i in range(50000)}
blob = bytearray(os.urandom(1 << 20))
digest = hashlib.sha256(repr(data).encode() + repr(sorted(table.items())).encode() + blob).hexdigest()
done = False
counter = 0


def on_usr2(signum, frame):
    global done
    done = True


signal.signal(signal.SIGUSR2, on_usr2)
print(f"ready {os.getpid()}", flush=True)
while not done:
    counter += 1
    time.sleep(0.005)
again = hashlib.sha256(repr(data).encode() + repr(sorted(table.items())).encode() + blob).hexdigest()
if again != digest:
    print(f"result fail state hash {again} != {digest}", flush=True)
    sys.exit(1)
if counter < 1:
    print("result fail counter did not advance", flush=True)
    sys.exit(1)
print(f"result pass pid={os.getpid()} counter={counter}", flush=True)
