"""JSON-lines training logs: one event per line, echoed to stdout (what the device scripts tail)."""
import json
import os
import subprocess
import time


def log(path, **kv):
    kv["time"] = round(time.time(), 1)
    line = json.dumps(kv)
    print(line, flush=True)
    with open(path, "a") as f:
        f.write(line + "\n")


def git_commit():
    """The commit the run's code came from: SWS_GIT_COMMIT (the device scripts set it), else git, else "unknown"."""
    if os.environ.get("SWS_GIT_COMMIT"):
        return os.environ["SWS_GIT_COMMIT"]
    try:
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True,
                              cwd=os.path.dirname(os.path.abspath(__file__))).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
