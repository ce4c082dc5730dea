"""CronJob spec shared by the batch units: no overlap, bounded history, bounded run time."""

from __future__ import annotations

from cdk8s_plus_33 import k8s

from fleetform.errors import PropError
from fleetform.settings.cron import cron_problem


def check_schedule(where: str, prop: str, schedule: str) -> None:
    """The settings loader checks schedules with the same rule; constructs check their own props too."""
    if cron_problem(schedule) is not None:
        raise PropError(where, prop, schedule, "must be a five-field cron expression such as '0 3 * * 0'")


def cron_job_spec(
    *,
    schedule: str,
    time_zone: str,
    labels: dict[str, str],
    pod_spec: k8s.PodSpec,
    active_deadline_seconds: int,
    backoff_limit: int,
    pod_labels: dict[str, str] | None = None,
) -> k8s.CronJobSpec:
    """Forbid concurrent runs; keep 3 finished jobs; delete jobs a day after they finish.
    ``labels`` go on the job and pod templates; ``pod_labels`` are added to the pods only (e.g. the cloud's
    workload-identity label)."""
    return k8s.CronJobSpec(
        schedule=schedule,
        time_zone=time_zone,
        concurrency_policy="Forbid",
        starting_deadline_seconds=600,
        successful_jobs_history_limit=3,
        failed_jobs_history_limit=3,
        job_template=k8s.JobTemplateSpec(
            metadata=k8s.ObjectMeta(labels=labels),
            spec=k8s.JobSpec(
                backoff_limit=backoff_limit,
                active_deadline_seconds=active_deadline_seconds,
                ttl_seconds_after_finished=86_400,
                template=k8s.PodTemplateSpec(
                    metadata=k8s.ObjectMeta(labels={**labels, **(pod_labels or {})}), spec=pod_spec
                ),
            ),
        ),
    )
