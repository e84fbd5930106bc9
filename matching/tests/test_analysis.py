from matching import analysis
from matching.backend import Highlights
from matching.highlight import shared_terms, snippet


def test_normalise_full_width_case_and_traditional():
    assert analysis.normalise("ＡＢＣ　氫燃料電池") == "abc 氢燃料电池"


def test_domain_dictionary_keeps_policy_and_industry_terms_whole():
    words = analysis.tokens("智能网联汽车采用先使用后付费模式，揭榜挂帅攻关氢燃料电池", search_mode=False)
    for term in ("智能网联汽车", "先使用后付费", "揭榜挂帅", "氢燃料电池"):
        assert term in words
    # Search mode adds the sub-words so that a query for 汽车 still finds the record.
    assert {"汽车", "燃料电池"} <= set(analysis.tokens("智能网联汽车的氢燃料电池"))


def test_stop_words_are_dropped():
    words = analysis.query_tokens("一种用于光伏组件的清洗装置")
    assert "一种" not in words and "用于" not in words and "的" not in words
    assert "光伏组件" in words


def test_snippet_escapes_and_marks():
    html = snippet("<b>质子交换膜</b>燃料电池电堆", ["燃料电池"])
    assert "&lt;b&gt;" in html and "<mark>燃料电池</mark>" in html
    assert snippet("毫无关系", ["燃料电池"]) == ""


def test_search_snippet_does_not_repeat_the_title():
    """The card shows the title above the snippet: a patent without abstract (its text is its title
    and applicants) or a match in the title only gives no snippet, not the title again."""
    title = "一种燃料电池电堆的密封结构"
    payloads = {
        1: {"title": title, "text": f"{title}\n西安交通大学"},
        2: {"title": title, "text": f"{title}\n本发明公开了一种燃料电池电堆密封件。\n西安交通大学"},
    }
    highlights = Highlights(payloads, ["燃料电池"])
    assert highlights.get(1) == ""
    assert highlights.get(2).startswith("本发明公开了一种<mark>燃料电池</mark>") and title not in highlights.get(2)


def test_shared_terms_prefers_longest():
    assert shared_terms("氢燃料电池电堆", ["燃料电池", "氢燃料电池", "电堆"]) == ["氢燃料电池", "电堆"]


def test_dictionary_command_adds_word(tmp_path, monkeypatch):
    from django.core.management import call_command

    path = tmp_path / "dict.txt"
    path.write_text("秦创原\n", encoding="utf-8")
    monkeypatch.setattr(analysis, "DICTIONARY_PATH", path)
    call_command("matching_dictionary", "add", "飞地孵化园", "秦创原")
    assert [w for w, _f in analysis.read_dictionary(path)] == ["秦创原", "飞地孵化园"]
    analysis.reload_dictionary()


def test_warm_up_loads_what_the_web_master_shares():
    """gunicorn.conf.py calls warm_up in the master before forking: after it, the segmenter with
    the domain dictionary, the stop words, the synonyms and the query stop list are loaded."""
    analysis.reload_dictionary()
    analysis.warm_up()
    assert {"seg", "stop", "synonyms", "generic", "markers"} <= set(analysis._state)
    assert "燃料电池" in analysis.tokens("氢燃料电池")


def test_gunicorn_settings_preload_and_warm_the_master():
    """The web server's settings file: the project is preloaded in the master, whose when_ready
    hook warms the analysis and freezes the collector; workers are recycled."""
    import gc
    import runpy
    from pathlib import Path

    settings = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    gc.enable()  # the file turns collections off for the master's imports
    assert settings["preload_app"] is True
    assert settings["max_requests"] > 0 and settings["max_requests_jitter"] > 0
    settings["when_ready"](None)
    assert gc.isenabled()
    gc.unfreeze()
    assert "seg" in analysis._state
