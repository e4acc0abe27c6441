# Sample frontend custom authorizer (Python), the example of APIG's user guide:
# allow when header "test" is "abc", and hand {"user": "abcd"} to the backend.
import json


def handler(event, context):
    if event["headers"].get("test") == "abc":
        resp = {
            "statusCode": 200,
            "body": json.dumps({"status": "allow", "context": {"user": "abcd"}}),
        }
    else:
        resp = {
            "statusCode": 200,
            "body": json.dumps({"status": "deny", "context": {"code": "WRONG_TEST_HEADER"}}),
        }
    return json.dumps(resp)
