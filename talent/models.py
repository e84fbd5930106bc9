"""Talent cloud (秦创原线上人才云平台, seed 001 三(四)): talent profiles and their points, talent
demands and the doctoral recruitment board, contact requests and placements, 科学家+工程师 teams,
one-click talent services.

Contact details (``phone``, ``email``) are confidential: the person, operators and the users whose
contact request the person accepted read them (``access.contact_visible``); nobody else, on pages,
API, exports or match reasons.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Talent categories (seed 001 三(四)1①②⑤⑥, 2①). Each has its own points weights."""

    HIGH_LEVEL = "high_level", _("高层次人才")
    YOUNG = "young", _("青年科技人才")
    DOCTOR = "doctor", _("博士")
    SKILLED = "skilled", _("高技能人才")
    MANAGEMENT = "management", _("科技企业高级管理人才")
    OVERSEAS = "overseas", _("海外归国人才")


class Level(models.TextChoices):
    """Tiers claimed (local choice; the seeds name 高层次人才 tiers without defining them)."""

    A = "A", _("A类 顶尖人才")
    B = "B", _("B类 国家级领军人才")
    C = "C", _("C类 省级领军人才")
    D = "D", _("D类 拔尖人才")
    E = "E", _("E类 骨干人才")


LEVEL_RANK = {"A": 5, "B": 4, "C": 3, "D": 2, "E": 1}


class Degree(models.TextChoices):
    DOCTOR = "doctor", _("博士")
    MASTER = "master", _("硕士")
    BACHELOR = "bachelor", _("学士")
    OTHER = "other", _("其他")


DEGREE_RANK = {"doctor": 3, "master": 2, "bachelor": 1, "other": 0}


class TitleGrade(models.TextChoices):
    SENIOR = "senior", _("正高级")
    DEPUTY = "deputy", _("副高级")
    INTERMEDIATE = "intermediate", _("中级")
    NONE = "none", _("无/其他")


TITLE_RANK = {"senior": 3, "deputy": 2, "intermediate": 1, "none": 0}


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")  # the person is still filling it in
    SUBMITTED = "submitted", _("待核验")  # waits for an operator
    VERIFIED = "verified", _("已核验")  # counts everywhere: points, matching, map, rules
    RETURNED = "returned", _("已退回")  # the operator gave a reason; the person edits and resubmits


class TalentProfile(models.Model):
    """A person registered in the talent cloud (人才注册制). One per user; an expert-library record
    of the same person is linked (``expert``), never copied."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_profile")
    expert = models.OneToOneField(
        "catalog.Expert",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talent_profile",
        verbose_name=_("专家库记录"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    category = models.CharField(_("人才类别"), max_length=20, choices=Category.choices)
    level = models.CharField(_("人才层次"), max_length=1, choices=Level.choices, default=Level.E)
    degree = models.CharField(_("最高学位"), max_length=10, choices=Degree.choices, default=Degree.OTHER)
    degree_school = models.CharField(_("毕业院校"), max_length=100, blank=True)
    degree_year = models.PositiveSmallIntegerField(_("学位年份"), null=True, blank=True)
    title_grade = models.CharField(_("职称等级"), max_length=15, choices=TitleGrade.choices, default=TitleGrade.NONE)
    professional_title = models.CharField(_("职称/职务"), max_length=100, blank=True)
    fields_of_work = models.CharField(_("研究领域"), max_length=300)
    industry_chains = models.ManyToManyField(
        "reference.IndustryChain", blank=True, related_name="talents", verbose_name=_("产业领域")
    )
    biography = models.TextField(_("个人简介"), blank=True)
    achievements = models.TextField(_("主要成果"), blank=True)
    patents = models.ManyToManyField("patents.Patent", blank=True, related_name="talents", verbose_name=_("专利"))
    organisation = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talents",
        verbose_name=_("当前单位"),
    )
    organisation_name = models.CharField(_("当前单位名称"), max_length=200, blank=True)
    prefecture = models.ForeignKey(
        "reference.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在地市"),
    )
    county = models.ForeignKey(
        "reference.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所在区县"),
    )
    overseas_experience = models.BooleanField(_("海外经历"), default=False)
    available_modes = models.JSONField(_("可接受的合作方式"), default=list, blank=True)
    # Confidential: see the module docstring.
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.EmailField(_("联系邮箱"), blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT)
    verification_note = models.CharField(_("核验说明"), max_length=300, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("注册时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-verified_at", "-pk"]
        verbose_name = _("人才档案")
        verbose_name_plural = _("人才档案")
        indexes = [models.Index(fields=["status", "category"], name="talent_status_cat")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("talent:profile", kwargs={"pk": self.pk})

    @property
    def is_verified(self) -> bool:
        return self.status == ProfileStatus.VERIFIED

    @property
    def level_rank(self) -> int:
        return LEVEL_RANK.get(self.level, 0)


class Evidence(models.Model):
    """A supporting document for the claimed category and level (证书, 聘书, 学位证 ...)."""

    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("材料名称"), max_length=120)
    file = models.FileField(_("文件"), upload_to="talent/evidence/%Y/", blank=True)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("证明材料")
        verbose_name_plural = _("证明材料")

    def __str__(self) -> str:
        return self.title


class TalentPointsModel(models.Model):
    """One version of the talent points model (core.points definition, weights keyed by category)."""

    code = models.SlugField(_("版本代码"), max_length=60, unique=True)
    name = models.CharField(_("名称"), max_length=120)
    source = models.TextField(_("依据"), blank=True)
    definition = models.JSONField(_("模型定义"))
    is_current = models.BooleanField(_("当前使用"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("人才积分模型版本")
        verbose_name_plural = _("人才积分模型版本")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class TalentPoints(models.Model):
    """A person's current points (人才动态积分): recomputed whenever the verified profile changes."""

    profile = models.OneToOneField(TalentProfile, on_delete=models.CASCADE, related_name="points")
    model = models.ForeignKey(TalentPointsModel, on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("人才积分"), max_digits=7, decimal_places=2)
    # [{indicator, label, group, value, unit, source, band_score, weight, points}]
    breakdown = models.JSONField(_("得分明细"), default=list)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("人才积分")
        verbose_name_plural = _("人才积分")

    def __str__(self) -> str:
        return f"{self.profile} {self.total}"


