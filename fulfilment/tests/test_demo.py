"""The demo: rules on the demo policies' clauses citing the text, firms that qualify / almost / not,
a list approved by a second operator, another waiting; idempotent; everything marked 演示."""

import io

from django.utils import timezone

from fulfilment import demo, evaluation
from fulfilment.models import AutoRun, ClauseTerms, Grant
from reference.models import IndustryChain


def test_demo_rules_firms_and_lists(operator, make_org):
    from catalog.demo import load_policies
    from enterprises.services import profile_for

    government = make_org(name="陕西省西咸新区开发建设管理委员会", kind="government")
    load_policies(
        owner=government, operator=operator, chains={c.slug: c for c in IndustryChain.objects.all()}, now=timezone.now()
    )
    out = io.StringIO()
    demo.load({"operator": operator}, out)
    terms = ClauseTerms.objects.select_related("clause")
    assert terms.count() == len(demo.CLAUSES)
    assert all("演示" in t.department and "“" in t.source_text and t.rule for t in terms)
    assert {t.mode for t in terms} == {"auto", "instant", "review"}
    verdicts = {}
    for name, *_rest in demo.FIRMS:
        org = type(government).objects.get(name=name)
        calc = evaluation.calculate(profile_for(org), 2025)
        verdicts[name] = next(a.verdict for a in calc.answers if a.terms.clause.title == demo.CLAUSES[0][0])
    assert list(verdicts.values()) == ["qualifies", "almost", "not"]
    assert Grant.objects.filter(mode="auto").exists()
    assert AutoRun.objects.filter(status="proposed").count() == 1
    counts = (ClauseTerms.objects.count(), Grant.objects.count(), AutoRun.objects.count())
    demo.load({"operator": operator}, out)
    assert counts == (ClauseTerms.objects.count(), Grant.objects.count(), AutoRun.objects.count())
