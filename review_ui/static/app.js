// Small helpers only: every page works without them (server-rendered forms).
document.addEventListener("DOMContentLoaded", () => {
  // dashboard bars: widths from data attributes (the CSP allows no inline styles)
  for (const bar of document.querySelectorAll(".bar[data-width]")) bar.style.width = bar.dataset.width + "%";
  // confirm before submitting an appraisal
  for (const form of document.querySelectorAll("form.confirm")) {
    form.addEventListener("submit", (event) => { if (!confirm(form.dataset.confirm)) event.preventDefault(); });
  }
  // a page image that cannot be drawn (DOCX, text): show the page's text instead
  for (const img of document.querySelectorAll("img[data-fallback]")) {
    img.addEventListener("error", () => { img.hidden = true; document.getElementById(img.dataset.fallback).hidden = false; });
  }
  // flag queue: j/k move, a accept, d dismiss
  const rows = [...document.querySelectorAll("#queue tbody tr")];
  if (!rows.length) return;
  let current = 0;
  const focus = (index) => {
    rows[current].classList.remove("current");
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows[current].classList.add("current");
    rows[current].focus();
  };
  focus(0);
  document.addEventListener("keydown", (event) => {
    if (event.target.matches("input, select, textarea") || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "j") focus(current + 1);
    else if (event.key === "k") focus(current - 1);
    else if (event.key === "a" || event.key === "d") rows[current].querySelector(`button[data-key="${event.key}"]`)?.click();
    else if (event.key === "m") rows[current].querySelector('a[data-key="m"]')?.click();
  });
});
