#!/usr/bin/env bash
# Sets up scc-triage in a project: topics (input, output, rejected, dead letter), a least-privilege
# service account, the Cloud Run function (gen2, nodejs22, Pub/Sub trigger with retries, bounded
# retry policy and dead-lettering), and the SCC notification config. Idempotent: run it again to
# converge. --dry-run prints every gcloud command and runs none.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: deploy/deploy.sh --project P --organization ORG [options]
  --project P              project that runs the function and holds the topics (required)
  --organization ORG       organization id for the SCC notification config (required)
  --region R               function region (default us-central1)
  --name N                 function and resource prefix (default scc-triage)
  --log-projects P1,P2     projects whose logs the function reads (default: the project)
  --log-scope NAMES        LOG_SCOPE for the function, e.g. a central bucket view
  --max-instances N        default 2
  --concurrency N          default 80
  --read-quota N           the project's entries.list quota per minute (default 60), split across instances
  --dry-run                print the commands, run nothing
USAGE
}

project="" organization="" region="us-central1" name="scc-triage" log_projects="" log_scope=""
max_instances=2 concurrency=80 read_quota=60 dry_run=false

fail() { echo "deploy.sh: $*" >&2; exit 2; }

# Every value is checked against its documented pattern before it is used, so no value can become
# another flag, another IAM member or another environment variable. The patterns are anchored and
# exclude whitespace, commas, semicolons, quotes and a leading '-'.
#   function name: Cloud Run function ids (lowercase, digits, '-'); at most 27 so that NAME-fn
#     stays a valid service-account id (6-30) and NAME-dead-letter-sub a valid subscription id.
#   project id: 6-30 characters, lowercase letter first, no trailing '-'.
#   region: a Cloud Run region such as europe-west1 or us-central1.
#   log scope: projects/P, folders/F, organizations/O, billingAccounts/B, or a log view under one,
#     such as projects/P/locations/L/buckets/B/views/V (Cloud Logging's resourceNames; the same
#     pattern as LOG_SCOPE in src/config.ts).
name_pattern='^[a-z][-a-z0-9]{1,25}[a-z0-9]$'
project_pattern='^[a-z][-a-z0-9]{4,28}[a-z0-9]$'
region_pattern='^[a-z]+-[a-z]+[0-9]+$'
scope_id='[A-Za-z0-9][-A-Za-z0-9_.]{0,99}'
scope_pattern="^(projects|folders|organizations|billingAccounts)/$scope_id(/locations/[a-z0-9-]{1,63}/buckets/[A-Za-z0-9_][-A-Za-z0-9_.]{0,99}/views/[A-Za-z0-9_][-A-Za-z0-9_.]{0,99})?$"

# `value FLAG VALUE` refuses a missing value, a value that is itself a flag, and whitespace or
# control characters anywhere (a newline would hide the rest of a list from `read`).
value() {
  [[ $# -ge 2 && -n "$2" && "$2" != -* ]] || fail "$1 needs a value"
  [[ "$2" != *[[:space:][:cntrl:]]* ]] || fail "$1 must not contain whitespace or control characters"
  printf '%s' "$2"
}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --project) project="$(value "$@")"; shift 2 ;;
    --organization) organization="$(value "$@")"; shift 2 ;;
    --region) region="$(value "$@")"; shift 2 ;;
    --name) name="$(value "$@")"; shift 2 ;;
    --log-projects) log_projects="$(value "$@")"; shift 2 ;;
    --log-scope) log_scope="$(value "$@")"; shift 2 ;;
    --max-instances) max_instances="$(value "$@")"; shift 2 ;;
    --concurrency) concurrency="$(value "$@")"; shift 2 ;;
    --read-quota) read_quota="$(value "$@")"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "deploy.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ -n "$project" && -n "$organization" ]] || { echo "deploy.sh: --project and --organization are required" >&2; usage >&2; exit 2; }
