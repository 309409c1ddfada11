"""The HSDS API at the edges of its parameters: a 400 in the one error shape, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "value",
    ["0001-01-01", "0001-01-01T00:00:00", "9999-12-31", "9999-12-31T23:59:59-10:00", "9999-12-31T23:59:59+14:00"],
)
def test_modified_after_at_the_edges_of_the_calendar(client, value):
    response = client.get("/api/hsds/services", {"modified_after": value})
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["total_items"] == 0 or value.startswith("0001")


@pytest.mark.parametrize("params", [{"page": "0"}, {"per_page": ""}, {"page": "abc"}, {"modified_after": "昨天"}])
def test_errors_share_one_shape(client, params):
    response = client.get("/api/hsds/services", params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert set(error) >= {"code", "message"} and error["code"] == "bad_parameter"
    assert isinstance(error["message"], str) and error["message"]


def test_not_found_shares_the_shape(client):
    response = client.get("/api/hsds/services/not-a-uuid")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_the_hsds_openapi_document_is_served_and_valid(client):
    response = client.get("/api/hsds/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    assert set(document["paths"]) >= {"/api/hsds/services", "/api/hsds/services/{id}", "/api/hsds/organizations"}
    assert client.get("/api/hsds/").json()["this_api_openapi_url"].endswith("/api/openapi.json")


@pytest.mark.parametrize(
    "params",
    [{"modified_after": ""}, {"taxonomy_term_id": ""}, {"organization_id": "{12345678-1234-1234-1234-123456789012}"},
     {"search": "x" * 201}, {"per_page": " 5"}],
)  # fmt: skip
def test_present_parameters_must_be_valid(client, params):
    response = client.get("/api/hsds/services", params)
    assert response.status_code == 400
    assert response.json()["error"]["parameter"] == next(iter(params))


@pytest.mark.parametrize(
    "method,url,status,code",
    [
        ("post", "/api/hsds/services", 405, "method_not_allowed"),
        ("delete", "/api/hsds/organizations", 405, "method_not_allowed"),
        ("post", "/api/v1/search", 405, "method_not_allowed"),
        ("get", "/api/hsds/nothing/here", 404, "not_found"),
    ],
)
def test_wrong_methods_and_paths_answer_in_the_shape(client, method, url, status, code):
    response = getattr(client, method)(url)
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == code
