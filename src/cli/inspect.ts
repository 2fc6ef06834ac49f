/**
 * `queries` and `validate`: a notification taken as far as planning, no log read. They load the
 * engine's planning but no log, finding or publish adapter.
 */
import { InvalidNotificationError, describeError } from '../errors';
import { planTriage } from '../engine';
import { type CommandArgs, printJson, singleInput } from './args';
import { UsageError, exitCodes, readInput, writeLine } from './io';
import { renderPlan } from './render-plan';

/** `queries <file|->`: the planned sections with their filters and Explorer links; reads no logs. */
export async function queriesCommand(args: CommandArgs): Promise<number> {
  const plan = planTriage(await readInput(singleInput(args), args.io), args.config);
  const view = {
    kind: plan.classification.kind,
    ...(plan.classification.kind === 'skipped' ? { reason: plan.classification.reason } : { family: plan.classification.family, platform: plan.classification.platform }),
    sections: plan.sections.map((section) => {
      if (section.status === 'skipped') return section;
      const { expr: _expr, ...shown } = section;
      return shown;
    }),
  };
  if (args.format === 'json') printJson(args.io, view);
  else args.io.stdout(renderPlan(view));
  return exitCodes.handled;
}

/** `validate <file…>`: one line per file; exit 2 when any is invalid. */
export async function validateCommand(args: CommandArgs): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError('validate needs at least one file');
  let invalid = 0;
  for (const file of args.positionals) {
    try {
      const { classification } = planTriage(await readInput(file, args.io), args.config);
      const what = classification.kind === 'skipped' ? `skipped (${classification.reason})` : `${classification.kind} ${classification.family} ${classification.platform}`;
      writeLine(args.io.stdout, `ok ${file}: ${what}`);
    } catch (error) {
      if (!(error instanceof InvalidNotificationError)) throw error;
      invalid++;
      writeLine(args.io.stderr, `invalid ${file}: ${describeError(error)}`);
    }
  }
  return invalid === 0 ? exitCodes.handled : exitCodes.invalid;
}
