#!/usr/bin/env bash
# Device call per staged part (carry .device-pN): keeps it in /tmp/stage until all parts are there.
set -euo pipefail
mkdir -p /tmp/stage && cp .device-p*/part* /tmp/stage/ && ls /tmp/stage | wc -l
