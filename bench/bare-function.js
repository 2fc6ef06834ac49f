// The cold-start bench's baseline: a bare Functions Framework function for Pub/Sub CloudEvents,
// doing nothing. bench/cold-start.bench.ts starts it as it starts scc-triage, side by side.
const functions = require('@google-cloud/functions-framework');

functions.cloudEvent('bare', () => {});
