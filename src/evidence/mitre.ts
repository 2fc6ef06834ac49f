/** MITRE ATT&CK: SCC's `mitreAttack` enum names mapped to technique and tactic ids, with links. */
import { z } from 'zod';
import type { Finding } from '../notification/schema';
import { clip } from '../lib/sanitize';

/** A technique or tactic, as the summary reports it: this stage's part of the output contract. */
export const attackReferenceSchema = z.object({
  kind: z.enum(['tactic', 'technique']).describe('A MITRE ATT&CK tactic or technique.'),
  enum: z.string().describe('The value as SCC sends it (EXECUTION, COMMAND_AND_SCRIPTING_INTERPRETER, ...).'),
  id: z.string().optional().describe('The ATT&CK id (TA0002, T1059.004), when known.'),
  name: z.string().describe('The ATT&CK name, or the SCC value when the id is not known.'),
  url: z.string().optional().describe('The attack.mitre.org page, when the id is known.'),
});

/** A reference, as {@link attackReferenceSchema} describes it. */
export type AttackReference = Readonly<z.infer<typeof attackReferenceSchema>>;

/** SCC technique enums (mitre_attack.proto) → ATT&CK ids and names. */
const techniques: Readonly<Record<string, readonly [string, string]>> = {
  COMMAND_AND_SCRIPTING_INTERPRETER: ['T1059', 'Command and Scripting Interpreter'],
  UNIX_SHELL: ['T1059.004', 'Unix Shell'],
  PYTHON: ['T1059.006', 'Python'],
  INGRESS_TOOL_TRANSFER: ['T1105', 'Ingress Tool Transfer'],
  NATIVE_API: ['T1106', 'Native API'],
  SHARED_MODULES: ['T1129', 'Shared Modules'],
  SCHEDULED_TASK_JOB: ['T1053', 'Scheduled Task/Job'],
  CRON: ['T1053.003', 'Cron'],
  CONTAINER_ADMINISTRATION_COMMAND: ['T1609', 'Container Administration Command'],
  DEPLOY_CONTAINER: ['T1610', 'Deploy Container'],
  ESCAPE_TO_HOST: ['T1611', 'Escape to Host'],
  EXPLOIT_PUBLIC_FACING_APPLICATION: ['T1190', 'Exploit Public-Facing Application'],
  EXPLOITATION_FOR_PRIVILEGE_ESCALATION: ['T1068', 'Exploitation for Privilege Escalation'],
  ABUSE_ELEVATION_CONTROL_MECHANISM: ['T1548', 'Abuse Elevation Control Mechanism'],
  OBFUSCATED_FILES_OR_INFO: ['T1027', 'Obfuscated Files or Information'],
  DEOBFUSCATE_DECODE_FILES_OR_INFO: ['T1140', 'Deobfuscate/Decode Files or Information'],
  STEGANOGRAPHY: ['T1027.003', 'Steganography'],
  IMPAIR_DEFENSES: ['T1562', 'Impair Defenses'],
  DISABLE_OR_MODIFY_TOOLS: ['T1562.001', 'Disable or Modify Tools'],
  INDICATOR_REMOVAL: ['T1070', 'Indicator Removal'],
  INDICATOR_REMOVAL_FILE_DELETION: ['T1070.004', 'File Deletion'],
  UNSECURED_CREDENTIALS: ['T1552', 'Unsecured Credentials'],
  PRIVATE_KEYS: ['T1552.004', 'Private Keys'],
  CREDENTIALS_IN_FILES: ['T1552.001', 'Credentials In Files'],
  OS_CREDENTIAL_DUMPING: ['T1003', 'OS Credential Dumping'],
  FILE_AND_DIRECTORY_DISCOVERY: ['T1083', 'File and Directory Discovery'],
  SYSTEM_INFORMATION_DISCOVERY: ['T1082', 'System Information Discovery'],
  PROCESS_DISCOVERY: ['T1057', 'Process Discovery'],
  NETWORK_SERVICE_DISCOVERY: ['T1046', 'Network Service Discovery'],
  REMOTE_SYSTEM_DISCOVERY: ['T1018', 'Remote System Discovery'],
  APPLICATION_LAYER_PROTOCOL: ['T1071', 'Application Layer Protocol'],
  NON_STANDARD_PORT: ['T1571', 'Non-Standard Port'],
  PROXY: ['T1090', 'Proxy'],
  EXFILTRATION_OVER_WEB_SERVICE: ['T1567', 'Exfiltration Over Web Service'],
  DATA_DESTRUCTION: ['T1485', 'Data Destruction'],
  RESOURCE_HIJACKING: ['T1496', 'Resource Hijacking'],
  MODIFY_AUTHENTICATION_PROCESS: ['T1556', 'Modify Authentication Process'],
  HIJACK_EXECUTION_FLOW: ['T1574', 'Hijack Execution Flow'],
  DYNAMIC_LINKER_HIJACKING: ['T1574.006', 'Dynamic Linker Hijacking'],
  BOOT_OR_LOGON_INITIALIZATION_SCRIPTS: ['T1037', 'Boot or Logon Initialization Scripts'],
  VALID_ACCOUNTS: ['T1078', 'Valid Accounts'],
  ACCOUNT_MANIPULATION: ['T1098', 'Account Manipulation'],
  SUBVERT_TRUST_CONTROL: ['T1553', 'Subvert Trust Controls'],
  INSTALL_ROOT_CERTIFICATE: ['T1553.004', 'Install Root Certificate'],
  USER_EXECUTION: ['T1204', 'User Execution'],
  ACTIVE_SCANNING: ['T1595', 'Active Scanning'],
  DATA_FROM_LOCAL_SYSTEM: ['T1005', 'Data from Local System'],
};

