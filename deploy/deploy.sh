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
while [[ $# -gt 0 ]]; do
  case "$1" in
    --project) project="$2"; shift 2 ;;
    --organization) organization="$2"; shift 2 ;;
    --region) region="$2"; shift 2 ;;
    --name) name="$2"; shift 2 ;;
    --log-projects) log_projects="$2"; shift 2 ;;
    --log-scope) log_scope="$2"; shift 2 ;;
    --max-instances) max_instances="$2"; shift 2 ;;
    --concurrency) concurrency="$2"; shift 2 ;;
    --read-quota) read_quota="$2"; shift 2 ;;
    --dry-run) dry_run=true; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "deploy.sh: unknown argument $1" >&2; usage >&2; exit 2 ;;
  esac
done
[[ -n "$project" && -n "$organization" ]] || { echo "deploy.sh: --project and --organization are required" >&2; usage >&2; exit 2; }
[[ "$project" =~ ^[a-z][-a-z0-9]{4,28}[a-z0-9]$ ]] || { echo "deploy.sh: --project is not a project id: $project" >&2; exit 2; }
[[ "$organization" =~ ^[0-9]+$ ]] || { echo "deploy.sh: --organization must be numeric: $organization" >&2; exit 2; }
for number in "$max_instances" "$concurrency" "$read_quota"; do
  [[ "$number" =~ ^[1-9][0-9]{0,5}$ ]] || { echo "deploy.sh: --max-instances, --concurrency and --read-quota take a positive whole number, got $number" >&2; exit 2; }
done
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
env_vars="^;^OUTPUT_TOPIC=projects/$project/topics/$output_topic;REJECTED_TOPIC=projects/$project/topics/$rejected_topic;DEADLINE=60s;PUBLISH_TIMEOUT=15s;READ_QUOTA_PER_MINUTE=$read_quota_per_instance;NODE_ENV=production"
[[ -z "$log_scope" ]] || env_vars+=";LOG_SCOPE=$log_scope"
(cd "$root" && run gcloud functions deploy "$name" --gen2 --runtime=nodejs22 --region="$region" --project="$project" \
  --source=. --entry-point=triageFinding --trigger-topic="$input_topic" --retry \
  --service-account="$sa" --trigger-service-account="$sa" \
  --memory=1Gi --cpu=1 --timeout=120s --min-instances=0 --max-instances="$max_instances" --concurrency="$concurrency" \
  --set-env-vars="$env_vars")
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
