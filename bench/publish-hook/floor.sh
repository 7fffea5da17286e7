#!/usr/bin/env bash
# The floor under the publish hook, beside it in turns (variants.sh): the Api's own stack (its service defaults, its
# Redis connection) answering /hooks/publish with the form read and one one-command script, and with the script alone
# (Floor/). What the hook costs above that floor is the hook's own work.
# Usage: bench/publish-hook/floor.sh <rounds>   (MAX_RATE and API_DIR as for variants.sh)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
floor=$(mktemp -d)
trap 'rm -rf "$floor"' EXIT
dotnet publish "$here/Floor" -c Release -o "$floor" -v quiet -nologo >/dev/null
"$here/variants.sh" "$1" "hook|X=1" "form+script|X=1|$floor/Floor.dll" "script|Floor=bare|$floor/Floor.dll"
