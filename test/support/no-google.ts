/** Jest setup file for every test worker: no metadata-server probing and a test project, so no client reaches Google. */
process.env.METADATA_SERVER_DETECTION = 'none';
process.env.GOOGLE_CLOUD_PROJECT ??= 'scc-triage-test';
