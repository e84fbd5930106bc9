"""An operator starts an import and follows it on the job page; a running job's page polls until done."""

import pytest

from tests.e2e.conftest import login, screenshot

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CSV = (
    "标题,技术问题,预算下限（万元）,预算上限（万元）,期望完成日期,期望合作方式,卡脖子,产业链,地市,区县,保密细节\n"
    "氢能重卡储氢系统,储氢密度不足,10,50,2027-06-30,转让,否,氢能,西安市,610113,保密\n"
)


def test_operator_follows_an_import_and_a_running_job(page, phone_page, operator, tmp_path, settings):
    settings.MATCHING_EMBEDDER = "none"
    upload = tmp_path / "demands.csv"
    upload.write_text(CSV, encoding="utf-8-sig")
    login(page, operator.email)
    page.goto(page.base_url + "/import/")
    page.select_option("#id_library", "demands")
    page.set_input_files("#id_file", str(upload))
    page.click("form.detail-box button[type=submit]")
    page.wait_for_url("**/jobs/*/")
    assert page.locator("#job-status").inner_text() == "已完成"
    assert "导入成功：1 条技术需求" in page.locator("#job-message").inner_text()
    screenshot(page, "job-import-done-1280")

    # A job still running: the page polls and shows the end without a reload.
    from jobs.models import Job, JobStatus

    job = Job.objects.create(
        name="matching.rebuild", label="重建检索索引", created_by=operator, status=JobStatus.RUNNING, done=3, total=10
    )
    page.goto(page.base_url + f"/jobs/{job.pk}/")
    assert page.locator("#job-status").inner_text() == "运行中" and "3 / 10" in page.content()
    screenshot(page, "job-running-1280")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE, done=10, message="已重建 10 条记录的索引。")
    page.wait_for_selector("#job-progress[data-status=done]", timeout=10_000)
    assert "已重建 10 条记录的索引。" in page.locator("#job-message").inner_text()

    login(phone_page, operator.email)
    phone_page.goto(phone_page.base_url + f"/jobs/{job.pk}/")
    screenshot(phone_page, "job-done-390")
