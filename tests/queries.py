"""The measure of the constant-query tests: the queries a page runs when it is rendered."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext


def page_queries(client, url) -> int:
    """The queries of rendering `url` (which must answer 200): the cache is emptied first, so
    neither the public page cache (a repeat request runs none) nor what a page keeps there
    (the regions of the filters) hides a query."""
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)
