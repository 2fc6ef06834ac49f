/**
 * Container Threat Detection and Cloud Run Threat Detection runtime categories, as data. CTD and
 * CRTD share display names, so the category never tells the platform; it only tells the family.
 */

/** Threat families scc-triage has a playbook for; every other runtime category is `other_runtime_threat`. */
export const families = ['reverse_shell', 'remote_command_execution', 'malicious_python', 'other_runtime_threat'] as const;
/** One of {@link families}. */
export type Family = (typeof families)[number];

/** The detectors (SCC `parentDisplayName`) whose findings are container runtime threats. */
export const runtimeDetectors = ['Container Threat Detection', 'Cloud Run Threat Detection'] as const;

const playbookFamilies: Readonly<Record<string, Family>> = {
  'reverse shell': 'reverse_shell',
  reverse_shell: 'reverse_shell',
  'execution: possible remote command execution detected': 'remote_command_execution',
  possible_remote_command_execution_detected: 'remote_command_execution',
  'execution: malicious python executed': 'malicious_python',
  malicious_python_executed: 'malicious_python',
};

/** Display names of the other CTD/CRTD runtime detectors (without their tactic prefix). */
const otherRuntimeCategories = [
  'added binary executed', 'added library loaded', 'pam.d modification', 'steganography tool detected',
  'piped encoded download', 'piped encoded code execution detected', 'access sensitive files on nodes',
  'find google cloud credentials', 'gpg key reconnaissance', 'search private keys or passwords',
  'base64 elf file command line', 'base64 encoded python script executed', 'base64 encoded shell script executed',
  'disable or modify linux audit system', 'launch code compiler tool in container', 'root certificate installed',
  'added malicious binary executed', 'added malicious library loaded', 'built in malicious binary executed',
  'container escape', 'fileless execution in /memfd:', 'ingress nightmare vulnerability execution',
  'kubernetes attack tool execution', 'local reconnaissance tool execution', 'modified malicious binary executed',
  'modified malicious library loaded', 'netcat remote code execution in container',
  'possible arbitrary command execution through cups (cve-2024-47076)', 'program run with disallowed http proxy env',
  'socat reverse shell detected', 'suspicious cron modification', 'suspicious openssl shared object loaded',
  'launch remote file copy tools in container', 'detect malicious cmdlines', 'remove bulk data from disk',
  'suspicious crypto mining activity using the stratum protocol',
  'suspicious cryptocurrency mining activity using the stratum protocol', 'malicious script executed',
  'malicious url observed', 'modify ld.so.preload', 'abuse of sudo for privilege escalation (cve-2019-14287)',
  'fileless execution in /dev/shm', 'polkit local privilege escalation vulnerability (cve-2021-4034)',
  'sudo potential privilege escalation (cve-2021-3156)', 'unexpected child shell',
] as const;

const otherRuntime = new Set<string>(otherRuntimeCategories);

/** Lower-cases, trims, folds spaces and drops a trailing `(Preview)` and a `CLOUD_RUN_` module prefix. */
export function normalizeCategory(category: string): string {
  return category
    .trim()
    .replace(/\s*\(\s*preview\s*\)\s*$/i, '')
    .replace(/\s+/g, ' ')
    .toLowerCase()
    .replace(/^cloud_run_/, '');
}

/**
 * The family of a category, or undefined when the category is not a known runtime detector.
 * Accepts display names (`Reverse Shell`) and module names (`CLOUD_RUN_REVERSE_SHELL`).
 */
export function familyOf(category: string): Family | undefined {
  const normalized = normalizeCategory(category);
  const playbook = playbookFamilies[normalized];
  if (playbook !== undefined) return playbook;
  const withoutTactic = normalized.replace(/^[a-z ]+: /, '');
  if (otherRuntime.has(withoutTactic) || otherRuntime.has(normalized)) return 'other_runtime_threat';
  const moduleName = withoutTactic.replace(/_/g, ' ');
  return otherRuntime.has(moduleName) ? 'other_runtime_threat' : undefined;
}
