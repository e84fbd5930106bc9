from django.urls import path

from .views import bookings, money, orders

app_name = "sharing"

urlpatterns = [
    path("instruments/<int:pk>/", bookings.instrument_calendar, name="calendar"),
    path("instruments/<int:pk>/book/", bookings.booking_new, name="book"),
    path("bookings/", bookings.booking_list, name="bookings"),
    path("bookings/<int:pk>/", bookings.booking_detail, name="booking"),
    path("bookings/<int:pk>/<slug:action>/", bookings.booking_action, name="booking_action"),
    path("orders/", orders.order_list, name="orders"),
    path("orders/new/", orders.order_new, name="order_new"),
    path("orders/<int:pk>/", orders.order_detail, name="order"),
    path("orders/<int:pk>/reports/<int:attachment_pk>/", orders.order_report, name="order_report"),
    path("orders/<int:pk>/<slug:action>/", orders.order_action, name="order_action"),
    path("vouchers/", money.voucher_list, name="vouchers"),
    path("vouchers/batches/<int:pk>/", money.batch_detail, name="batch"),
    path("vouchers/batches/<int:pk>/<slug:action>/", money.batch_action, name="batch_action"),
    path("subsidies/", money.subsidy_page, name="subsidies"),
    path("subsidies/<slug:action>/<int:pk>/", money.subsidy_action, name="subsidy_action"),
    path("statistics/", money.statistics_page, name="statistics"),
    path("statistics.xlsx", money.statistics_xlsx, name="statistics_xlsx"),
]
