#!/usr/bin/env node
// Prints one Cloud Monitoring alert policy (AlertPolicy JSON, for `gcloud monitoring policies
// create --policy-from-file`). deploy.sh checks every value against its pattern before it gets
// here; the values only ever land inside JSON strings, never in a shell.
//   node deploy/alert-policies.js dead-letter NAME SUBSCRIPTION_ID
//   node deploy/alert-policies.js failed NAME METRIC_NAME
//   node deploy/alert-policies.js not-posted NAME METRIC_NAME
//   node deploy/alert-policies.js dead-letter-posts NAME SUBSCRIPTION_ID
// A dead-lettered notification is a finding nobody triaged; a `failed` outcome is a delivery
// that Pub/Sub will retry and may dead-letter. Either one should reach a person.

const [kind, name, target] = process.argv.slice(2);

/** A condition that fires as soon as the metric counts one event in five minutes. */
function anyEventIn5Minutes(displayName, filter) {
  return {
    displayName,
    conditionThreshold: {
      filter,
      comparison: 'COMPARISON_GT',
      thresholdValue: 0,
      duration: '0s',
      aggregations: [{ alignmentPeriod: '300s', perSeriesAligner: 'ALIGN_SUM', crossSeriesReducer: 'REDUCE_SUM' }],
      trigger: { count: 1 },
    },
  };
}

const policies = {
  'dead-letter': () => ({
    displayName: `${name}: findings dead-lettered`,
    documentation: {
      mimeType: 'text/markdown',
      content: `A notification failed ${name}'s triage 10 times and went to the dead-letter topic: a finding nobody triaged. Read \`${name}-dead-letter-sub\`, fix the cause (the function's \`failed\` log lines say it), then replay with \`scc-triage replay\`.`,
    },
    combiner: 'OR',
    conditions: [
      anyEventIn5Minutes(
        'dead-lettered messages on the trigger subscription',
        `resource.type = "pubsub_subscription" AND resource.labels.subscription_id = "${target}" AND metric.type = "pubsub.googleapis.com/subscription/dead_letter_message_count"`,
      ),
    ],
    alertStrategy: { autoClose: '86400s' },
  }),
  failed: () => ({
    displayName: `${name}: deliveries failed`,
    documentation: {
      mimeType: 'text/markdown',
      content: `${name} logged a \`failed\` outcome: a delivery it could not handle and Pub/Sub will retry (Logging unreachable, publish timed out). Repeated failures end in the dead-letter topic.`,
    },
    combiner: 'OR',
    conditions: [anyEventIn5Minutes('failed outcomes', `resource.type = "cloud_run_revision" AND metric.type = "logging.googleapis.com/user/${target}"`)],
    alertStrategy: { autoClose: '86400s' },
  }),
  'dead-letter-posts': () => ({
    displayName: `${name}: summaries dead-lettered`,
    documentation: {
      mimeType: 'text/markdown',
      content: `${name}-notify failed to post a summary 10 times (the webhook kept answering 5xx or 429, or timed out) and it went to the dead-letter topic: an alert nobody saw. Read \`${name}-dead-letter-sub\`.`,
    },
    combiner: 'OR',
    conditions: [
      anyEventIn5Minutes(
        "dead-lettered messages on the subscriber's trigger subscription",
        `resource.type = "pubsub_subscription" AND resource.labels.subscription_id = "${target}" AND metric.type = "pubsub.googleapis.com/subscription/dead_letter_message_count"`,
      ),
    ],
    alertStrategy: { autoClose: '86400s' },
  }),
  'not-posted': () => ({
    displayName: `${name}: alerts not posted`,
    documentation: {
      mimeType: 'text/markdown',
      content: `${name}-notify rejected a summary it will never post: the summary did not validate, or a webhook refused the message for good (4xx). The finding is still on \`${name}-summaries-sub\`; the log line says why.`,
    },
    combiner: 'OR',
    conditions: [anyEventIn5Minutes('rejected posts', `resource.type = "cloud_run_revision" AND metric.type = "logging.googleapis.com/user/${target}"`)],
    alertStrategy: { autoClose: '86400s' },
  }),
};

if (!(kind in policies) || !name || !target) {
  process.stderr.write('usage: alert-policies.js dead-letter|failed|not-posted|dead-letter-posts NAME TARGET\n');
  process.exit(2);
}
process.stdout.write(`${JSON.stringify(policies[kind](), null, 2)}\n`);
