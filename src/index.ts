/**
 * The Cloud Run function: registers `triageFinding` for Pub/Sub CloudEvents. Configuration is read
 * and validated once, at cold start; the Google clients load on first use.
 */
import * as functions from '@google-cloud/functions-framework';
import { createFunctionHandler } from './function';

functions.cloudEvent('triageFinding', createFunctionHandler(process.env));
