# SPDX-License-Identifier: GPL-2.0-or-later
# zdtm-style asyncio target: one event loop (epoll) running a 20 ms ticker on an absolute
# schedule, an eventfd watched with add_reader, and a feeder thread that every 10 ms
# writes the eventfd and calls loop.call_soon_threadsafe (the loop's self-pipe, a unix
# socket pair). SIGUSR2 arrives through loop.add_signal_handler (set_wakeup_fd). Prints
# "ready PID", then "tick N" every 25 ticks. On SIGUSR2 it waits until ticks, eventfd
# reads and thread calls all advanced again, then prints "result pass ..." (or
# "result fail <what stalled>" after 5 s).
import asyncio, os, signal, sys, threading, time

FIELDS = ('ticks', 'events', 'calls')


async def main():
    loop = asyncio.get_running_loop()
    state = dict.fromkeys(FIELDS, 0)
    efd = os.eventfd(0, os.EFD_NONBLOCK | os.EFD_CLOEXEC)

    def on_eventfd():
        try:
            state['events'] += os.eventfd_read(efd)
        except BlockingIOError:
            pass

    def on_call():
        state['calls'] += 1

    def feeder():
        while True:
            os.eventfd_write(efd, 1)
            loop.call_soon_threadsafe(on_call)
            time.sleep(0.01)

    async def ticker():
        due = loop.time()
        while True:
            due += 0.02
            await asyncio.sleep(max(0.0, due - loop.time()))
            state['ticks'] += 1
            if state['ticks'] % 25 == 0:
                print(f"tick {state['ticks']}", flush=True)

    loop.add_reader(efd, on_eventfd)
    verify = asyncio.Event()
    loop.add_signal_handler(signal.SIGUSR2, verify.set)
    threading.Thread(target=feeder, daemon=True).start()
    tick_task = asyncio.create_task(ticker())
    print(f"ready {os.getpid()}", flush=True)
    await verify.wait()
    base = dict(state)
    deadline = loop.time() + 5
    while loop.time() < deadline and any(state[k] < base[k] + 10 for k in FIELDS):
        await asyncio.sleep(0.01)
    stalled = [k for k in FIELDS if state[k] < base[k] + 10]
    tick_task.cancel()
    if stalled:
        print(f"result fail stalled: {', '.join(stalled)} ({base} -> {state})", flush=True)
        return 1
    print(f"result pass pid={os.getpid()} ticks={state['ticks']} events={state['events']} calls={state['calls']}", flush=True)
    return 0


sys.exit(asyncio.run(main()))
