#!/usr/bin/env bash
# Vendor GraphiQL's prebuilt browser files into api/assets/graphiql, so the api serves GraphiQL
# with no CDN. Needs node and npm (and the npm registry); run from anywhere:
#
#     bash scripts/vendor-graphiql.sh
#
# What it writes (and nothing else; index.html, init.js and page.css there are ours, kept by hand):
#   graphiql.min.js, graphiql.min.css      graphiql's own UMD build (inlines graphql-js, graphql-ws,
#                                          CodeMirror 5 and the rest; expects window.React/ReactDOM)
#   react.production.min.js                react's UMD build
#   react-dom.production.min.js            react-dom's UMD build (inlines scheduler)
#   LICENSES.txt                           the licence texts of all of the above
#
# The files are copied byte for byte from the npm tarballs, which npm checks against the integrity
# hashes pinned below. The licence texts of the packages that graphiql's bundle inlines come from
# their current releases within graphiql's dependency ranges (the bundle does not say which exact
# versions it was built from). Running it twice gives the same files.
set -euo pipefail

GRAPHIQL_VERSION=3.8.3
REACT_VERSION=18.3.1
# The graphql-js that graphiql 3.8.3's bundle inlines (its `version` export); only its licence is used.
GRAPHQL_VERSION=16.9.0
# Packages that the bundle inlines but graphiql's published dependency tree no longer pulls in
# (build-time helpers, optional peers); installed only for their licence texts.
LICENSE_ONLY=(@babel/runtime@7.29.17 graphql-ws@5.16.2 @radix-ui/react-use-escape-keydown@1.1.6 isarray@2.0.5)

declare -A INTEGRITY=(
  [graphiql]=sha512-cuPDYtXVKV86Pu5PHBX642Odi/uVEE2y1Jxq5rGO/Qy1G2lRp7ZZ7a/T30RzxhuLSWo9zUbzq0P3U49//H0Ugw==
  [react]=sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==
  [react-dom]=sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw==
)

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out="$repo/api/assets/graphiql"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$work"
printf '{ "name": "vendor-graphiql", "private": true }\n' > package.json
npm install --save-exact --ignore-scripts --no-audit --no-fund --loglevel=error \
  "graphiql@$GRAPHIQL_VERSION" "react@$REACT_VERSION" "react-dom@$REACT_VERSION" \
  "graphql@$GRAPHQL_VERSION" "${LICENSE_ONLY[@]}" >/dev/null

# npm has checked each tarball against the lockfile's integrity; check that against ours.
for name in "${!INTEGRITY[@]}"; do
  got=$(node -p "require('./package-lock.json').packages['node_modules/$name'].integrity")
  if [[ "$got" != "${INTEGRITY[$name]}" ]]; then
    echo "vendor-graphiql: $name has integrity $got, expected ${INTEGRITY[$name]}" >&2
    exit 1
  fi
done

mkdir staged
cp node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css staged/
cp node_modules/react/umd/react.production.min.js staged/
cp node_modules/react-dom/umd/react-dom.production.min.js staged/

# LICENSES.txt: the vendored packages first, then every package whose modules graphiql's webpack
# bundle names ("/***/ \"<path>\":" headers), each with the licence file it ships.
node - "$GRAPHIQL_VERSION" "$REACT_VERSION" > staged/LICENSES.txt <<'NODE'
const fs = require('fs');
const path = require('path');
const [graphiqlVersion, reactVersion] = process.argv.slice(2);

