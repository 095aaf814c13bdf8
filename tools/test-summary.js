// Prints the plain closing line CI reads ("N passed, N failed, N skipped") from Jest's JSON
// results, with the names of skipped tests so that nothing skipped passes for run.
const fs = require('node:fs');

const file = process.argv[2];
if (!fs.existsSync(file)) {
  console.log('tests: 0 passed, 1 failed (no results were written)');
  process.exit(1);
}
const results = JSON.parse(fs.readFileSync(file, 'utf8'));
const skipped = [];
for (const suite of results.testResults) {
  for (const test of suite.assertionResults) {
    if (test.status === 'pending' || test.status === 'skipped' || test.status === 'todo') {
      skipped.push(test.fullName);
    }
  }
}
if (skipped.length > 0) {
  console.log(`skipped (${skipped.length}), by name:`);
  for (const name of skipped) console.log(`  - ${name}`);
}
const failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
console.log(`tests: ${results.numPassedTests} passed, ${failed} failed, ${skipped.length} skipped`);
process.exit(failed > 0 || results.numPassedTests === 0 ? 1 : 0);
