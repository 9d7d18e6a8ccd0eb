#!/usr/bin/env bash
# render-check.sh - renders the workbook of the sample tenants to PNG pages
# so a person can look at it: builds the debug binary (the samples are
# small; speed does not matter here), audits samples/*,
# converts the workbook to PDF with LibreOffice (headless) and the PDF to
# PNG pages with pdftoppm, then prints the paths of the pages.
#
# A manual check, not part of `cargo test` or CI. Installs LibreOffice Calc
# and poppler-utils with apt-get when they are missing (needs root; takes
# minutes the first time).
#
# Usage: tools/render-check.sh [OUTPUT_DIR]   (default: a new temp dir)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$(mktemp -d -t tenant-audit-render.XXXXXX)}"
mkdir -p "$out"

if ! command -v soffice >/dev/null || ! command -v pdftoppm >/dev/null; then
    echo "installing LibreOffice Calc and poppler-utils..." >&2
    apt-get update
    apt-get install -y libreoffice-calc poppler-utils
fi

cd "$root"
cargo build --quiet
# Exit code 1 only means a finding reached --fail-on; none is set here.
./target/debug/tenant-audit audit samples/* --quiet \
    --as-of 2026-12-03 -o "$out/samples.xlsx" --json "$out/samples.json"

# A private profile directory: a user's LibreOffice settings (or a
# running instance) must not change the rendering or block the run.
profile="file://$out/lo-profile"
soffice -env:UserInstallation="$profile" --headless \
    --convert-to pdf --outdir "$out" "$out/samples.xlsx" >&2
pdftoppm -png -r 110 "$out/samples.pdf" "$out/page"

echo "workbook: $out/samples.xlsx"
echo "pdf:      $out/samples.pdf"
ls "$out"/page*.png
