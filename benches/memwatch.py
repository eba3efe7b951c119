#!/usr/bin/env python3
"""Run a command and print its wall time and peak memory: "seconds rss_MiB anon_MiB".

rss is the peak resident set (as GNU time's %M); anon is the peak of its anonymous part
(RssAnon: heap and stacks), without the file pages a memory-mapped input adds to the resident
set. Sampled from /proc/PID/status every 2 ms, so a peak shorter than that can be missed.
Standard output and error of the command go to the file named by MEMWATCH_OUT (default
/dev/null); the exit code is the command's.
"""
import os
import subprocess
import sys
import time


def main() -> int:
    out = open(os.environ.get("MEMWATCH_OUT", os.devnull), "wb")
    start = time.perf_counter()
    proc = subprocess.Popen(sys.argv[1:], stdout=out, stderr=subprocess.STDOUT)
    peak = {"VmRSS": 0, "RssAnon": 0}
    while proc.poll() is None:
        try:
            with open(f"/proc/{proc.pid}/status") as status:
                for line in status:
                    key, _, value = line.partition(":")
                    if key in peak:
                        peak[key] = max(peak[key], int(value.split()[0]))
        except (FileNotFoundError, ProcessLookupError):
            pass
        time.sleep(0.002)
    wall = time.perf_counter() - start
    print(f"{wall:.2f} {peak['VmRSS'] / 1024:.0f} {peak['RssAnon'] / 1024:.0f}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
