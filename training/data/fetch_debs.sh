#!/usr/bin/env bash
# Downloads the voices synth.py uses, and the libraries they need that a bare GPU host may lack, as .deb files
# (Debian 12 packages; the GPU host unpacks them with dpkg -x, see training/device/asr_setup.sh). The C runtime
# (libc6, libgcc-s1, libstdc++6, zlib1g) is left to the host.
# Usage: fetch_debs.sh OUT_DIR        (e.g. .device-data/debs)
set -euo pipefail
out=${1:?usage: fetch_debs.sh OUT_DIR}
mkdir -p "$out" && cd "$out"
apt-get download \
  flite libflite1 \
  espeak-ng espeak-ng-data libespeak-ng1 libpcaudio0 libsonic0 \
  festival libestools2.5 festlex-cmu festlex-poslex festvox-kallpc16k festvox-us-slt-hts \
  flac libflac12 libogg0 opus-tools libopusfile0 libopusenc0 \
  libasound2 libasound2-data libpulse0 libasyncns0 libdbus-1-3 libsystemd0 libsndfile1 libvorbis0a libvorbisenc2 \
  libopus0 libmpg123-0 libmp3lame0 libx11-6 libx11-data libx11-xcb1 libxcb1 libxau6 libxdmcp6 libbsd0 libmd0 \
  libfftw3-single3 libsamplerate0 libgomp1 libreadline8 readline-common libncursesw6 libtinfo6 \
  libgcrypt20 libgpg-error0 liblz4-1 liblzma5 libzstd1 libcap2
du -sh .
