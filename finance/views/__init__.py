from .institutions import application_action, pledge_add, queue, queue_export, terms_edit
from .invest_first import invest_first_page
from .needs import application_detail, application_withdraw, hub, need_apply, need_create, need_detail
from .operators import funds, risk_fund, whitelist, whitelist_export

__all__ = [
    "application_action",
    "application_detail",
    "application_withdraw",
    "funds",
    "hub",
    "invest_first_page",
    "need_apply",
    "need_create",
    "need_detail",
    "pledge_add",
    "queue",
    "queue_export",
    "risk_fund",
    "terms_edit",
    "whitelist",
    "whitelist_export",
]
