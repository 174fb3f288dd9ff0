#!/usr/bin/env bash
# Merge a fragment of Dutch translations into the project catalogue and compile it.
# Several people (or helpers) may add texts at once: the lock keeps their merges from clobbering each other.
# Usage: scripts/po-merge.sh path/to/fragment.po   (entries already in the catalogue keep their translation)
set -euo pipefail
cd "$(dirname "$0")/.."
fragment="$1"
catalogue=src/wijkverband/locale/nl/LC_MESSAGES/django.po
(
  flock 9
  tmp=$(mktemp)
  if ! head -1 "$fragment" | grep -q '^msgid ""'; then
    sed -n '1,/^$/p' "$catalogue" | grep -v '^#' > "$tmp"
    cat "$fragment" >> "$tmp"
  else
    cp "$fragment" "$tmp"
  fi
  msgcat --use-first --no-wrap "$catalogue" "$tmp" -o "$catalogue"
  rm -f "$tmp"
  msgfmt --check-format -o src/wijkverband/locale/nl/LC_MESSAGES/django.mo "$catalogue"
) 9>/tmp/wijkverband-po.lock
