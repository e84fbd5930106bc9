from django.contrib import admin

from .models import Fund, Investment, Loan, Pledge, ProductTerms, RiskFundEntry, WhiteListCriteria


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ("name", "manager", "size", "stage", "government_guided", "established_on", "is_demo")
    list_filter = ("stage", "government_guided")
    search_fields = ("name", "manager")
    filter_horizontal = ("focus_chains",)


@admin.register(Investment)
class InvestmentAdmin(admin.ModelAdmin):
    list_display = ("fund", "organisation", "amount", "round", "invested_on", "in_general_window", "contract")
    list_filter = ("round", "in_general_window")
    raw_id_fields = ("organisation", "contract")


class PledgeInline(admin.TabularInline):
    model = Pledge
    raw_id_fields = ("patent", "contract")
    extra = 0


@admin.register(Loan)
class LoanAdmin(admin.ModelAdmin):
    list_display = ("organisation", "institution", "product_type", "amount", "rate", "granted_on", "risk_covered")
    list_filter = ("product_type", "risk_covered")
    raw_id_fields = ("application", "organisation", "institution")
    inlines = [PledgeInline]


admin.site.register(ProductTerms)
admin.site.register(RiskFundEntry)
admin.site.register(WhiteListCriteria)
