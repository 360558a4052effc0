#!/usr/bin/env bash
# Re-takes the README's screenshots of report.html from samples/ with
# headless Chromium (Debian's /usr/bin/chromium, or $CHROMIUM):
#   docs/screenshots/report-desktop.png  1280 px wide (1280×2000 viewport)
#   docs/screenshots/report-phone.png     390 px wide (390×2400 viewport)
# Run it after changing the report's HTML: bash .ci/screenshots.sh
# Not part of .ci/run. Each file should stay under 400 KB.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

chromium=${CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
  echo "no Chromium at $chromium: apt-get install chromium (as root), or set CHROMIUM" >&2
  exit 1
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

go run ./cmd/gainguard analyze -q --out "$tmp/out" samples
mkdir -p docs/screenshots

shoot() { # name width,height
  timeout 120 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --hide-scrollbars --force-device-scale-factor=1 --user-data-dir="$tmp/profile-$1" \
    --window-size="$2" --screenshot="docs/screenshots/report-$1.png" \
    "file://$tmp/out/report.html" >/dev/null 2>"$tmp/chromium-$1.log" ||
    { cat "$tmp/chromium-$1.log" >&2; exit 1; }
  size=$(stat -c %s "docs/screenshots/report-$1.png")
  echo "docs/screenshots/report-$1.png: $2, $((size / 1024)) KB"
  if [ "$size" -ge $((400 * 1024)) ]; then
    echo "  over 400 KB: shrink the viewport height or the page" >&2
  fi
}
shoot desktop 1280,2000
shoot phone 390,2400