class DemandKind(models.TextChoices):
    FULL_TIME = "full_time", _("全职")
    PART_TIME = "part_time", _("兼职")
    FLEXIBLE = "flexible", _("柔性引才")
    TECH_VP = "tech_vp", _("科技副总")  # seed 004: 选派“科技副总”
    INDUSTRY_PROFESSOR = "industry_professor", _("产业教授")  # seed 004: 选派“产业教授”


class DemandStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已关闭")


class TalentDemand(models.Model):
    """A position or need posted by an enterprise or institute (人才需求)."""

    owner_org = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="talent_demands", verbose_name=_("发布单位")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    title = models.CharField(_("岗位/需求名称"), max_length=200)
    kind = models.CharField(_("引才方式"), max_length=20, choices=DemandKind.choices)
    description = models.TextField(_("岗位职责与要求"))
    fields_of_work = models.CharField(_("专业领域"), max_length=300, blank=True)
    industry_chains = models.ManyToManyField(
        "reference.IndustryChain", blank=True, related_name="talent_demands", verbose_name=_("产业领域")
    )
    category = models.CharField(_("人才类别要求"), max_length=20, choices=Category.choices, blank=True)
    min_level = models.CharField(_("最低人才层次"), max_length=1, choices=Level.choices, blank=True)
    degree = models.CharField(_("学位要求"), max_length=10, choices=Degree.choices, blank=True)
    positions = models.PositiveSmallIntegerField(_("需求人数"), default=1)
    salary = models.CharField(_("薪酬待遇"), max_length=100, blank=True)
    prefecture = models.ForeignKey(
        "reference.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("工作地市"),
    )
    county = models.ForeignKey(
        "reference.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("工作区县"),
    )
    deadline = models.DateField(_("截止日期"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=DemandStatus.choices, default=DemandStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("人才需求")
        verbose_name_plural = _("人才需求")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talent:demand", kwargs={"pk": self.pk})


class DoctoralBoard(models.Model):
    """One edition of the 秦创原博士招才引智榜 (seed 001 三(四)1②: 持续发布): a dated, published list."""

    title = models.CharField(_("榜单名称"), max_length=120)
    edition_date = models.DateField(_("发布日期"))
    intro = models.TextField(_("说明"), blank=True)
    published = models.BooleanField(_("已发布"), default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    demands = models.ManyToManyField(TalentDemand, through="BoardEntry", related_name="boards")

    class Meta:
        ordering = ["-edition_date", "-pk"]
        verbose_name = _("博士招才引智榜")
        verbose_name_plural = _("博士招才引智榜")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("talent:board", kwargs={"pk": self.pk})


class BoardEntry(models.Model):
    board = models.ForeignKey(DoctoralBoard, on_delete=models.CASCADE, related_name="entries")
    demand = models.ForeignKey(TalentDemand, on_delete=models.PROTECT, related_name="board_entries")
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [models.UniqueConstraint(fields=["board", "demand"], name="talent_board_demand_once")]

    def __str__(self) -> str:
        return f"{self.board} #{self.order}"


class ContactStatus(models.TextChoices):
    PENDING = "pending", _("待答复")
    ACCEPTED = "accepted", _("已接受")  # from now on the requester reads the person's contact details
    DECLINED = "declined", _("已婉拒")


class ContactRequest(models.Model):
    """An enterprise (or another person) asks to get in touch; the person accepts or declines."""

    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="contact_requests")
    demand = models.ForeignKey(TalentDemand, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts")
    requester = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_contacts")
    requester_org = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    initiated_by_talent = models.BooleanField(default=False)  # the person applied to a demand
    message = models.TextField(_("留言"), max_length=1000)
    status = models.CharField(_("状态"), max_length=10, choices=ContactStatus.choices, default=ContactStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("联系请求")
        verbose_name_plural = _("联系请求")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "requester"], condition=models.Q(status="pending"), name="talent_contact_one_pending"
            )
        ]

    def __str__(self) -> str:
        return f"{self.requester} → {self.profile}"


class Placement(models.Model):
    """A talent taken up by an organisation (引进/聘用/选派): counted by year in the monitoring."""

    profile = models.ForeignKey(TalentProfile, on_delete=models.PROTECT, related_name="placements")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="talent_placements", verbose_name=_("用人单位")
    )
    demand = models.ForeignKey(
        TalentDemand, null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    contact = models.OneToOneField(
        ContactRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="placement"
    )
    kind = models.CharField(_("引才方式"), max_length=20, choices=DemandKind.choices)
    started_on = models.DateField(_("到岗日期"))
    # Frozen at recording time so that a later profile change does not move past years' counts.
    category = models.CharField(_("人才类别"), max_length=20, choices=Category.choices)
    level = models.CharField(_("人才层次"), max_length=1, choices=Level.choices)
    prefecture = models.ForeignKey(
        "reference.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey("reference.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("人才引进记录")
        verbose_name_plural = _("人才引进记录")

    @property
    def is_high_level(self) -> bool:
        return self.category == Category.HIGH_LEVEL or self.level in ("A", "B", "C")

    def __str__(self) -> str:
        return f"{self.profile} @ {self.organisation}"


class Team(models.Model):
    """A 科学家+工程师 team (seed 001 三(四)1④: 三年建设不少于 90支)."""

    name = models.CharField(_("团队名称"), max_length=120)
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="talent_teams", verbose_name=_("依托单位")
    )
    project = models.CharField(_("依托项目"), max_length=200)
    outputs = models.TextField(_("成果产出"), blank=True)
    industry_chains = models.ManyToManyField("reference.IndustryChain", blank=True, related_name="talent_teams")
    formed_on = models.DateField(_("组建日期"))
    members = models.ManyToManyField(TalentProfile, through="TeamMember", related_name="teams")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-formed_on", "-pk"]
        verbose_name = _("科学家+工程师队伍")
        verbose_name_plural = _("科学家+工程师队伍")

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    class Role(models.TextChoices):
        SCIENTIST = "scientist", _("科学家")
        ENGINEER = "engineer", _("工程师")

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    profile = models.ForeignKey(TalentProfile, on_delete=models.PROTECT, related_name="team_memberships")
    role = models.CharField(_("角色"), max_length=10, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "profile"], name="talent_team_member_once")]

    def __str__(self) -> str:
        return f"{self.team} {self.profile}"


