#!/usr/bin/env node
// Prints the SCC notification-config streaming filter: every container runtime threat category,
// ACTIVE findings and their updates (mute changes stay ACTIVE), and INACTIVE updates, so the
// function can tell downstream to close or silence an alert. Reads the category list from the build.
const { runtimeCategories } = require('../dist/notification/categories.js');
const { quote } = require('../dist/query/builder.js');
const categories = runtimeCategories.map((name) => `category=${quote(name)}`).join(' OR ');
process.stdout.write(`(${categories}) AND (state="ACTIVE" OR state="INACTIVE")\n`);
