from django.urls import path

from . import views
from . import views_governance as gov

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("wall/", views.wall, name="wall"),
    path("refresh/", views.refresh, name="refresh"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("export.pdf", views.export_pdf, name="export_pdf"),
    path("indicators/<slug:code>/", views.indicator_detail, name="indicator"),
    path("indicators/<slug:code>/report/", views.observation_report, name="report"),
    path("ledger/", views.ledger_list, name="ledger"),
    path("ledger/<int:pk>/", views.ledger_detail, name="ledger_task"),
    path("ledger/<int:pk>/progress/", views.ledger_progress, name="ledger_progress"),
    path("ledger/<int:pk>/close/", views.ledger_close, name="ledger_close"),
    path("ledger/<int:pk>/reopen/", views.ledger_reopen, name="ledger_reopen"),
    path("ledger/<int:pk>/assign/", views.ledger_assign, name="ledger_assign"),
    path("parks/", views.parks, name="parks"),
    path("parks/<int:pk>/", views.park_edit, name="park_edit"),
    path("ledger/<int:pk>/units/", gov.ledger_units, name="ledger_units"),
    path("ledger/<int:pk>/confirm/", gov.ledger_confirm, name="ledger_confirm"),
    path("units/", gov.units, name="units"),
    path("units/<int:pk>/", gov.unit_detail, name="unit"),
    path("rhythm/", gov.rhythm_index, name="rhythm"),
    path("rhythm/start/", gov.rhythm_start, name="rhythm_start"),
    path("rhythm/<int:pk>/", gov.meeting_detail, name="meeting"),
    path("rhythm/<int:pk>/export.<str:fmt>", gov.meeting_export, name="meeting_export"),
    path("rhythm/actions/<int:pk>/done/", gov.action_done, name="action_done"),
    path("analysis/", gov.analysis, name="analysis"),
    path("per-mu/", gov.per_mu, name="per_mu"),
    path("per-mu/export.xlsx", gov.per_mu_export, name="per_mu_export"),
]
