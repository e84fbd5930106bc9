from .bookings import Booking, BookingEvent, BookingStatus
from .instruments import Closure, DayKind, OpeningHours, PriceItem, SharingProfile, TrainingRecord, Unit
from .orders import OrderStatus, ServiceOrder
from .subsidies import ClaimLine, ClaimStatus, SubsidyClaim, SubsidyProgramme
from .vouchers import Redemption, Settlement, Voucher, VoucherBatch, VoucherStatus

__all__ = [
    "Booking",
    "BookingEvent",
    "BookingStatus",
    "ClaimLine",
    "ClaimStatus",
    "Closure",
    "DayKind",
    "OpeningHours",
    "OrderStatus",
    "PriceItem",
    "Redemption",
    "ServiceOrder",
    "Settlement",
    "SharingProfile",
    "SubsidyClaim",
    "SubsidyProgramme",
    "TrainingRecord",
    "Unit",
    "Voucher",
    "VoucherBatch",
    "VoucherStatus",
]