class ServiceKind(models.TextChoices):
    RESIDENCE = "residence", _("居留许可办理指引")
    APARTMENT = "apartment", _("人才公寓")
    SCHOOLING = "schooling", _("子女入学")
    PROJECT = "project", _("项目申报辅导")
    TITLE = "title", _("职称评审申报")
    OTHER = "other", _("其他服务")


# Responsible units (seed 001 三(四)4 lead units; 居留: 西安市公安局西咸新区分局; local default, editable per request).
RESPONSIBLE_UNITS = {
    "residence": "西安市公安局西咸新区分局",
    "apartment": "社会事业服务局",
    "schooling": "社会事业服务局",
    "project": "科技创新和新经济局",
    "title": "组织人事部（人才办）",
    "other": "组织人事部（人才办）",
}


class ServiceStatus(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    ACCEPTED = "accepted", _("已受理")
    DONE = "done", _("已办结")
    REJECTED = "rejected", _("不予受理")
    WITHDRAWN = "withdrawn", _("已撤回")


class ServiceRequest(models.Model):
    """A one-click talent service request (一键式办理) handled by a responsible unit."""

    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_services")
    profile = models.ForeignKey(
        TalentProfile, null=True, blank=True, on_delete=models.SET_NULL, related_name="services"
    )
    kind = models.CharField(_("服务事项"), max_length=12, choices=ServiceKind.choices)
    detail = models.TextField(_("需求说明"), max_length=2000)
    responsible_unit = models.CharField(_("责任单位"), max_length=100)
    status = models.CharField(_("状态"), max_length=10, choices=ServiceStatus.choices, default=ServiceStatus.SUBMITTED)
    reply = models.TextField(_("办理意见"), blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField(_("评价（1-5）"), null=True, blank=True)
    rating_comment = models.CharField(_("评价说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("人才服务事项")
        verbose_name_plural = _("人才服务事项")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="talent_rating_1_5",
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("talent:service", kwargs={"pk": self.pk})

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"