[[ "$project" =~ $project_pattern ]] || fail "--project is not a project id (6-30 of a-z, 0-9, '-'; a letter first): $project"
[[ "$organization" =~ ^[1-9][0-9]{0,19}$ ]] || fail "--organization must be a numeric organization id: $organization"
[[ "$name" =~ $name_pattern ]] || fail "--name must be 3-27 of a-z, 0-9 and '-', a letter first, no '-' last: $name"
[[ "$region" =~ $region_pattern ]] || fail "--region is not a region such as europe-west1: $region"
for number in "$max_instances" "$concurrency" "$read_quota"; do
  [[ "$number" =~ ^[1-9][0-9]{0,5}$ ]] || fail "--max-instances, --concurrency and --read-quota take a positive whole number, got $number"
done
if [[ -n "$log_projects" ]]; then
  [[ "$log_projects" != *,,* && "$log_projects" != ,* && "$log_projects" != *, ]] || fail "--log-projects has an empty entry: $log_projects"
  IFS=',' read -r -a entries <<<"$log_projects"
  for entry in "${entries[@]}"; do
    [[ "$entry" =~ $project_pattern ]] || fail "--log-projects entry is not a project id: $entry"
  done
fi
if [[ -n "$log_scope" ]]; then
  [[ "$log_scope" != *,,* && "$log_scope" != ,* && "$log_scope" != *, ]] || fail "--log-scope has an empty entry: $log_scope"
  IFS=',' read -r -a entries <<<"$log_scope"
  (( ${#entries[@]} <= 100 )) || fail "--log-scope takes at most 100 resource names"
  for entry in "${entries[@]}"; do
    [[ "$entry" =~ $scope_pattern ]] || fail "--log-scope entry is not projects/P, folders/F, organizations/O, billingAccounts/B or a bucket view under one: $entry"
  done
fi
log_projects="${log_projects:-$project}"
# Every instance has its own read budget; together they must stay inside the project's quota.
read_quota_per_instance=$(( read_quota / max_instances ))
(( read_quota_per_instance >= 1 )) || { echo "deploy.sh: --read-quota $read_quota cannot be split across $max_instances instances" >&2; exit 2; }

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
input_topic="$name-findings" output_topic="$name-summaries" rejected_topic="$name-rejected" dead_letter_topic="$name-dead-letter"
sa_name="$name-fn" sa="$name-fn@$project.iam.gserviceaccount.com"
filter="$(node "$here/notification-filter.js")"

# Prints a command, shell-quoted; runs it unless --dry-run.
run() {
  printf '%q ' "$@" | sed 's/ $//'
  printf '\n'
  if ! $dry_run; then "$@"; fi
}

# `ensure DESCRIBE… :: CREATE…` runs CREATE only when DESCRIBE fails (the resource is missing).
ensure() {
  local describe=() create=()
  while [[ $# -gt 0 && "$1" != "::" ]]; do describe+=("$1"); shift; done
  shift
  create=("$@")
  if $dry_run; then
    printf '# if missing: '
    run "${create[@]}"
  elif ! "${describe[@]}" >/dev/null 2>&1; then
    run "${create[@]}"
  fi
}

echo "# APIs"
run gcloud services enable cloudfunctions.googleapis.com run.googleapis.com eventarc.googleapis.com pubsub.googleapis.com \
  logging.googleapis.com securitycenter.googleapis.com cloudbuild.googleapis.com artifactregistry.googleapis.com --project="$project"

echo "# Topics, and a subscription on the dead-letter topic so nothing dead-lettered is lost"
for topic in "$input_topic" "$output_topic" "$rejected_topic" "$dead_letter_topic"; do
  ensure gcloud pubsub topics describe "$topic" --project="$project" :: \
         gcloud pubsub topics create "$topic" --project="$project"
done
ensure gcloud pubsub subscriptions describe "$dead_letter_topic-sub" --project="$project" :: \
       gcloud pubsub subscriptions create "$dead_letter_topic-sub" --topic="$dead_letter_topic" --message-retention-duration=7d --project="$project"

echo "# Least-privilege service account: read logs where they are, list findings (related findings), publish to the output and rejected topics only"
ensure gcloud iam service-accounts describe "$sa" --project="$project" :: \
       gcloud iam service-accounts create "$sa_name" --display-name="scc-triage function" --project="$project"
for topic in "$output_topic" "$rejected_topic"; do
  run gcloud pubsub topics add-iam-policy-binding "$topic" --member="serviceAccount:$sa" --role=roles/pubsub.publisher --project="$project"
done
run gcloud organizations add-iam-policy-binding "$organization" --member="serviceAccount:$sa" --role=roles/securitycenter.findingsViewer --condition=None
IFS=',' read -r -a readable <<<"$log_projects"
for log_project in "${readable[@]}"; do
  run gcloud projects add-iam-policy-binding "$log_project" --member="serviceAccount:$sa" --role=roles/logging.viewer --condition=None
done

echo "# The function. Few instances with high concurrency, so a burst of findings lands on one instance and"
echo "# its reads coalesce; each instance spends at most $read_quota_per_instance of the project's $read_quota entries.list calls a minute."
# Environment variables go in a YAML file (every value single-quoted, quotes doubled), not a
# delimited string, so no value can end one variable and start another.
env_file="$(mktemp)"
trap 'rm -f "$env_file"' EXIT
yaml_quote() { local text="${1//\'/\'\'}"; printf "'%s'" "$text"; }
env_var() { printf '%s: %s\n' "$1" "$(yaml_quote "$2")" >>"$env_file"; }
env_var OUTPUT_TOPIC "projects/$project/topics/$output_topic"
env_var REJECTED_TOPIC "projects/$project/topics/$rejected_topic"
env_var DEADLINE 60s
env_var PUBLISH_TIMEOUT 15s
env_var READ_QUOTA_PER_MINUTE "$read_quota_per_instance"
env_var NODE_ENV production
[[ -z "$log_scope" ]] || env_var LOG_SCOPE "$log_scope"
echo "# environment (--env-vars-file):"
sed 's/^/#   /' "$env_file"
(cd "$root" && run gcloud functions deploy "$name" --gen2 --runtime=nodejs22 --region="$region" --project="$project" \
  --source=. --entry-point=triageFinding --trigger-topic="$input_topic" --retry \
  --service-account="$sa" --trigger-service-account="$sa" \
  --memory=1Gi --cpu=1 --timeout=120s --min-instances=0 --max-instances="$max_instances" --concurrency="$concurrency" \
  --env-vars-file="$env_file")
run gcloud functions add-invoker-policy-binding "$name" --region="$region" --member="serviceAccount:$sa" --project="$project"

echo "# Bounded retries and dead-lettering on the trigger's subscription"
if $dry_run; then
  trigger="<trigger of $name>" subscription="<subscription of that trigger>" project_number="<number of $project>"
else
  trigger="$(gcloud functions describe "$name" --gen2 --region="$region" --project="$project" --format='value(eventTrigger.trigger)')"
  subscription="$(gcloud eventarc triggers describe "$trigger" --format='value(transport.pubsub.subscription)')"
  project_number="$(gcloud projects describe "$project" --format='value(projectNumber)')"
fi
run gcloud pubsub subscriptions update "$subscription" --dead-letter-topic="projects/$project/topics/$dead_letter_topic" \
  --max-delivery-attempts=10 --min-retry-delay=10s --max-retry-delay=600s
pubsub_agent="service-$project_number@gcp-sa-pubsub.iam.gserviceaccount.com"
run gcloud pubsub topics add-iam-policy-binding "$dead_letter_topic" --member="serviceAccount:$pubsub_agent" --role=roles/pubsub.publisher --project="$project"
run gcloud pubsub subscriptions add-iam-policy-binding "$subscription" --member="serviceAccount:$pubsub_agent" --role=roles/pubsub.subscriber

echo "# SCC notifications: container runtime threats, ACTIVE and their updates (mutes included), and INACTIVE"
run gcloud pubsub topics add-iam-policy-binding "$input_topic" --member="serviceAccount:service-org-$organization@gcp-sa-scc-notification.iam.gserviceaccount.com" \
  --role=roles/pubsub.publisher --project="$project"
ensure gcloud scc notifications describe "$name" --organization="$organization" --location=global :: \
       gcloud scc notifications create "$name" --organization="$organization" --location=global \
         --pubsub-topic="projects/$project/topics/$input_topic" --filter="$filter"
run gcloud scc notifications update "$name" --organization="$organization" --location=global --filter="$filter"
echo "# done"