const bundle = fs.readFileSync('node_modules/graphiql/graphiql.min.js', 'utf8');
// Packages of graphiql's monorepo appear as sibling folders, not under node_modules.
const monorepo = {
  'graphiql-react': '@graphiql/react',
  'graphiql-toolkit': '@graphiql/toolkit',
  'codemirror-graphql': 'codemirror-graphql',
  'graphql-language-service': 'graphql-language-service',
};
const inlined = new Set();
for (const [, module] of bundle.matchAll(/^\/\*\*\*\/ "([^"]+)":$/gm)) {
  const dep = module.match(/.*node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (dep) { inlined.add(dep[1]); continue; }
  const sibling = module.match(/^(?:\.\.\/)+([^./][^/]*)\//);
  if (sibling) {
    if (!monorepo[sibling[1]]) throw new Error(`unknown monorepo package in bundle: ${module}`);
    inlined.add(monorepo[sibling[1]]);
  }
}
if (inlined.size < 20) throw new Error(`found only ${inlined.size} packages in the bundle`);
inlined.add('scheduler'); // inlined by react-dom's UMD build
for (const top of ['graphiql', 'react', 'react-dom']) inlined.delete(top);

// Every installed copy of a package, the top-level one first.
function locate(name) {
  const found = [];
  (function walk(dir) {
    const candidate = path.join(dir, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) found.push(candidate);
    const nm = path.join(dir, 'node_modules');
    if (!fs.existsSync(nm)) return;
    for (const entry of fs.readdirSync(nm).sort()) {
      if (entry.startsWith('.')) continue;
      if (entry.startsWith('@')) {
        for (const sub of fs.readdirSync(path.join(nm, entry)).sort()) walk(path.join(nm, entry, sub));
      } else {
        walk(path.join(nm, entry));
      }
    }
  })('.');
  if (!found.length) throw new Error(`package ${name} is in the bundle but not installed`);
  return found[0];
}

function entry(name, dir, label) {
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const license = typeof pkg.license === 'string' ? pkg.license : JSON.stringify(pkg.license);
  const files = fs.readdirSync(dir).filter((f) => /^(licen[cs]e|copying)([.-].*)?$/i.test(f)).sort();
  const rule = '='.repeat(79);
  let text = `${rule}\n${label} (${license})\n${rule}\n\n`;
  if (files.length) {
    text += files.map((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim()).join('\n\n');
  } else {
    const author = typeof pkg.author === 'string' ? pkg.author : pkg.author && pkg.author.name;
    text += `The package ships no licence file; its package.json declares the ${license} licence`;
    text += author ? `, author ${author}.` : '.';
  }
  return text + '\n\n';
}

let out = 'Licences of the third-party files in this folder (api/assets/graphiql), written by\n'
  + 'scripts/vendor-graphiql.sh. index.html, init.js and page.css are Stockroom\'s own.\n\n'
  + `graphiql.min.js, graphiql.min.css   graphiql ${graphiqlVersion}, with the packages it inlines (below)\n`
  + `react.production.min.js             react ${reactVersion}\n`
  + `react-dom.production.min.js         react-dom ${reactVersion}, which inlines scheduler\n\n`;
out += entry('graphiql', 'node_modules/graphiql', `graphiql ${graphiqlVersion}`);
out += entry('react', 'node_modules/react', `react ${reactVersion}`);
out += entry('react-dom', 'node_modules/react-dom', `react-dom ${reactVersion}`);
out += 'Packages inlined in graphiql.min.js / graphiql.min.css (and scheduler, in\n'
  + 'react-dom.production.min.js); the texts are from their current releases within\n'
  + 'graphiql\'s dependency ranges.\n\n';
for (const name of [...inlined].sort()) out += entry(name, locate(name), name);
process.stdout.write(out.trimEnd() + '\n');
NODE

mkdir -p "$out"
for file in staged/*; do
  target="$out/$(basename "$file")"
  if ! cmp -s "$file" "$target"; then
    install -m 0644 "$file" "$target"
    echo "vendor-graphiql: wrote ${target#"$repo"/}"
  fi
done
echo "vendor-graphiql: graphiql $GRAPHIQL_VERSION, react/react-dom $REACT_VERSION in ${out#"$repo"/}"
(cd "$out" && sha256sum graphiql.min.js graphiql.min.css react.production.min.js react-dom.production.min.js)
