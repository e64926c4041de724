"""JSON-lines training logs: one event per line, echoed to stdout (what the device scripts tail)."""
import json
import time


def log(path, **kv):
    kv["time"] = round(time.time(), 1)
    line = json.dumps(kv)
    print(line, flush=True)
    with open(path, "a") as f:
        f.write(line + "\n")
