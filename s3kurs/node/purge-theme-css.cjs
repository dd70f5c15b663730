// Shrinks the theme's stylesheet to the rules the built site can use: PurgeCSS keeps every rule
// whose selectors name a class, id or element that occurs in a page or a script of the site, and
// every rule for the colour modes (set by scripts as data-theme / data-mode on <html>).
// Usage: node purge-theme-css.cjs SITE_DIR CSS_FILE... (run by the Sphinx extension after the
// build; PurgeCSS is resolved from the working directory's node_modules, installed by `npm ci`).
"use strict";
const fs = require("fs");
const path = require("path");

const { PurgeCSS } = require(require.resolve("purgecss", { paths: [process.cwd()] }));
const [site, ...files] = process.argv.slice(2);

function walk(dir, out) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) { walk(full, out); } else if (/\.(html|js)$/.test(entry.name)) { out.push(full); }
  }
  return out;
}

new PurgeCSS().purge({
  content: walk(site, []),
  css: files,
  safelist: { greedy: [/data-theme/, /data-mode/, /data-bs-theme/] },
  fontFace: false,
  keyframes: false,
  variables: false,
}).then((results) => {
  for (const result of results) {
    const before = fs.statSync(result.file).size;
    fs.writeFileSync(result.file, result.css);
    console.log(path.basename(result.file) + ": " + before + " -> " + Buffer.byteLength(result.css) + " bytes");
  }
}).catch((error) => { console.error(String(error)); process.exit(1); });
