/**
 * The Cloud Run functions of this source: `triageFinding` (the triage) and `postSummary` (the chat
 * subscriber), both for Pub/Sub CloudEvents. One deployed source serves either, by
 * `--entry-point`: an instance serves the target in `FUNCTION_TARGET` (which Cloud Run functions
 * sets from the entry point; unset, the triage).
 *
 * Start-up does two things only: it parses and checks the target's configuration, so a bad setting
 * fails the instance (and the deploy) at once, naming the variable; and it registers the target.
 * The target's module (engine, schemas, Google clients) loads on the first delivery: this is the
 * deployed bundle's entry (scripts/bundle.js), and each target's module is a file of its own.
 */
import * as functions from '@google-cloud/functions-framework';
import { parseFunctionConfig } from './config';
import { lazyHandler } from './delivery/lazy-handler';
import type * as FunctionModule from './function';
import { parseNotifyConfig } from './notify/config';
import type * as SubscriberModule from './subscriber';

/* eslint-disable @typescript-eslint/no-require-imports -- required on first delivery, so start-up loads neither target's module graph */
if (process.env.FUNCTION_TARGET === 'postSummary') {
  const config = parseNotifyConfig(process.env);
  functions.cloudEvent(
    'postSummary',
    lazyHandler(() => (require('./subscriber') as typeof SubscriberModule).createSubscriberHandler(config)),
  );
} else {
  const config = parseFunctionConfig(process.env);
  functions.cloudEvent(
    'triageFinding',
    lazyHandler(() => (require('./function') as typeof FunctionModule).createFunctionHandler(config)),
  );
}
/* eslint-enable @typescript-eslint/no-require-imports */
