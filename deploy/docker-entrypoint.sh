#!/bin/sh
# Entry point of Vigie's image: each Docker secret named vigie_<setting> (a file under
# /run/secrets) becomes the environment variable VIGIE_<SETTING>, so secrets never sit in the
# Compose file or the image. Then the command runs in place of this shell.
set -eu
for file in /run/secrets/vigie_*; do
    [ -f "$file" ] || continue
    name=$(basename "$file" | tr '[:lower:]' '[:upper:]')
    value=$(cat "$file")
    export "$name=$value"
done
exec "$@"
