import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from swf_helpers import swf_client


def _domain(client):
    client.register_domain(name="test-domain", workflowExecutionRetentionPeriodInDays="60")


@mock_aws
def test_register_and_list_activity_types():
    client = swf_client()
    _domain(client)
    client.register_activity_type(domain="test-domain", name="test-activity", version="v1.0")
    types = client.list_activity_types(domain="test-domain", registrationStatus="REGISTERED")["typeInfos"]
    assert len(types) == 1
    assert types[0]["activityType"] == {"name": "test-activity", "version": "v1.0"}
    assert types[0]["status"] == "REGISTERED"


@mock_aws
def test_register_already_existing_activity_type():
    client = swf_client()
    _domain(client)
    client.register_activity_type(domain="test-domain", name="test-activity", version="v1.0")
    with pytest.raises(ClientError) as ex:
        client.register_activity_type(domain="test-domain", name="test-activity", version="v1.0")
    assert ex.value.response["Error"]["Code"] == "TypeAlreadyExistsFault"


@mock_aws
def test_describe_activity_type_with_defaults():
    client = swf_client()
    _domain(client)
    client.register_activity_type(
        domain="test-domain",
        name="test-activity",
        version="v1.0",
        defaultTaskList={"name": "foo"},
        defaultTaskHeartbeatTimeout="32",
    )
    desc = client.describe_activity_type(
        domain="test-domain", activityType={"name": "test-activity", "version": "v1.0"}
    )
    assert desc["configuration"]["defaultTaskList"]["name"] == "foo"
    assert desc["configuration"]["defaultTaskHeartbeatTimeout"] == "32"
    assert desc["typeInfo"]["activityType"]["name"] == "test-activity"
    assert desc["typeInfo"]["status"] == "REGISTERED"


@mock_aws
def test_deprecate_and_undeprecate_workflow_type():
    client = swf_client()
    _domain(client)
    client.register_workflow_type(domain="test-domain", name="test-workflow", version="v1.0")
    client.deprecate_workflow_type(domain="test-domain", workflowType={"name": "test-workflow", "version": "v1.0"})
    types = client.list_workflow_types(domain="test-domain", registrationStatus="DEPRECATED")["typeInfos"]
    assert [t["workflowType"]["name"] for t in types] == ["test-workflow"]
    with pytest.raises(ClientError) as ex:
        client.deprecate_workflow_type(
            domain="test-domain", workflowType={"name": "test-workflow", "version": "v1.0"}
        )
    assert ex.value.response["Error"]["Code"] == "TypeDeprecatedFault"
    client.undeprecate_workflow_type(domain="test-domain", workflowType={"name": "test-workflow", "version": "v1.0"})
    desc = client.describe_workflow_type(domain="test-domain", workflowType={"name": "test-workflow", "version": "v1.0"})
    assert desc["typeInfo"]["status"] == "REGISTERED"


@mock_aws
def test_describe_non_existent_workflow_type():
    client = swf_client()
    _domain(client)
    with pytest.raises(ClientError) as ex:
        client.describe_workflow_type(domain="test-domain", workflowType={"name": "non-existent", "version": "v1.0"})
    assert ex.value.response["Error"]["Code"] == "UnknownResourceFault"
