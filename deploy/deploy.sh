#!/usr/bin/env bash
# Sets up scc-triage in a project: topics (input, output, rejected, dead letter) each with a
# subscription so nothing is dropped, a least-privilege service account with read access where
# the logs are (projects, or the log views of LOG_SCOPE), the Cloud Run function (gen2, nodejs22,
# internal ingress, Pub/Sub trigger with retries, bounded retry policy and dead-lettering), alert
# policies on dead-lettered findings and failed deliveries, and the SCC notification config.
# Idempotent: run it again to converge. --dry-run prints every gcloud command and runs none.
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
  --alert-channels C1,C2   notification channels for the alert policies (projects/P/notificationChannels/ID)
  --chat-webhook-secret S  Secret Manager secret holding a Google Chat incoming-webhook URL: deploys the
                           chat subscriber (NAME-notify, entry point postSummary) on the summaries topic
  --slack-webhook-secret S the same for a Slack incoming webhook (either or both)
  --min-priority P         the least urgent priority the subscriber posts, P1-P4 (default P4: all)
  --dry-run                print the commands, run nothing
USAGE
}

project="" organization="" region="us-central1" name="scc-triage" log_projects="" log_scope=""
max_instances=2 concurrency=80 read_quota=60 alert_channels="" dry_run=false
chat_secret="" slack_secret="" min_priority=P4

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
project_pattern_bare='[a-z][-a-z0-9]{4,28}[a-z0-9]'
project_pattern="^$project_pattern_bare$"
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
    --alert-channels) alert_channels="$(value "$@")"; shift 2 ;;
    --chat-webhook-secret) chat_secret="$(value "$@")"; shift 2 ;;
    --slack-webhook-secret) slack_secret="$(value "$@")"; shift 2 ;;
    --min-priority) min_priority="$(value "$@")"; shift 2 ;;
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
if [[ -n "$alert_channels" ]]; then
  IFS=',' read -r -a entries <<<"$alert_channels"
  for entry in "${entries[@]}"; do
    [[ "$entry" =~ ^projects/$project_pattern_bare/notificationChannels/[0-9]{1,25}$ ]] || fail "--alert-channels entry is not projects/P/notificationChannels/ID: $entry"
  done
fi
# Secret ids: Secret Manager's documented pattern.
for secret in "$chat_secret" "$slack_secret"; do
  [[ -z "$secret" || "$secret" =~ ^[A-Za-z0-9_-]{1,255}$ ]] || fail "--chat-webhook-secret and --slack-webhook-secret take a secret id (A-Z, a-z, 0-9, _ and -): $secret"
done
[[ "$min_priority" =~ ^P[1-4]$ ]] || fail "--min-priority must be P1, P2, P3 or P4: $min_priority"
# With LOG_SCOPE the function reads the scope only; without it, the log projects (default: its own).
[[ -n "$log_scope" && -z "$log_projects" ]] || log_projects="${log_projects:-$project}"
# Every instance has its own read budget; together they must stay inside the project's quota.
read_quota_per_instance=$(( read_quota / max_instances ))
(( read_quota_per_instance >= 1 )) || { echo "deploy.sh: --read-quota $read_quota cannot be split across $max_instances instances" >&2; exit 2; }

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
# The notification filter and the category list come from the build.
if [[ ! -f "$root/dist/notification/categories.js" ]]; then
  [[ -d "$root/node_modules" ]] || fail "this clone is not built: run \`npm ci\` first (it installs and builds dist/)"
  echo "# building dist/ (npm run build)"
  (cd "$root" && npm run -s build) >&2 || fail "npm run build failed; fix the build, then run deploy.sh again"
fi
input_topic="$name-findings" output_topic="$name-summaries" rejected_topic="$name-rejected" dead_letter_topic="$name-dead-letter"
sa_name="$name-fn" sa="$name-fn@$project.iam.gserviceaccount.com"
filter="$(node "$here/notification-filter.js")"

