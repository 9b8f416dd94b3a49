"""The published contract: a valid OpenAPI document that lists every error a client can get."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate


@pytest.fixture
def spec(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_it_publishes_a_valid_openapi_document(spec):
    validate(spec)
    assert set(spec["paths"]) == {
        "/api/v1/leads",
        "/api/v1/leads/{lead_id}",
        "/api/v1/leads/{lead_id}/timeline",
        "/api/v1/leads/{lead_id}/outcomes",
        "/api/v1/returns",
        "/api/v1/firm/leads/{lead_id}/outcome",
    }


def test_it_serves_the_interactive_docs(client, db):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    assert b"openapi.json" in response.content


def test_it_declares_the_bearer_keys(spec):
    # A vendor's source key, and the firm's integration token for reporting outcomes.
    schemes = spec["components"]["securitySchemes"]
    assert sorted(schemes) == ["IntegrationKey", "SourceKey"]
    assert [s["scheme"] for s in schemes.values()] == ["bearer", "bearer"]
    assert spec["paths"]["/api/v1/firm/leads/{lead_id}/outcome"]["post"]["security"] == [
        {"IntegrationKey": []}
    ]
    for operations in spec["paths"].values():
        for operation in operations.values():
            assert operation["security"], operation["operationId"]


@pytest.mark.parametrize(
    ("method", "path", "statuses"),
    [
        ("post", "/api/v1/leads", {"200", "201", "400", "401", "413", "422"}),
        ("get", "/api/v1/leads/{lead_id}", {"200", "401", "404", "422"}),
        ("get", "/api/v1/leads/{lead_id}/timeline", {"200", "401", "404", "422"}),
        ("post", "/api/v1/leads/{lead_id}/outcomes", {"200", "401", "404", "409", "422"}),
        ("get", "/api/v1/returns", {"200", "401"}),
        ("post", "/api/v1/firm/leads/{lead_id}/outcome", {"200", "401", "404", "422"}),
    ],
)
def test_it_documents_the_error_responses(spec, method, path, statuses):
    responses = spec["paths"][path][method]["responses"]

    assert statuses <= set(responses)
    for status in statuses - {"200", "201"}:
        ref = responses[status]["content"]["application/json"]["schema"]["$ref"]
        error = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert set(error["required"]) == {"error", "detail"}, status


def test_the_docs_load_their_scripts_from_this_site(client, db):
    page = client.get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn." not in page
    assert client.get("/static/ninja/swagger-ui-bundle.js").status_code == 200
