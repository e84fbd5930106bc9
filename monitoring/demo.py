"""Demo: compute the platform's indicators from whatever demo records the other apps loaded.

Reported indicators stay empty (the dashboard shows 暂无数据): the demo invents no statistics.
"""

from core.demo import register_demo


@register_demo("monitoring", order=900)
def load(context: dict, stdout) -> None:
    from .services import indicators_refresh

    run = indicators_refresh(by=context.get("operator"), trigger="manual")
    stdout.write(f"monitoring: {run.created} new, {run.changed} changed, {run.unchanged} unchanged computed values")