# `grant_log_reader PROJECTS SCOPE` lets the function read logs where it reads them: a log view of
# LOG_SCOPE gets roles/logging.viewAccessor on the view itself (the documented way to share a view;
# a grant on the project would open every bucket), a project, folder, organization or billing
# account gets roles/logging.privateLogViewer (logging.viewer without the Data Access audit logs).
grant_log_reader() {
  local member="serviceAccount:$sa" entry parent kind id bucket location view
  local projects=() scopes=()
  [[ -z "$1" ]] || IFS=',' read -r -a projects <<<"$1"
  [[ -z "$2" ]] || IFS=',' read -r -a scopes <<<"$2"
  for entry in "${projects[@]}"; do scopes+=("projects/$entry"); done
  for entry in "${scopes[@]}"; do
    if [[ "$entry" == */views/* ]]; then
      IFS='/' read -r kind id _ location _ bucket _ view <<<"$entry"
      case "$kind" in
        projects) parent=(--project="$id") ;;
        folders) parent=(--folder="$id") ;;
        organizations) parent=(--organization="$id") ;;
        billingAccounts) parent=(--billing-account="$id") ;;
      esac
      run gcloud logging views add-iam-policy-binding "$view" --bucket="$bucket" --location="$location" "${parent[@]}" \
        --member="$member" --role=roles/logging.viewAccessor
    else
      IFS='/' read -r kind id <<<"$entry"
      case "$kind" in
        projects) run gcloud projects add-iam-policy-binding "$id" --member="$member" --role=roles/logging.privateLogViewer --condition=None ;;
        folders) run gcloud resource-manager folders add-iam-policy-binding "$id" --member="$member" --role=roles/logging.privateLogViewer --condition=None ;;
        organizations) run gcloud organizations add-iam-policy-binding "$id" --member="$member" --role=roles/logging.privateLogViewer --condition=None ;;
        billingAccounts) run gcloud billing accounts add-iam-policy-binding "$id" --member="$member" --role=roles/logging.privateLogViewer ;;
      esac
    fi
  done
}

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

# `dead_letter SUBSCRIPTION` bounds retries on a trigger's subscription and dead-letters what is left.
dead_letter() {
  run gcloud pubsub subscriptions update "$1" --dead-letter-topic="projects/$project/topics/$dead_letter_topic" \
    --max-delivery-attempts=10 --min-retry-delay=10s --max-retry-delay=600s
  run gcloud pubsub subscriptions add-iam-policy-binding "$1" --member="serviceAccount:$pubsub_agent" --role=roles/pubsub.subscriber
}

echo "# APIs"
run gcloud services enable cloudfunctions.googleapis.com run.googleapis.com eventarc.googleapis.com pubsub.googleapis.com \
  logging.googleapis.com monitoring.googleapis.com secretmanager.googleapis.com securitycenter.googleapis.com cloudbuild.googleapis.com artifactregistry.googleapis.com \
  container.googleapis.com --project="$project"

echo "# Topics. A topic without a subscription drops what is published to it, so the summaries, rejected"
echo "# and dead-letter topics each get one that keeps messages 7 days and never expires."
for topic in "$input_topic" "$output_topic" "$rejected_topic" "$dead_letter_topic"; do
  ensure gcloud pubsub topics describe "$topic" --project="$project" :: \
         gcloud pubsub topics create "$topic" --project="$project"
done
for topic in "$output_topic" "$rejected_topic" "$dead_letter_topic"; do
  ensure gcloud pubsub subscriptions describe "$topic-sub" --project="$project" :: \
         gcloud pubsub subscriptions create "$topic-sub" --topic="$topic" --message-retention-duration=7d --expiration-period=never --project="$project"
done

echo "# Least-privilege service account: read logs where they are (Data Access audit logs included: Cloud Run job"
echo "# runs are logged there), list findings (related findings), publish to the output and rejected topics only"
ensure gcloud iam service-accounts describe "$sa" --project="$project" :: \
       gcloud iam service-accounts create "$sa_name" --display-name="scc-triage function" --project="$project"
for topic in "$output_topic" "$rejected_topic"; do
  run gcloud pubsub topics add-iam-policy-binding "$topic" --member="serviceAccount:$sa" --role=roles/pubsub.publisher --project="$project"
done
run gcloud organizations add-iam-policy-binding "$organization" --member="serviceAccount:$sa" --role=roles/securitycenter.findingsViewer --condition=None
grant_log_reader "$log_projects" "$log_scope"
echo "# Workload specs (WORKLOAD_SOURCE=cloud), for the identity the audit log read does not give: a GKE cluster's"
echo "# Workload Identity setting and node pools' accounts, a Cloud Run revision's or job's runtime account."
echo "# A custom role with only the five get permissions, not roles/container.clusterViewer and roles/run.viewer"
echo "# (which also list every cluster and read IAM policies). A Cloud Run spec shows plain environment variables."
ensure gcloud iam roles describe sccTriageWorkloadReader --organization="$organization" :: \
       gcloud iam roles create sccTriageWorkloadReader --organization="$organization" --title="scc-triage workload reader" \
         --permissions=container.clusters.get,run.services.get,run.revisions.get,run.jobs.get,run.executions.get --stage=GA
run gcloud organizations add-iam-policy-binding "$organization" --member="serviceAccount:$sa" --role="organizations/$organization/roles/sccTriageWorkloadReader" --condition=None

echo "# The function. Few instances with high concurrency, so a burst of findings lands on one instance and"
echo "# its reads coalesce; each instance spends at most $read_quota_per_instance of the project's $read_quota entries.list calls a minute."
# Environment variables go in a YAML file (every value single-quoted, quotes doubled), not a
# delimited string, so no value can end one variable and start another.
env_file="$(mktemp)"
trap 'rm -f "$env_file"' EXIT
yaml_quote() { local text="${1//\'/\'\'}"; printf "'%s'" "$text"; }
env_var() { printf '%s: %s\n' "$1" "$(yaml_quote "$2")" >>"$env_file"; }
# The project names the trace of each delivery in its log lines (logging.googleapis.com/trace).
env_var GOOGLE_CLOUD_PROJECT "$project"
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
  --source=. --entry-point=triageFinding --trigger-topic="$input_topic" --retry --ingress-settings=internal-only \
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
pubsub_agent="service-$project_number@gcp-sa-pubsub.iam.gserviceaccount.com"
run gcloud pubsub topics add-iam-policy-binding "$dead_letter_topic" --member="serviceAccount:$pubsub_agent" --role=roles/pubsub.publisher --project="$project"
dead_letter "$subscription"

if [[ -n "$chat_secret$slack_secret" ]]; then
  notify_name="$name-notify" notify_sa_name="$name-nt" notify_sa="$name-nt@$project.iam.gserviceaccount.com"
  echo "# The chat subscriber: posts each summary to the webhooks, whose URLs stay in Secret Manager (read by Cloud Run"
  echo "# at instance start, never in the environment file). Its service account may read those secrets and nothing else."
  ensure gcloud iam service-accounts describe "$notify_sa" --project="$project" :: \
         gcloud iam service-accounts create "$notify_sa_name" --display-name="scc-triage chat subscriber" --project="$project"
  secrets=() secret_ids=()
  [[ -z "$chat_secret" ]] || { secrets+=("CHAT_WEBHOOK_URL=$chat_secret:latest"); secret_ids+=("$chat_secret"); }
  [[ -z "$slack_secret" ]] || { secrets+=("SLACK_WEBHOOK_URL=$slack_secret:latest"); secret_ids+=("$slack_secret"); }
  for secret in "${secret_ids[@]}"; do
    run gcloud secrets add-iam-policy-binding "$secret" --member="serviceAccount:$notify_sa" --role=roles/secretmanager.secretAccessor --project="$project"
  done
  : >"$env_file"
  env_var MIN_PRIORITY "$min_priority"
  env_var TRIAGE_LOG_PROJECT "$project"
  env_var NODE_ENV production
  echo "# environment (--env-vars-file):"
  sed 's/^/#   /' "$env_file"
  (cd "$root" && run gcloud functions deploy "$notify_name" --gen2 --runtime=nodejs22 --region="$region" --project="$project" \
    --source=. --entry-point=postSummary --trigger-topic="$output_topic" --retry --ingress-settings=internal-only \
    --service-account="$notify_sa" --trigger-service-account="$notify_sa" \
    --memory=256Mi --cpu=1 --timeout=60s --min-instances=0 --max-instances=1 --concurrency=20 \
    --set-secrets="$(IFS=','; echo "${secrets[*]}")" --env-vars-file="$env_file")
  run gcloud functions add-invoker-policy-binding "$notify_name" --region="$region" --member="serviceAccount:$notify_sa" --project="$project"
  if $dry_run; then
    notify_subscription="<subscription of the $notify_name trigger>"
  else
    notify_trigger="$(gcloud functions describe "$notify_name" --gen2 --region="$region" --project="$project" --format='value(eventTrigger.trigger)')"
    notify_subscription="$(gcloud eventarc triggers describe "$notify_trigger" --format='value(transport.pubsub.subscription)')"
  fi
  dead_letter "$notify_subscription"
fi

echo "# Alerts: a dead-lettered finding (nobody triaged it) and a failed delivery (retried, may dead-letter)"
failed_metric="$name-failed-deliveries"
ensure gcloud logging metrics describe "$failed_metric" --project="$project" :: \
       gcloud logging metrics create "$failed_metric" --project="$project" --description="scc-triage deliveries that ended failed (Pub/Sub retries them)" \
         --log-filter="resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"$name\" AND jsonPayload.component=\"scc-triage\" AND jsonPayload.outcome=\"failed\""
policy_file="$(mktemp)"
trap 'rm -f "$env_file" "$policy_file"' EXIT
channels=()
[[ -z "$alert_channels" ]] || channels=(--notification-channels="$alert_channels")
ensure_policy() {
  local display="$1"; shift
  node "$here/alert-policies.js" "$@" >"$policy_file"
  if $dry_run; then
    echo "# policy $display:"
    sed 's/^/#   /' "$policy_file"
    printf '# if missing: '
    run gcloud monitoring policies create --project="$project" --policy-from-file="$policy_file" "${channels[@]}"
  elif [[ -z "$(gcloud monitoring policies list --project="$project" --filter="displayName=\"$display\"" --format='value(name)')" ]]; then
    run gcloud monitoring policies create --project="$project" --policy-from-file="$policy_file" "${channels[@]}"
  fi
}
ensure_policy "$name: findings dead-lettered" dead-letter "$name" "${subscription##*/}"
ensure_policy "$name: deliveries failed" failed "$name" "$failed_metric"
if [[ -n "$chat_secret$slack_secret" ]]; then
  not_posted_metric="$name-alerts-not-posted"
  ensure gcloud logging metrics describe "$not_posted_metric" --project="$project" :: \
         gcloud logging metrics create "$not_posted_metric" --project="$project" --description="summaries the chat subscriber will never post (bad summary, webhook refused)" \
           --log-filter="resource.type=\"cloud_run_revision\" AND resource.labels.service_name=\"$notify_name\" AND jsonPayload.component=\"scc-triage-notify\" AND jsonPayload.outcome=\"rejected\""
  ensure_policy "$name: alerts not posted" not-posted "$name" "$not_posted_metric"
  ensure_policy "$name: summaries dead-lettered" dead-letter-posts "$name" "${notify_subscription##*/}"
fi

echo "# SCC notifications: container runtime threats, ACTIVE and their updates (mutes included), and INACTIVE"
run gcloud pubsub topics add-iam-policy-binding "$input_topic" --member="serviceAccount:service-org-$organization@gcp-sa-scc-notification.iam.gserviceaccount.com" \
  --role=roles/pubsub.publisher --project="$project"
ensure gcloud scc notifications describe "$name" --organization="$organization" --location=global :: \
       gcloud scc notifications create "$name" --organization="$organization" --location=global \
         --pubsub-topic="projects/$project/topics/$input_topic" --filter="$filter"
run gcloud scc notifications update "$name" --organization="$organization" --location=global --filter="$filter"
echo "# done"
