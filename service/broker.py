"""The Celery app of the distributed mode and the one way to send it work (a job id per message). Kept apart
from the workers' code (`service.distributed`) so the upload path sends jobs without importing it."""

from __future__ import annotations

import logging

from celery import Celery

from model.settings import Settings

log = logging.getLogger(__name__)
QUEUE = "kiemchung"

celery = Celery("kiemchung")


def configure(settings: Settings) -> Celery:
    """The Celery app for these settings: late acks, one message at a time, no result backend (the job
    table holds the outcome)."""
    celery.conf.update(
        broker_url=settings.broker_url,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": settings.broker_visibility_seconds},
        task_default_queue=QUEUE,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        task_publish_retry_policy={"max_retries": 3, "interval_start": 0.2, "interval_step": 0.5},
        worker_prefetch_multiplier=1,
        worker_concurrency=1,
        worker_hijack_root_logger=False,
        kiemchung_settings=settings.model_dump(mode="json"),
    )
    return celery


def dispatch(settings: Settings, job_ids: list[int], refresh: bool = False) -> int:
    """Send a message per queued job; returns how many were sent. A broker that cannot be reached loses
    nothing: the jobs stay queued in the table and a worker's sweep sends them when it is back."""
    from kombu.exceptions import OperationalError

    app = configure(settings) if celery.conf.broker_url != settings.broker_url else celery
    sent = 0
    try:
        for job_id in job_ids:
            app.send_task("kiemchung.read_job", args=(job_id, refresh), queue=QUEUE)
            sent += 1
    except OperationalError as error:
        log.warning("broker unreachable (%s): %s jobs stay queued until a worker sends them", error,
                    len(job_ids) - sent)  # fmt: skip
    return sent
