"""The month view at the edges of the calendar: a 404 or a page, never a 500."""

import pytest


@pytest.mark.parametrize("month", ["0001-01", "0999-12", "0500-06", "1000-01", "1899-12", "2201-01", "9999-12"])
def test_months_out_of_range_are_not_found(client, event_index, month):
    response = client.get(f"{event_index.url}month/{month}/")
    assert response.status_code == 404


@pytest.mark.parametrize("month,prev,following", [("1900-01", False, True), ("2200-12", True, False)])
def test_edge_months_have_no_link_past_the_range(client, event_index, month, prev, following):
    response = client.get(f"{event_index.url}month/{month}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert ('rel="prev"' in html) is prev
    assert ('rel="next"' in html) is following
