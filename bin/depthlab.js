#!/usr/bin/env node
"use strict";
const path = require("node:path");
const fs = require("node:fs");

const mainJs = path.join(__dirname, "..", "dist", "kernel", "main.js");
if (!fs.existsSync(mainJs)) {
  process.stderr.write("depthlab is not built: run `npm install` (or `npm run build`) in " + path.dirname(__dirname) + "\n");
  process.exit(1);
}
// The assignment commands live in dist/assign/, which the kernel does not load.
const ASSIGN_COMMANDS = ["assign", "validate", "grade"];
const argv = process.argv.slice(2);
const entry = ASSIGN_COMMANDS.includes(argv[0])
  ? require(path.join(__dirname, "..", "dist", "assign", "cli.js")).assignMain
  : require(mainJs).main;
entry(argv)
  .then((code) => {
    if (code >= 0) process.exitCode = code;
  })
  .catch((error) => {
    process.stderr.write("depthlab: " + (error && error.message ? error.message : String(error)) + "\n");
    process.exit(1);
  });
