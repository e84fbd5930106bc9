"""Write side of monitoring: observations, the computed refresh, the ledger and park figures."""

from .ledger import ledger_close, ledger_confirm, ledger_progress_add, ledger_reopen, ledger_task_assign  # noqa: F401
from .observations import observation_report, observation_revise  # noqa: F401
from .parks import park_land_area_set, park_year_save  # noqa: F401
from .refresh import indicators_refresh  # noqa: F401
