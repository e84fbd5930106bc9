"""Reference data every library uses: regions, Xixian's new cities, industry chains, parks,
cooperation modes."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.i18n import ReadersName, is_english


class NewCity(models.TextChoices):
    """Xixian New Area's five new cities plus the energy and finance zone. Not administrative
    divisions (their streets sit under their legal counties), so the platform keeps its own list."""

    FENGDONG = "fengdong", _("沣东新城")
    FENGXI = "fengxi", _("沣西新城")
    QINHAN = "qinhan", _("秦汉新城")
    KONGGANG = "konggang", _("空港新城")
    JINGHE = "jinghe", _("泾河新城")
    ENERGY_FINANCE = "energy_finance", _("能源金贸区")


class Region(ReadersName, models.Model):
    """A GB/T 2260 administrative division (province, prefecture or county level); ``label`` and
    ``str()`` in the reader's language (English names: reference/data/shaanxi_61_names_en.csv)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省")
        PREFECTURE = "prefecture", _("地级市")
        COUNTY = "county", _("县级")

    code = models.CharField(_("行政区划代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=50)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return self.label


def place_name(prefecture: Region | None, county: Region | None = None) -> str:
    """A place in the reader's language: 西安市碑林区 in Chinese (the prefecture, then the county,
    as addresses are written), "Beilin District, Xi'an" in English; "" when neither is given."""
    parts = [region.label for region in (prefecture, county) if region is not None]
    if is_english():
        return ", ".join(reversed(parts))
    return "".join(parts)


class IndustryChain(ReadersName, models.Model):
    """A key industry or industry chain (氢能, 光伏, 智能网联汽车 ...); ``label`` and ``str()`` in the
    reader's language (``core.i18n.ReadersName``: the try-out read 氢能 in an English demand form)."""

    slug = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=50, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    description = models.TextField(_("说明"), blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True, help_text=_("规划文件出处"))
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("产业链")
        verbose_name_plural = _("产业链")

    def __str__(self) -> str:
        return self.label


class Park(models.Model):
    """One of the hub's parks (seed 002, chapter 4)."""

    name = models.CharField(_("园区名称"), max_length=100, unique=True)
    new_city = models.CharField(_("所属新城"), max_length=20, choices=NewCity.choices, blank=True)
    focus = models.TextField(_("主导产业"), blank=True)
    industry_chains = models.ManyToManyField(IndustryChain, blank=True, related_name="parks", verbose_name=_("产业链"))
    land_area_mu = models.DecimalField(_("用地面积（亩）"), max_digits=12, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("来源"), max_length=200, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("园区")
        verbose_name_plural = _("园区")

    def __str__(self) -> str:
        return self.name


class ProvincialChain(models.Model):
    """A key industry chain of the province or of Xi'an (seed 001 三(一)5③ "全省 24条产业链"; seed 002
    4.2 "全省 23 条、全市 19 条重点产业链"), mapped to the hub's own key chains it feeds."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("省级")
        CITY = "city", _("市级")

    name = models.CharField(_("名称"), max_length=60)
    level = models.CharField(_("层级"), max_length=10, choices=Level.choices)
    source = models.CharField(_("来源"), max_length=300, help_text=_("文件与章节"))
    hub_chains = models.ManyToManyField(
        IndustryChain, blank=True, related_name="provincial_chains", verbose_name=_("对应总窗口重点产业链")
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["level", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["level", "name"], name="reference_provincial_chain_once")]
        verbose_name = _("省市重点产业链")
        verbose_name_plural = _("省市重点产业链")

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.name}"


class CooperationMode(models.TextChoices):
    """Cooperation and payment modes a record offers or wants."""

    TRANSFER = "transfer", _("转让")
    LICENCE = "licence", _("许可")
    EQUITY_IN_KIND = "equity_in_kind", _("作价入股")
    JOINT_DEVELOPMENT = "joint_development", _("合作开发")
    TECH_SERVICE = "tech_service", _("技术服务")
    PAY_AFTER_USE = "pay_after_use", _("先使用后付费")
    INVEST_THEN_EQUITY = "invest_then_equity", _("先投后股")
