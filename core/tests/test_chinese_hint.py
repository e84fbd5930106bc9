"""A query without Chinese that finds nothing gets a hint to try Chinese keywords (the records are
written in Chinese); a Chinese query that finds nothing does not."""

import pytest

from core.text import has_chinese

pytestmark = pytest.mark.django_db

HINT_ZH = "平台的记录多以中文撰写"
HINT_EN = "Most records on the platform are written in Chinese"


def test_has_chinese():
    assert has_chinese("氢能") and has_chinese("PEM 电解槽") and has_chinese("𠮷")
    assert not has_chinese("hydrogen fuel cell") and not has_chinese("") and not has_chinese("（）、")


@pytest.mark.parametrize("url", ["/search/?q={q}", "/achievements/?q={q}", "/patents/list/?q={q}"])
def test_latin_query_without_results_gets_the_hint(client, url):
    page = client.get(url.format(q="perovskite+tandem")).content.decode()
    assert HINT_ZH in page
    page = client.get(url.format(q="钙钛矿叠层")).content.decode()
    assert HINT_ZH not in page  # a Chinese query: the hint would say nothing useful


def test_hint_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/search/?q=perovskite").content.decode()
    assert HINT_EN in page and HINT_ZH not in page
