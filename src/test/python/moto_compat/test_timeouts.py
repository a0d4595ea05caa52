"""Timeouts, which moto's server mode cannot test (it has no clock to move). Needs swfd started
with --time-control as well as --moto-compat; skipped otherwise."""
import json
import os
import urllib.error
import urllib.request

import pytest
from moto import mock_aws

from swf_helpers import SCHEDULE_ACTIVITY_TASK_DECISION, event_types, history, setup_workflow

ENDPOINT = os.environ.get("TEST_SERVER_MODE_ENDPOINT", "http://localhost:5000")


def _admin(path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(ENDPOINT + path, data=data, method="GET" if body is None else "POST")
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read())


def _has_clock():
    try:
        _admin("/swfd/admin/clock")
        return True
    except (urllib.error.URLError, ValueError):
        return False


pytestmark = pytest.mark.skipif(not _has_clock(), reason="server runs without --time-control")


@mock_aws
def test_activity_task_heartbeat_timeout():
    client, run_id = setup_workflow()
    token = client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})["taskToken"]
    client.respond_decision_task_completed(taskToken=token, decisions=[SCHEDULE_ACTIVITY_TASK_DECISION])
    token = client.poll_for_activity_task(domain="test-domain", taskList={"name": "activity-task-list"})["taskToken"]
    client.record_activity_task_heartbeat(taskToken=token, details="halfway")

    _admin("/swfd/admin/clock/advance", {"seconds": 301})  # heartbeatTimeout is 300 s

    events = history(client, run_id)
    timed_out = [e for e in events if e["eventType"] == "ActivityTaskTimedOut"]
    assert timed_out[0]["activityTaskTimedOutEventAttributes"]["timeoutType"] == "HEARTBEAT"
    assert timed_out[0]["activityTaskTimedOutEventAttributes"]["details"] == "halfway"
    assert event_types(events)[-1] == "DecisionTaskScheduled"


@mock_aws
def test_decision_task_start_to_close_timeout():
    client, run_id = setup_workflow()
    client.poll_for_decision_task(domain="test-domain", taskList={"name": "queue"})

    _admin("/swfd/admin/clock/advance", {"seconds": 301})  # defaultTaskStartToCloseTimeout is 300 s

    assert event_types(history(client, run_id))[-2:] == ["DecisionTaskTimedOut", "DecisionTaskScheduled"]


@mock_aws
def test_workflow_execution_start_to_close_timeout():
    client, run_id = setup_workflow()

    _admin("/swfd/admin/clock/advance", {"seconds": 7200})  # defaultExecutionStartToCloseTimeout

    events = history(client, run_id)
    assert events[-1]["eventType"] == "WorkflowExecutionTimedOut"
    assert events[-1]["workflowExecutionTimedOutEventAttributes"]["timeoutType"] == "START_TO_CLOSE"
    resp = client.describe_workflow_execution(
        domain="test-domain", execution={"runId": run_id, "workflowId": "uid-abcd1234"}
    )
    assert resp["executionInfo"]["closeStatus"] == "TIMED_OUT"
