#!/usr/bin/env bash
# Build the GOV.UK Frontend assets that tracker serves from tracker/static/.
#
# Inputs:  assets/ (package.json, package-lock.json, app.scss and partials)
# Outputs: tracker/static/govuk-frontend/
#            govuk-frontend.min.css  compiled from assets/app.scss
#            govuk-frontend.min.js   copied from the govuk-frontend package
#            assets/                 non-branded Frontend assets (see below)
#            VERSION
#
# No fonts are shipped (the CSS uses Arial/Helvetica), and no crown, crest or
# GOV.UK logo/icon files are shipped: this is a council service. In
# govuk-frontend 6.3.0 every file under dist/govuk/assets/images is GOV.UK
# branded (the favicons show the crown), so nothing from there is kept, and
# manifest.json is dropped when it lists icons that were not kept.
#
# Usage: scripts/build-assets.sh
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
assets_dir="${repo_root}/assets"
out_dir="${repo_root}/tracker/static/govuk-frontend"
out_assets="${out_dir}/assets"
frontend_dist="${assets_dir}/node_modules/govuk-frontend/dist/govuk"

cd "${assets_dir}"

if [[ -f package-lock.json ]]; then
  npm ci --no-audit --no-fund
else
  npm install --no-audit --no-fund
fi

frontend_version="$(node -p 'require("govuk-frontend/package.json").version')"

rm -rf "${out_dir}"
mkdir -p "${out_assets}"

# CSS
npx --no-install sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  app.scss "${out_dir}/govuk-frontend.min.css"

# JS, copied unchanged from the release.
cp "${frontend_dist}/govuk-frontend.min.js" "${out_dir}/govuk-frontend.min.js"

# Static assets: images, manifest.json and rebrand/ where the release has them.
# Never fonts/.
for item in images manifest.json rebrand; do
  if [[ -e "${frontend_dist}/assets/${item}" ]]; then
    cp -R "${frontend_dist}/assets/${item}" "${out_assets}/"
  fi
done
rm -rf "${out_assets}/fonts"

# Remove GOV.UK branding: crown, crest, GOV.UK logo and icon files, and the
# GOV.UK favicons (which are the crown).
find "${out_assets}" -type f \( \
    -iname '*crown*' -o -iname '*crest*' -o -iname '*govuk*' \
    -o -iname '*logo*' -o -iname 'favicon*' \
  \) -delete

# manifest.json only makes sense if every icon it lists is still here.
if [[ -f "${out_assets}/manifest.json" ]]; then
  if ! node -e '
    const fs = require("fs"), path = require("path");
    const dir = process.argv[1];
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
    const missing = (manifest.icons || []).filter((icon) => !fs.existsSync(path.join(dir, icon.src)));
    process.exit(missing.length ? 1 : 0);
  ' "${out_assets}"; then
    rm -f "${out_assets}/manifest.json"
  fi
fi

find "${out_assets}" -depth -type d -empty ! -path "${out_assets}" -delete

cat > "${out_dir}/VERSION" <<VERSION
govuk-frontend ${frontend_version}
These files are built by scripts/build-assets.sh from assets/; do not edit them by hand.
VERSION

# Checks
css="${out_dir}/govuk-frontend.min.css"
fail=0
if grep -qi 'GDS Transport' "${css}"; then
  echo "error: compiled CSS still mentions GDS Transport" >&2
  fail=1
fi
if ! grep -q 'font-family:arial,helvetica,sans-serif' "${css}"; then
  echo "error: compiled CSS does not use Arial/Helvetica" >&2
  fail=1
fi
while IFS= read -r url; do
  [[ -z "${url}" ]] && continue
  path="${url#url(}"
  path="${path%)}"
  path="${path//\"/}"
  path="${path//\'/}"
  case "${path}" in
    /static/govuk-frontend/assets/*)
      if [[ ! -f "${repo_root}/tracker${path}" ]]; then
        echo "error: compiled CSS refers to missing file ${path}" >&2
        fail=1
      fi
      ;;
    *)
      echo "error: compiled CSS refers to ${path}, outside /static/govuk-frontend/assets/" >&2
      fail=1
      ;;
  esac
done < <(grep -o 'url([^)]*)' "${css}" || true)
if [[ -n "$(find "${out_assets}" -type f \( -iname '*.woff' -o -iname '*.woff2' -o -iname '*crown*' -o -iname '*crest*' -o -iname '*govuk*' -o -iname 'favicon*' \))" ]]; then
  echo "error: fonts or GOV.UK branded files left in ${out_assets}" >&2
  fail=1
fi
if [[ "${fail}" -ne 0 ]]; then
  exit 1
fi

echo "Built govuk-frontend ${frontend_version} into ${out_dir#"${repo_root}"/}:"
(cd "${out_dir}" && find . -type f | sort | sed 's|^\./|  |')
