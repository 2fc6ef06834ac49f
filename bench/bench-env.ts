/**
 * Imported first by the bench: the environment Google clients read when they load. No metadata
 * server probing (and its warning), and a project of the bench's own.
 */
process.env.METADATA_SERVER_DETECTION = 'none';
process.env.GOOGLE_CLOUD_PROJECT = 'scc-triage-bench';

export const benchProject = 'scc-triage-bench';
