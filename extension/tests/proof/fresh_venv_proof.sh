#!/usr/bin/env bash
# Proof that the package, installed as a user installs it, makes editions that
# build at once: in a temporary folder, a fresh virtual environment gets
# sphinx-annotated-edition[bibtex] (from the extension folder, not editable)
# and furo; then, for each of the two fixture pages (a saved WordPress page,
# with references, and a plain HTML page, without), `annotated-edition new`
# makes an edition, two notes of different kinds are added to its
# annotations files, and the scaffolded Makefile builds html, latexpdf and
# epub strictly. Prints the seconds from `annotated-edition new` to the end
# of the strict html build.
#
#   extension/tests/proof/fresh_venv_proof.sh [EXTENSION_DIR]
#
# EXTENSION_DIR defaults to the extension folder this script is in. Needs
# python3 (3.11+), pip's registry, make, and LaTeX with latexmk for the PDF.
# KEEP=1 keeps the temporary folder (its path is printed).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
extension="$(cd "${1:-$here/../..}" && pwd)"
pages="$here/../pages"
python="${PYTHON:-python3}"
strict="-W --keep-going -n"

work="$(mktemp -d "${TMPDIR:-/tmp}/annotated-edition-proof.XXXXXX")"
if [[ "${KEEP:-}" == 1 ]]; then
  echo "keeping $work"
else
  trap 'rm -rf "$work"' EXIT
fi

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
fail() { echo "proof failed: $*" >&2; exit 1; }

echo "== a fresh virtual environment, with $extension[bibtex] and furo"
start=$(now)
"$python" -m venv "$work/venv"
venv="$work/venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$extension[bibtex]" furo
echo "installed in $(seconds "$start" "$(now)") s: $("$venv/bin/python" -m pip show sphinx-annotated-edition | grep -E '^(Name|Version|Location)' | tr '\n' ' ')"
# installed, not editable: the package runs from the venv, not from the sources
location="$("$venv/bin/python" -c 'import sphinx_annotated_edition as m; print(m.__file__)')"
[[ "$location" == "$venv"/* ]] || fail "the package was imported from $location, not from the new venv"

# Two notes of different kinds (a fact-check with a verdict, a context note)
# for each page, in the annotations file of the chapter that holds the quote.
note() {  # note FILE KIND QUOTE PARAGRAPH [VERDICT] BODY
  local file="$1" kind="$2" quote="$3" paragraph="$4" verdict="$5" body="$6"
  {
    printf '\n:::{annotation} %s\n:quote: %s\n:paragraph: %s\n' "$kind" "$quote" "$paragraph"
    if [[ -n "$verdict" ]]; then printf ':verdict: %s\n' "$verdict"; fi
    printf '\n%s\n:::\n' "$body"
  } >> "$file"
}

prove() {  # prove NAME PAGE
  local name="$1" page="$2" edition="$work/$1"
  echo
  echo "== $name: annotated-edition new from $(basename "$page")"
  local begin; begin=$(now)
  (cd "$work" && "$venv/bin/annotated-edition" new "$name" --from "$page")
  case "$name" in
    wordpress-page)
      note "$edition/annotations/03-what-a-meeting-looks-like.md" fact-check \
        "Tea is poured at half past six." 3.2 supported \
        "The programme's own page gives the same time for the first meeting."
      note "$edition/annotations/02-how-the-programme-began.md" context \
        "Ruth Okafor" 2.1 "" \
        "She had run the library's lending desk for eleven years when the circle began."
      ;;
    html-page)
      note "$edition/annotations/04-what-it-cost.md" fact-check \
        "a little under nine thousand pounds" 4.1 partly-supported \
        "The parish accounts give the materials' cost but not the value of the loaned crane."
      note "$edition/annotations/02-why-the-village-did-it-itself.md" context \
        "The county offered to replace the bridge in four years’ time." 2.1 "" \
        "County bridges are replaced in the order of a list kept by the highways department."
      ;;
  esac
  # the scaffolded Makefile, with the new venv as the active one
  env VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" make -C "$edition" --no-print-directory html SPHINXOPTS="$strict"
  local html_done; html_done=$(now)
  env VIRTUAL_ENV="$venv" PATH="$venv/bin:$PATH" make -C "$edition" --no-print-directory latexpdf epub SPHINXOPTS="$strict"
  # what a reader gets: both notes in the pages, a PDF, an EPUB
  grep -q "Verdict: " "$edition"/_build/html/chapters/*.html || fail "$name: no fact-check verdict in the HTML"
  grep -q "kind-context" "$edition"/_build/html/chapters/*.html || fail "$name: no context note in the HTML"
  [[ -s "$edition/_build/latex/edition.pdf" ]] || fail "$name: no PDF"
  [[ -s "$edition/_build/epub/edition.epub" ]] || fail "$name: no EPUB"
  timings+=("$name: $(seconds "$begin" "$html_done") s from 'annotated-edition new' to the end of the strict html build (all three formats: $(seconds "$begin" "$(now)") s)")
}

timings=()
prove wordpress-page "$pages/library-wordpress.txt"
prove html-page "$pages/footbridge.html"

echo
echo "== proof passed"
printf '%s\n' "${timings[@]}"
