/** The finding's processes and network tuple, bounded and with secrets masked. */
import type { Finding, FindingProcess } from '../notification/schema';
import { text } from '../notification/workload';
import { boundText } from '../logs/excerpt';
import { type IpScope, ipScope } from './ip-scope';
import { maskArgs, maskEnv, maskText } from './mask';
import { defined } from '../defined';

/** Bounds on untrusted process text in the output. */
export const processLimits = { processes: 16, args: 64, argChars: 1024, scriptChars: 2048, envVars: 32, envChars: 256 } as const;

/** A process as the summary reports it. */
export interface ProcessReport {
  readonly name?: string;
  readonly binary: string;
  readonly sha256?: string;
  readonly partiallyHashed?: boolean;
  readonly args: string[];
  readonly argsTruncated?: boolean;
  readonly script?: { readonly path?: string; readonly sha256?: string; readonly excerpt?: string };
  readonly libraries?: { readonly path?: string; readonly sha256?: string }[];
  readonly env?: { readonly name: string; readonly value: string }[];
  readonly pid?: string;
  readonly parentPid?: string;
  readonly userId?: string;
}

/** The reverse-shell connection. */
export interface NetworkReport {
  readonly dstIp?: string;
  readonly dstPort?: number;
  readonly srcIp?: string;
  readonly srcPort?: number;
  readonly dstScope?: IpScope;
}

/** Reports every process (up to the limit), masking secrets when asked. */
export function processReports(finding: Finding, mask: boolean): ProcessReport[] {
  return (finding.processes ?? []).slice(0, processLimits.processes).map((process) => processReport(process, mask));
}

function processReport(process: FindingProcess, mask: boolean): ProcessReport {
  const clean = (value: string, max: number) => boundText(mask ? maskText(value) : value, max);
  const rawArgs = process.args ?? [];
  const args = (mask ? maskArgs(rawArgs) : rawArgs).slice(0, processLimits.args).map((arg) => boundText(arg, processLimits.argChars));
  const script = process.script;
  return defined({
    name: process.name,
    binary: process.binary?.path ?? process.name ?? '',
    sha256: process.binary?.sha256,
    partiallyHashed: process.binary?.partiallyHashed,
    args,
    argsTruncated: process.argumentsTruncated === true || rawArgs.length > processLimits.args ? true : undefined,
    script: script === undefined ? undefined : defined({ path: script.path, sha256: script.sha256, excerpt: script.contents === undefined ? undefined : clean(script.contents, processLimits.scriptChars) }),
    libraries: process.libraries?.slice(0, processLimits.args).map((lib) => defined({ path: lib.path, sha256: lib.sha256 })),
    env: process.envVariables?.slice(0, processLimits.envVars).map((variable) => ({
      name: boundText(variable.name ?? '', processLimits.envChars),
      value: boundText(mask ? maskEnv(variable.name ?? '', variable.val ?? '') : (variable.val ?? ''), processLimits.envChars),
    })),
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
