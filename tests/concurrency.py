"""Requests sent at the same moment: a race, as two clicks or two people make one."""

from __future__ import annotations

import threading


def at_once(calls) -> list[int]:
    """POST every (client, url, data) of ``calls`` together (threads behind one barrier);
    their status codes, in order."""
    barrier, codes = threading.Barrier(len(calls)), [0] * len(calls)

    def run(index: int) -> None:
        client, url, data = calls[index]
        barrier.wait()
        codes[index] = client.post(url, data=data).status_code

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return codes
