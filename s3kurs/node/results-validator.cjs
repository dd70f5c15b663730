// Generates the browser's validator for the results file from the same JSON Schemas that Python
// uses (s3kurs/schemas/results-v*.schema.json), with Ajv's standalone code: no hand-written copy.
// Usage: node results-validator.cjs OUT.js SCHEMA.json... (run by the Sphinx extension at build
// time; Ajv is resolved from the working directory's node_modules, installed by `npm ci`).
"use strict";
const fs = require("fs");
const path = require("path");

const here = process.cwd();
const load = (name) => require(require.resolve(name, { paths: [here] }));
const Ajv2020 = load("ajv/dist/2020").default;
const standalone = load("ajv/dist/standalone").default;

const [out, ...schemas] = process.argv.slice(2);
const parts = schemas.map((file) => {
  const schema = JSON.parse(fs.readFileSync(file, "utf8"));
  const version = schema.properties.formatVersion.const;
  // allErrors: every problem, so that the summary page names the same first one as Python (results.schema_problem)
  const ajv = new Ajv2020({ code: { source: true, esm: false, lines: false }, allErrors: true, strict: true });
  const code = standalone(ajv, ajv.compile(schema));
  if (/\brequire\(/.test(code)) {
    throw new Error(path.basename(file) + ": the generated code needs Ajv's runtime; keep the schema to keywords that compile to plain code (no minLength/maxLength, format or non-primitive const)");
  }
  return "  validators[" + version + "] = (function (module) {\n" + code + "\n  return module.exports;\n  })({ exports: {} });";
});
const text = "/* Generated at build time from " + schemas.map((f) => path.basename(f)).join(", ") +
  " by s3kurs/node/results-validator.cjs (Ajv standalone). Do not edit. */\n" +
  "(function () {\n  \"use strict\";\n  var validators = {};\n" + parts.join("\n") +
  "\n  window.S3kurs = window.S3kurs || {};\n" +
  "  /* The validator for a results file's format version, or undefined: call it with the data; its .errors says why not. */\n" +
  "  window.S3kurs.resultsValidator = function (version) { return validators[version]; };\n})();\n";
fs.writeFileSync(out, text);
