// Meeting page: "列为督办" fills the action form from an overdue task of the agenda.
document.addEventListener("click", (event) => {
  const button = event.target.closest(".js-action-from-task");
  if (!button) return;
  const form = document.getElementById("action-form");
  if (!form) return;
  form.querySelector("[name=text]").value = button.dataset.text;
  form.querySelector("[name=task]").value = button.dataset.task;
  form.scrollIntoView({ behavior: "smooth" });
});
