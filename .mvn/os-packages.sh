#!/usr/bin/env bash
# Installs the Debian packages Kith needs at run and test time when they are missing.
# Runs from the Maven 'validate' phase of the root project, so both README commands get it.
# As root it installs them with apt-get; otherwise it names them and stops the build.
set -euo pipefail
[ "${KITH_SKIP_OS_PACKAGES:-}" = "1" ] && exit 0
packages=(tesseract-ocr tesseract-ocr-eng tesseract-ocr-deu tesseract-ocr-fra tesseract-ocr-ita tesseract-ocr-spa
  tesseract-ocr-por fonts-dejavu-core fonts-ocr-b opencv-data chromium
  redis-server)  # redis-server: the tests of rate limits shared by several nodes start one of their own
command -v dpkg-query >/dev/null 2>&1 || { echo "[kith] not a Debian system: install ${packages[*]} yourself"; exit 0; }
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm run the interoperability tests (independent JOSE, SD-JWT and WebCrypto implementations).
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "[kith] missing Debian packages: ${missing[*]}" >&2
  echo "[kith] install them with: sudo apt-get install -y ${missing[*]}" >&2
  echo "[kith] (or set KITH_SKIP_OS_PACKAGES=1 if you installed them another way)" >&2
  exit 1
fi
echo "[kith] installing Debian packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
