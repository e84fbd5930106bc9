from rest_framework import serializers

from .models import Booking, OpeningHours, PriceItem, Redemption, ServiceOrder, SharingProfile, Voucher


class PriceItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = PriceItem
        fields = ["unit", "member_rate", "outsider_rate", "note"]


class OpeningHoursSerializer(serializers.ModelSerializer):
    class Meta:
        model = OpeningHours
        fields = ["day_kind", "opens", "closes"]


class SharingProfileSerializer(serializers.ModelSerializer):
    """An instrument's sharing settings. Rates in 元; hours in hours."""

    instrument = serializers.IntegerField(source="instrument_id")
    title = serializers.CharField(source="instrument.title")
    prices = PriceItemSerializer(many=True)
    hours = OpeningHoursSerializer(many=True)

    class Meta:
        model = SharingProfile
        fields = [
            "instrument",
            "title",
            "bookable",
            "operation",
            "training_required",
            "min_notice_hours",
            "max_length_hours",
            "prices",
            "hours",
        ]


class BusySlotSerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()


class BookingSerializer(serializers.ModelSerializer):
    """A booking as its parties and operators see it; fee in 元."""

    class Meta:
        model = Booking
        fields = [
            "id",
            "instrument",
            "organisation",
            "user",
            "start",
            "end",
            "purpose",
            "samples_planned",
            "status",
            "is_member",
            "refuse_reason",
            "actual_hours",
            "actual_samples",
            "actual_days",
            "fee",
            "fee_lines",
            "owner_confirmed_at",
            "user_confirmed_at",
            "created_at",
        ]
        read_only_fields = fields


class BookingCreateSerializer(serializers.Serializer):
    instrument = serializers.IntegerField()
    organisation = serializers.IntegerField()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    purpose = serializers.CharField(max_length=300)
    samples_planned = serializers.IntegerField(min_value=0, default=0)


class BookingActionSerializer(serializers.Serializer):
    """approve | refuse (reason) | cancel | use (hours, samples, days) | confirm."""

    reason = serializers.CharField(required=False, allow_blank=True, default="")
    hours = serializers.DecimalField(max_digits=7, decimal_places=2, required=False, allow_null=True, min_value=0)
    samples = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    days = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class VoucherSerializer(serializers.ModelSerializer):
    batch_name = serializers.CharField(source="batch.name")
    valid_until = serializers.DateField(source="batch.valid_until")

    class Meta:
        model = Voucher
        fields = [
            "id",
            "code",
            "batch",
            "batch_name",
            "holder",
            "face_value",
            "balance",
            "returned",
            "status",
            "valid_until",
        ]


class RedeemSerializer(serializers.Serializer):
    booking = serializers.IntegerField(required=False, allow_null=True)
    service_order = serializers.IntegerField(required=False, allow_null=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=0)


class RedemptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Redemption
        fields = ["id", "voucher", "booking", "service_order", "provider", "amount", "settlement", "redeemed_at"]


class ServiceOrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServiceOrder
        fields = [
            "id",
            "provider",
            "instrument",
            "organisation",
            "title",
            "samples",
            "sample_count",
            "requirements",
            "status",
            "quote_amount",
            "quote_note",
            "due_on",
            "decline_reason",
            "rating",
            "rating_comment",
            "created_at",
        ]
        read_only_fields = [
            "status",
            "quote_amount",
            "quote_note",
            "due_on",
            "decline_reason",
            "rating",
            "rating_comment",
            "created_at",
        ]


class OrderActionSerializer(serializers.Serializer):
    """quote (amount 元, due_on, note) | accept | refuse (reason) | decline (reason) | deliver (report file) | rate."""

    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    due_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    report = serializers.FileField(required=False)
    rating = serializers.IntegerField(required=False)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class UtilisationRowSerializer(serializers.Serializer):
    instrument = serializers.IntegerField(source="instrument.pk")
    title = serializers.CharField(source="instrument.title")
    owner = serializers.CharField(allow_null=True)
    open_hours = serializers.FloatField()
    used_hours = serializers.FloatField()
    rate = serializers.FloatField(allow_null=True, help_text="%")
    bookings = serializers.IntegerField()
    inside = serializers.IntegerField()
    outside = serializers.IntegerField()
    income = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="元")
    subsidy = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="元")
