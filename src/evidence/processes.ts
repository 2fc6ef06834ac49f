/** The finding's processes and network tuple, bounded and with secrets masked. */
import type { Family } from '../notification/categories';
import type { Finding, FindingProcess } from '../notification/schema';
import { text } from '../notification/workload';
import { boundText } from '../lib/sanitize';
import { z } from 'zod';
import { ipScope, ipScopes } from './ip-scope';
import { maskArgs, maskEnv, maskText } from './mask';
import { defined } from '../lib/defined';

/** Bounds on untrusted process text in the output. */
export const processLimits = { processes: 16, args: 64, argChars: 1024, scriptChars: 2048, envVars: 32, envChars: 256, pathChars: 1024, hashChars: 128 } as const;

const pathAndHash = z.object({ path: z.string().optional().describe("The file's path in the container."), sha256: z.string().optional().describe('Its SHA-256, as SCC computed it.') });

/** A process as the summary reports it: this stage's part of the output contract. */
export const processReportSchema = z.object({
  name: z.string().optional().describe('The process name.'),
  binary: z.string().describe("The executable's path."),
  sha256: z.string().optional().describe("The executable's SHA-256 (see indicators.links for VirusTotal)."),
  partiallyHashed: z.boolean().optional().describe('True when SCC hashed only the first part of a large file.'),
  args: z.array(z.string()).describe('The command line, each argument bounded, secrets masked.'),
  argsTruncated: z.boolean().optional().describe('True when SCC or the summary cut the argument list.'),
  script: pathAndHash
    .extend({ excerpt: z.string().optional().describe('The start of the script, bounded and masked.') })
    .optional()
    .describe('The script an interpreter ran, with a bounded, masked excerpt of its contents.'),
  libraries: z.array(pathAndHash).optional().describe('Libraries the process loaded that SCC reported.'),
  env: z
    .array(z.object({ name: z.string().describe('Variable name.'), value: z.string().describe('Its value, bounded; masked when it looks secret.') }))
    .optional()
    .describe('Environment variables SCC reported, values masked when they look secret.'),
  pid: z.string().optional().describe('Process id in the container.'),
  parentPid: z.string().optional().describe('Parent process id.'),
  userId: z.string().optional().describe('The user id the process ran as.'),
});

/** A process, as {@link processReportSchema} describes it. */
export type ProcessReport = Readonly<z.infer<typeof processReportSchema>>;

/** The reverse-shell connection. */
export const networkReportSchema = z.object({
  dstIp: z.string().optional().describe("Destination IP of the finding's connection (the reverse shell's peer)."),
  dstPort: z.number().int().optional().describe('Destination port.'),
  srcIp: z.string().optional().describe('Source IP (the workload side).'),
  srcPort: z.number().int().optional().describe('Source port.'),
  dstScope: z
    .enum(ipScopes)
    .optional()
    .describe('Whether the destination is public, private, link-local, loopback, unspecified, reserved (this network, multicast, broadcast: no host holds them) or invalid.'),
});

/** The connection, as {@link networkReportSchema} describes it. */
export type NetworkReport = Readonly<z.infer<typeof networkReportSchema>>;

/** Reports every process (up to the limit), masking secrets when asked. */
export function processReports(finding: Finding, mask: boolean): ProcessReport[] {
  return (finding.processes ?? []).slice(0, processLimits.processes).map((process) => processReport(process, mask));
}

/** Untrusted text cut to its budget: the head kept and how many characters were dropped. */
interface Cut {
  readonly head: string;
  readonly dropped: number;
}

// Everything is cut before any masking or matching looks at it, so their cost is bounded by the budget.
const cut = (text: string, max: number): Cut => (text.length <= max ? { head: text, dropped: 0 } : { head: text.slice(0, max), dropped: text.length - max });
// The same mark as `boundText`, put after the (masked) head.
const marked = (shown: string, { dropped }: Cut) => (dropped === 0 ? shown : `${shown}…[+${dropped} chars]`);
// Paths and hashes are shown as they are (not masked), only cut.
const bounded = (text: string | undefined, max: number) => (text === undefined ? undefined : boundText(text, max));

