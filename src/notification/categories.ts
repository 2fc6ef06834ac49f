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

/** Display names of every CTD and CRTD runtime detector, as SCC writes them in `category`. */
export const runtimeCategories = [
  'Reverse Shell',
  'Execution: Possible Remote Command Execution Detected',
  'Execution: Malicious Python executed',
  'Added Binary Executed',
  'Added Library Loaded',
  'Collection: Pam.d Modification',
  'Command and Control: Steganography Tool Detected',
  'Command and Control: Piped Encoded Download',
  'Command and Control: Piped Encoded Code Execution Detected',
  'Credential Access: Access Sensitive Files On Nodes',
  'Credential Access: Find Google Cloud Credentials',
  'Credential Access: GPG Key Reconnaissance',
  'Credential Access: Search Private Keys or Passwords',
  'Defense Evasion: Base64 ELF File Command Line',
  'Defense Evasion: Base64 Encoded Python Script Executed',
  'Defense Evasion: Base64 Encoded Shell Script Executed',
  'Defense Evasion: Disable or Modify Linux Audit System',
  'Defense Evasion: Launch Code Compiler Tool In Container',
  'Defense Evasion: Root Certificate Installed',
  'Execution: Added Malicious Binary Executed',
  'Execution: Added Malicious Library Loaded',
  'Execution: Built in Malicious Binary Executed',
  'Execution: Container Escape',
  'Execution: Fileless Execution in /memfd:',
  'Execution: Ingress Nightmare Vulnerability Execution',
  'Execution: Kubernetes Attack Tool Execution',
  'Execution: Local Reconnaissance Tool Execution',
  'Execution: Modified Malicious Binary Executed',
  'Execution: Modified Malicious Library Loaded',
  'Execution: Netcat Remote Code Execution in Container',
  'Execution: Possible Arbitrary Command Execution through CUPS (CVE-2024-47076)',
  'Execution: Program Run with Disallowed HTTP Proxy Env',
  'Execution: Socat Reverse Shell Detected',
  'Execution: Suspicious Cron Modification',
  'Execution: Suspicious OpenSSL Shared Object Loaded',
  'Exfiltration: Launch Remote File Copy Tools in Container',
  'Impact: Detect Malicious Cmdlines',
  'Impact: Remove Bulk Data From Disk',
  'Impact: Suspicious crypto mining activity using the Stratum Protocol',
  'Impact: Suspicious cryptocurrency mining activity using the Stratum Protocol',
  'Malicious Script Executed',
  'Malicious URL Observed',
  'Persistence: Modify ld.so.preload',
  'Privilege Escalation: Abuse of Sudo For Privilege Escalation (CVE-2019-14287)',
  'Privilege Escalation: Fileless Execution in /dev/shm',
  'Privilege Escalation: Polkit Local Privilege Escalation Vulnerability (CVE-2021-4034)',
  'Privilege Escalation: Sudo Potential Privilege Escalation (CVE-2021-3156)',
  'Unexpected Child Shell',
] as const;

/** No known category is this long; a longer one is cut before any pattern runs, so it stays unknown. */
const maxCategoryChars = 256;

/** The same names without their tactic prefix, normalised: module names and older names match these. */
const otherRuntimeCategories = runtimeCategories.map((name) => normalizeCategory(name).replace(/^[a-z ]+: /, ''));

const otherRuntime = new Set<string>(otherRuntimeCategories);

/** Lower-cases, trims, folds spaces and drops a trailing `(Preview)` and a `CLOUD_RUN_` module prefix. */
export function normalizeCategory(category: string): string {
  // Trim first and anchor the `(Preview)` pattern on its parenthesis: a leading `\s*` would rescan
  // every run of spaces from each of its positions (quadratic on a category of spaces).
  return category
    .slice(0, maxCategoryChars)
    .trim()
    .replace(/\(\s*preview\s*\)$/i, '')
    .trim()
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
