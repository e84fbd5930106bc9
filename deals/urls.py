from django.urls import path

from .views import aftercare, brokers, contracts, deals, stats

app_name = "deals"

urlpatterns = [
    path("", deals.deal_list, name="list"),
    path("open/", deals.deal_open, name="open"),
    path("<int:pk>/", deals.deal_detail, name="detail"),
    path("<int:pk>/transition/", deals.deal_transition, name="transition"),
    path("<int:pk>/messages/", deals.message_post, name="message_post"),
    path("<int:pk>/contract/", contracts.contract_edit, name="contract"),
    path("<int:pk>/contract/scan/", contracts.contract_scan, name="contract_scan"),
    path("<int:pk>/contract/register/", contracts.contract_register, name="register"),
    path("<int:pk>/contract/registration/", contracts.registration_action, name="registration_action"),
    path("registration/export.xlsx", contracts.register_export, name="register_export"),
    path("<int:pk>/contract/trial/", contracts.trial_decide, name="trial_decide"),
    path("attachments/<int:pk>/", deals.attachment_download, name="attachment"),
    path("assign/", deals.assign_broker, name="assign_broker"),
    path("registration/", contracts.registration_queue, name="registration_queue"),
    path("notifications/", deals.notification_list, name="notifications"),
    path("notifications/read/", deals.notification_read, name="notifications_read"),
    path("statistics/", stats.statistics_page, name="statistics"),
    path("statistics/monthly-report/", stats.monthly_report, name="monthly_report"),
    path("pay-after-use/", stats.pay_after_use, name="pay_after_use"),
    path("pay-after-use/<int:pk>/offer/", stats.offer_edit, name="offer_edit"),
    # After the contract (issue 16): payments, co-broker terms, ratings, 变更 / 解除 登记.
    path("<int:pk>/payments/", aftercare.payment_plan, name="payments"),
    path("<int:pk>/payments/<int:iid>/edit/", aftercare.instalment_edit, name="instalment_edit"),
    path("<int:pk>/payments/<int:iid>/paid/", aftercare.instalment_paid, name="instalment_paid"),
    path("<int:pk>/files/<str:kind>/<int:fid>/", aftercare.aftercare_file, name="aftercare_file"),
    path("<int:pk>/brokers/", aftercare.broker_terms, name="broker_terms"),
    path("<int:pk>/rate/", aftercare.broker_rate, name="broker_rate"),
    path("<int:pk>/contract/amend/", aftercare.contract_amend, name="contract_amend"),
    path("<int:pk>/contract/terminate/", aftercare.contract_terminate, name="contract_terminate"),
    path("brokers/", brokers.broker_list, name="brokers"),
    path("brokers/new/", brokers.broker_edit, name="broker_new"),
    path("brokers/<int:pk>/", brokers.broker_detail, name="broker_detail"),
    path("brokers/<int:pk>/edit/", brokers.broker_edit, name="broker_edit"),
    path("brokers/worklog/new/", brokers.worklog_new, name="worklog_new"),
    path("brokers/periods/new/", brokers.period_edit, name="period_new"),
    path("brokers/periods/<int:pk>/", brokers.period_edit, name="period_edit"),
]
