/**
 * The Cloud Run functions of this source: `triageFinding` (the triage) and `postSummary` (the chat
 * subscriber), both for Pub/Sub CloudEvents. One deployed source serves either, by
 * `--entry-point`: an instance loads and wires only the target it serves (`FUNCTION_TARGET`, which
 * Cloud Run functions sets from the entry point; unset, the triage), so the subscriber never loads
 * the triage's engine and each reads and checks only its own configuration, once, at cold start.
 * The Google clients load on first use.
 */
import * as functions from '@google-cloud/functions-framework';
import type * as FunctionModule from './function';
import type * as SubscriberModule from './subscriber';

/* eslint-disable @typescript-eslint/no-require-imports -- required by target, so the other target's module graph never loads */
if (process.env.FUNCTION_TARGET === 'postSummary') {
  const { createSubscriberHandler } = require('./subscriber') as typeof SubscriberModule;
  functions.cloudEvent('postSummary', createSubscriberHandler(process.env));
} else {
  const { createFunctionHandler } = require('./function') as typeof FunctionModule;
  functions.cloudEvent('triageFinding', createFunctionHandler(process.env));
}
/* eslint-enable @typescript-eslint/no-require-imports */
