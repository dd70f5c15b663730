// Runs the package's progress codec (s3kurs/static/s3kurs-scorm-codec.js) in Node.js for
// tests/test_scorm.py: reads {data, bank, limit, banks: [bank, ...]} as JSON on standard input and
// prints {text, level, fits, decoded: [decode(text, bank) for each of banks]}.
"use strict";
const fs = require("fs");
const path = require("path");
require(path.join(__dirname, "..", "..", "s3kurs", "static", "s3kurs-scorm-codec.js"));
const codec = globalThis.S3kurs.scormCodec;
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const encoded = codec.encode(input.data, input.bank, input.limit);
encoded.decoded = (input.banks || [input.bank]).map((bank) => codec.decode(encoded.text, bank));
process.stdout.write(JSON.stringify(encoded));