/** The arguments, count-bounded and each cut, then masked as one vector (the program in argv[0] decides short flags). */
function argsReport(rawArgs: readonly string[], mask: boolean): string[] {
  const cuts = rawArgs.slice(0, processLimits.args).map((arg) => cut(arg, processLimits.argChars));
  const heads = cuts.map((c) => c.head);
  const shown = mask
    ? maskArgs(
        heads,
        cuts.map((c) => c.dropped > 0),
      )
    : heads;
  return shown.map((arg, index) => marked(arg, cuts[index]!));
}

function scriptExcerpt(contents: string, mask: boolean): string {
  const excerpt = cut(contents, processLimits.scriptChars);
  return marked(mask ? maskText(excerpt.head, excerpt.dropped > 0) : excerpt.head, excerpt);
}

function envReport(variable: { readonly name?: string | undefined; readonly val?: string | undefined }, mask: boolean): { readonly name: string; readonly value: string } {
  const fullName = variable.name ?? '';
  const name = cut(fullName, processLimits.envChars);
  const value = cut(variable.val ?? '', processLimits.envChars);
  // A cut name is judged by its head and its tail: `XXXX…_DB_PASSWORD` names a secret at its end.
  const judged = name.dropped > 0 ? `${name.head}_${fullName.slice(-processLimits.envChars)}` : name.head;
  return { name: marked(name.head, name), value: marked(mask ? maskEnv(judged, value.head, value.dropped > 0) : value.head, value) };
}

function processReport(process: FindingProcess, mask: boolean): ProcessReport {
  const rawArgs = process.args ?? [];
  const script = process.script;
  const { pathChars, hashChars } = processLimits;
  return defined({
    name: bounded(process.name, pathChars),
    binary: bounded(process.binary?.path ?? process.name, pathChars) ?? '',
    sha256: bounded(process.binary?.sha256, hashChars),
    partiallyHashed: process.binary?.partiallyHashed,
    args: argsReport(rawArgs, mask),
    argsTruncated: process.argumentsTruncated === true || rawArgs.length > processLimits.args ? true : undefined,
    script:
      script === undefined
        ? undefined
        : defined({ path: bounded(script.path, pathChars), sha256: bounded(script.sha256, hashChars), excerpt: script.contents === undefined ? undefined : scriptExcerpt(script.contents, mask) }),
    libraries: process.libraries?.slice(0, processLimits.args).map((lib) => defined({ path: bounded(lib.path, pathChars), sha256: bounded(lib.sha256, hashChars) })),
    env: process.envVariables?.slice(0, processLimits.envVars).map((variable) => envReport(variable, mask)),
    pid: process.pid,
    parentPid: process.parentPid,
    userId: process.userId,
  });
}

function port(value: unknown): number | undefined {
  const raw = text(value);
  const number = raw === undefined ? Number.NaN : Number(raw);
  return Number.isInteger(number) && number >= 0 && number <= 65535 ? number : undefined;
}

/** The reverse-shell tuple from `sourceProperties`, with the destination's scope; undefined when absent. */
export function networkReport(finding: Finding): NetworkReport | undefined {
  const props = finding.sourceProperties ?? {};
  const prefix = 'Reverse_Shell_Stdin_Redirection_';
  const dstIp = text(props[`${prefix}Dst_Ip`]) ?? finding.indicator?.ipAddresses?.[0];
  const report = defined({
    dstIp: dstIp === undefined ? undefined : boundText(dstIp, 64),
    dstPort: port(props[`${prefix}Dst_Port`]),
    srcIp: text(props[`${prefix}Src_Ip`])?.slice(0, 64),
    srcPort: port(props[`${prefix}Src_Port`]),
    dstScope: dstIp === undefined ? undefined : ipScope(dstIp),
  });
  return Object.keys(report).length === 0 ? undefined : report;
}

/** The finding's connection, when it has one: every reverse shell, and any finding that names a reverse-shell destination. */
export function networkOf(finding: Finding, family: Family): NetworkReport | undefined {
  return family === 'reverse_shell' || finding.sourceProperties?.Reverse_Shell_Stdin_Redirection_Dst_Ip !== undefined ? networkReport(finding) : undefined;
}
