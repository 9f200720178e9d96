# shellcheck shell=bash
# Shared by smoke_bundle.sh and check_wheel.sh: run the demo end to end with one `trovetriage`
# command from a scratch folder outside the source tree, and fail loudly on anything odd.
# Source this file, then call: smoke_demo <trovetriage command...>  (sets SMOKE_DIR)

fail() { echo "SMOKE TEST FAILED: $*" >&2; exit 1; }

# Kinds the demo trove holds that only extractors produce; a missing plug-in shows up as an
# `unsupported` status and as these kinds going missing.
EXPECTED_KINDS="email mailbox archive document spreadsheet"

check_stats() {
  local stats=$1 kind
  for kind in $EXPECTED_KINDS; do
    grep -Eq "^ +$kind +[1-9]" "$stats" || fail "stats show no '$kind' items: extractors missing?"
  done
  if grep -Eq "^ +unsupported +[0-9]" "$stats"; then fail "stats show unsupported items"; fi
  echo "stats: ok (kinds $EXPECTED_KINDS all extracted, none unsupported)"
}

smoke_demo() {
  SMOKE_DIR=$(mktemp -d "${TMPDIR:-/tmp}/trovetriage-smoke.XXXXXX")
  cd "$SMOKE_DIR" || fail "cannot enter $SMOKE_DIR"
  unset TROVETRIAGE_RESOURCES  # resources must come from the installed copy, not an override
  echo "== in $SMOKE_DIR"
  echo "== --version";    "$@" --version || fail "--version"
  echo "== demo-trove";   "$@" demo-trove demo --scale 1 || fail "demo-trove"
  echo "== index";        "$@" index demo/trove --case demo/case --victims demo/victims.toml || fail "index"
  echo "== stats";        "$@" stats --case demo/case > stats.txt || fail "stats"
  sed -n '1,20p' stats.txt
  check_stats stats.txt
  echo "== search";       "$@" search --case demo/case "tender OR cable" > search.txt || fail "search"
  [ -s search.txt ] || fail "search found nothing"
  echo "== export html";  "$@" export --case demo/case --format html --output report.html || fail "export html"
  if "$@" export --help | grep -q "pdf"; then  # the PDF report embeds fonts from resources/fonts
    echo "== export pdf"; "$@" export --case demo/case --format pdf --output report.pdf || fail "export pdf"
    head -c 5 report.pdf | grep -q "%PDF-" || fail "report.pdf is not a PDF"
  fi
  echo "== gui --screenshot (offscreen)"
  QT_QPA_PLATFORM=offscreen "$@" gui --case demo/case --screenshot shot.png --query "tender OR cable" \
    || fail "gui --screenshot"
  [ -s shot.png ] || fail "no screenshot written"
  head -c 8 shot.png | od -An -c | grep -q "P   N   G" || fail "screenshot is not a PNG"
  echo "screenshot: $SMOKE_DIR/shot.png ($(wc -c < shot.png) bytes)"
}