/** SCC tactic enums → ATT&CK tactic ids and names. */
const tactics: Readonly<Record<string, readonly [string, string]>> = {
  RECONNAISSANCE: ['TA0043', 'Reconnaissance'],
  RESOURCE_DEVELOPMENT: ['TA0042', 'Resource Development'],
  INITIAL_ACCESS: ['TA0001', 'Initial Access'],
  EXECUTION: ['TA0002', 'Execution'],
  PERSISTENCE: ['TA0003', 'Persistence'],
  PRIVILEGE_ESCALATION: ['TA0004', 'Privilege Escalation'],
  DEFENSE_EVASION: ['TA0005', 'Defense Evasion'],
  CREDENTIAL_ACCESS: ['TA0006', 'Credential Access'],
  DISCOVERY: ['TA0007', 'Discovery'],
  LATERAL_MOVEMENT: ['TA0008', 'Lateral Movement'],
  COLLECTION: ['TA0009', 'Collection'],
  COMMAND_AND_CONTROL: ['TA0011', 'Command and Control'],
  EXFILTRATION: ['TA0010', 'Exfiltration'],
  IMPACT: ['TA0040', 'Impact'],
};

const techniqueUrl = (id: string) => `https://attack.mitre.org/techniques/${id.replace('.', '/')}/`;
const tacticUrl = (id: string) => `https://attack.mitre.org/tactics/${id}/`;

/** ATT&CK has 14 tactics and a few hundred techniques; a finding names a handful. More, or longer, is not MITRE data. */
export const attackLimits = { references: 32, enumChars: 80 } as const;

function reference(kind: 'tactic' | 'technique', given: string): AttackReference {
  const name = clip(given, attackLimits.enumChars);
  const known = (kind === 'tactic' ? tactics : techniques)[name];
  if (known === undefined) return { kind, enum: name, name: name.toLowerCase().replace(/_/g, ' ') };
  const [id, title] = known;
  return { kind, enum: name, id, name: title, url: kind === 'tactic' ? tacticUrl(id) : techniqueUrl(id) };
}

/** The finding's tactics and techniques, primary first, each once, at most {@link attackLimits}`.references` of them. */
export function attackReferences(finding: Finding): AttackReference[] {
  const mitre = finding.mitreAttack;
  if (mitre === undefined) return [];
  const { references } = attackLimits;
  // Cut the lists before anything runs over them: the names come from the finding.
  const tacticNames = [mitre.primaryTactic, ...(mitre.additionalTactics ?? []).slice(0, references)].filter((t): t is string => typeof t === 'string' && t !== '' && t !== 'TACTIC_UNSPECIFIED');
  const techniqueNames = [...(mitre.primaryTechniques ?? []).slice(0, references), ...(mitre.additionalTechniques ?? []).slice(0, references)].filter((t) => t !== '' && t !== 'TECHNIQUE_UNSPECIFIED');
  return [...[...new Set(tacticNames)].map((t) => reference('tactic', t)), ...[...new Set(techniqueNames)].map((t) => reference('technique', t))].slice(0, references);
}
