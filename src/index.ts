/**
 * The Cloud Run functions of this source: `triageFinding` (the triage) and `postSummary` (the chat
 * subscriber), both for Pub/Sub CloudEvents. One deployed source serves either, by
 * `--entry-point`: an instance wires only the target it serves (`FUNCTION_TARGET`, which Cloud Run
 * functions sets from the entry point; unset, the triage), so each reads and checks only its own
 * configuration, once, at cold start. The Google clients load on first use.
 */
import * as functions from '@google-cloud/functions-framework';
import { createFunctionHandler } from './function';
import { createSubscriberHandler } from './subscriber';

if (process.env.FUNCTION_TARGET === 'postSummary') {
  functions.cloudEvent('postSummary', createSubscriberHandler(process.env));
} else {
  functions.cloudEvent('triageFinding', createFunctionHandler(process.env));
}
