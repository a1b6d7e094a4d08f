#!/bin/sh
# Entry point of Vigie's image. First it refuses to start while any secret still holds an
# example value of deploy/secrets.example ("change-me-..." or "Replace with ..."): a stack is
# never run with the published passwords. Then each Docker secret named vigie_<setting> (a file
# under /run/secrets) becomes the environment variable VIGIE_<SETTING>, so secrets never sit in
# the Compose file or the image. Then the command runs in place of this shell.
set -eu
secrets_dir=${VIGIE_SECRETS_DIR:-/run/secrets}
examples=""
for file in "$secrets_dir"/*; do
    [ -f "$file" ] || continue
    if grep -Eqi 'change-me|replace[ _]with' "$file"; then
        examples="$examples $(basename "$file")"
    fi
done
if [ -n "$examples" ]; then
    echo "refusing to start: these secrets still hold the example value of" \
         "deploy/secrets.example:$examples. Put real values in deploy/secrets/ (docs/deploy.md)." >&2
    exit 78
fi
for file in "$secrets_dir"/vigie_*; do
    [ -f "$file" ] || continue
    name=$(basename "$file" | tr '[:lower:]' '[:upper:]')
    value=$(cat "$file")
    export "$name=$value"
done
exec "$@"
