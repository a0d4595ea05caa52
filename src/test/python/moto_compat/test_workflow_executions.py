import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from swf_helpers import event_types, history, setup_workflow, swf_client


@mock_aws
def test_start_workflow_execution():
    client, run_id = setup_workflow()
    assert len(run_id) > 0


@mock_aws
def test_start_already_started_workflow_execution():
    client, _ = setup_workflow()
    with pytest.raises(ClientError) as ex:
        client.start_workflow_execution(
            domain="test-domain", workflowId="uid-abcd1234", workflowType={"name": "test-workflow", "version": "v1.0"}
        )
    assert ex.value.response["Error"]["Code"] == "WorkflowExecutionAlreadyStartedFault"


@mock_aws
def test_start_workflow_execution_on_deprecated_type():
    client, _ = setup_workflow()
    client.deprecate_workflow_type(domain="test-domain", workflowType={"name": "test-workflow", "version": "v1.0"})
    with pytest.raises(ClientError) as ex:
        client.start_workflow_execution(
            domain="test-domain", workflowId="uid-other", workflowType={"name": "test-workflow", "version": "v1.0"}
        )
    assert ex.value.response["Error"]["Code"] == "TypeDeprecatedFault"


@mock_aws
def test_describe_workflow_execution():
    client, run_id = setup_workflow()
    wfe = client.describe_workflow_execution(
        domain="test-domain", execution={"workflowId": "uid-abcd1234", "runId": run_id}
    )
    assert wfe["executionInfo"]["execution"]["workflowId"] == "uid-abcd1234"
    assert wfe["executionInfo"]["executionStatus"] == "OPEN"
    assert wfe["executionConfiguration"]["taskList"] == {"name": "queue"}
    assert wfe["openCounts"]["openDecisionTasks"] == 1


@mock_aws
def test_describe_non_existent_workflow_execution():
    client, _ = setup_workflow()
    with pytest.raises(ClientError) as ex:
        client.describe_workflow_execution(
            domain="test-domain", execution={"workflowId": "uid-abcd1234", "runId": "wrong-run-id"}
        )
    assert ex.value.response["Error"]["Code"] == "UnknownResourceFault"


@mock_aws
def test_get_workflow_execution_history_with_reverse_order():
    client, run_id = setup_workflow()
    resp = client.get_workflow_execution_history(
        domain="test-domain", execution={"runId": run_id, "workflowId": "uid-abcd1234"}, reverseOrder=True
    )
    assert event_types(resp["events"]) == ["DecisionTaskScheduled", "WorkflowExecutionStarted"]


@mock_aws
def test_list_open_and_closed_workflow_executions():
    client, run_id = setup_workflow()
    oldest = 0
    resp = client.list_open_workflow_executions(domain="test-domain", startTimeFilter={"oldestDate": oldest})
    assert [e["execution"]["runId"] for e in resp["executionInfos"]] == [run_id]
    client.terminate_workflow_execution(domain="test-domain", workflowId="uid-abcd1234", runId=run_id)
    resp = client.list_open_workflow_executions(domain="test-domain", startTimeFilter={"oldestDate": oldest})
    assert resp["executionInfos"] == []
    resp = client.list_closed_workflow_executions(domain="test-domain", startTimeFilter={"oldestDate": oldest})
    infos = resp["executionInfos"]
    assert [e["execution"]["runId"] for e in infos] == [run_id]
    assert infos[0]["closeStatus"] == "TERMINATED"
    assert infos[0]["executionStatus"] == "CLOSED"


@mock_aws
def test_terminate_workflow_execution():
    client, run_id = setup_workflow()
    client.terminate_workflow_execution(
        domain="test-domain", workflowId="uid-abcd1234", details="some details", reason="a more complete reason",
        runId=run_id,
    )
    attrs = history(client, run_id)[-1]["workflowExecutionTerminatedEventAttributes"]
    assert attrs["details"] == "some details"
    assert attrs["reason"] == "a more complete reason"
    assert attrs["childPolicy"] == "TERMINATE"
    assert attrs["cause"] == "OPERATOR_INITIATED"


@mock_aws
def test_terminate_already_closed_workflow_execution():
    client, run_id = setup_workflow()
    client.terminate_workflow_execution(domain="test-domain", workflowId="uid-abcd1234", runId=run_id)
    with pytest.raises(ClientError) as ex:
        client.terminate_workflow_execution(domain="test-domain", workflowId="uid-abcd1234", runId=run_id)
    assert ex.value.response["Error"]["Code"] == "UnknownResourceFault"


@mock_aws
def test_signal_workflow_execution():
    client, run_id = setup_workflow()
    client.signal_workflow_execution(
        domain="test-domain", signalName="my_signal", workflowId="uid-abcd1234", input="my_input", runId=run_id
    )
    events = history(client, run_id)
    signaled = [e for e in events if e["eventType"] == "WorkflowExecutionSignaled"]
    assert signaled[0]["workflowExecutionSignaledEventAttributes"]["signalName"] == "my_signal"
    assert signaled[0]["workflowExecutionSignaledEventAttributes"]["input"] == "my_input"


@mock_aws
def test_signal_unknown_workflow_execution():
    client, _ = setup_workflow()
    with pytest.raises(ClientError) as ex:
        client.signal_workflow_execution(domain="test-domain", signalName="s", workflowId="no-such-id")
    assert ex.value.response["Error"]["Code"] == "UnknownResourceFault"


@mock_aws
def test_a_reset_forgets_executions():
    # a fresh start: the workflowId used by every other test is free again
    client = swf_client()
    with pytest.raises(ClientError) as ex:
        client.describe_domain(name="test-domain")
    assert ex.value.response["Error"]["Code"] == "UnknownResourceFault"
    _, run_id = setup_workflow()
    assert run_id


@mock_aws
def test_request_cancel_workflow_execution():
    # moto does not implement RequestCancelWorkflowExecution
    client, run_id = setup_workflow()
    client.request_cancel_workflow_execution(domain="test-domain", workflowId="uid-abcd1234", runId=run_id)
    assert event_types(history(client, run_id))[-1] == "WorkflowExecutionCancelRequested"


@mock_aws
def test_count_open_and_closed_workflow_executions():
    # moto does not implement the Count*WorkflowExecutions operations
    client, run_id = setup_workflow()
    assert client.count_open_workflow_executions(domain="test-domain", startTimeFilter={"oldestDate": 0})["count"] == 1
    client.terminate_workflow_execution(domain="test-domain", workflowId="uid-abcd1234", runId=run_id)
    assert client.count_closed_workflow_executions(domain="test-domain", startTimeFilter={"oldestDate": 0})["count"] == 1
