// Staff pages of the OCOP registry (/staff/ocop): CSV import and image upload send the chosen file as
// the request body (the server reads no multipart forms), forms marked data-confirm ask first, and the
// product form shows the id that a blank id field will get.
"use strict";

(function () {
  /** The session's CSRF token, from the page's <meta name="csrf-token">. */
  function csrfToken() {
    const meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : "";
  }

  /** Sends a file as the body; resolves to {ok, status, data} with data the JSON answer. */
  async function sendFile(url, file, type) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": type || file.type || "application/octet-stream", "X-CSRF-Token": csrfToken() },
      body: file,
      credentials: "same-origin",
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    return { ok: response.ok, status: response.status, data: data };
  }

  function message(data, fallback) {
    return (data && data.error && data.error.message) || (data && data.message) || fallback;
  }

  /** Shows lines in a list inside `box`, as text (never as HTML). */
  function showLines(box, heading, lines, isError) {
    box.replaceChildren();
    box.className = isError ? "error" : "ok";
    const p = document.createElement("p");
    p.textContent = heading;
    box.appendChild(p);
    if (lines.length) {
      const list = document.createElement("ul");
      list.className = "import-errors";
      for (const line of lines) {
        const item = document.createElement("li");
        item.textContent = line;
        list.appendChild(item);
      }
      box.appendChild(list);
    }
  }

  const importForm = document.getElementById("ocop-import");
  if (importForm) {
    importForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const input = document.getElementById("ocop-import-file");
      const box = document.getElementById("ocop-import-result");
      const file = input.files && input.files[0];
      if (!file) { showLines(box, "Chọn một tệp CSV. / Choose a CSV file.", [], true); return; }
      const button = importForm.querySelector("button");
      button.disabled = true;
      showLines(box, "Đang nhập… / Importing…", [], false);
      try {
        const url = importForm.dataset.action + "?file=" + encodeURIComponent(file.name);
        const result = await sendFile(url, file, "text/csv; charset=utf-8");
        if (result.ok && result.data.location) {
          window.location.assign(result.data.location);
          return;
        }
        const text = message(result.data, "Lỗi " + result.status);
        showLines(box, "Chưa nhập gì: tệp có lỗi. / Nothing imported: the file has errors.", text.split("\n"), true);
      } catch (error) {
        showLines(box, "Không gửi được tệp. / The file could not be sent.", [String(error)], true);
      } finally {
        button.disabled = false;
      }
    });
  }

  const imageForm = document.getElementById("ocop-image-form");
  if (imageForm) {
    imageForm.addEventListener("submit", async (event) => {
      event.preventDefault();
      const input = document.getElementById("ocop-image-file");
      const box = document.getElementById("ocop-image-result");
      const file = input.files && input.files[0];
      box.className = "error";
      if (!file) { box.textContent = "Chọn một tệp ảnh. / Choose an image file."; return; }
      if (file.size > 2 * 1024 * 1024) {
        box.textContent = "Ảnh lớn hơn 2 MB; hãy thu nhỏ ảnh. / The image is larger than 2 MB.";
        return;
      }
      box.className = "";
      box.textContent = "Đang tải lên… / Uploading…";
      try {
        const result = await sendFile(imageForm.dataset.action, file);
        if (result.ok && result.data.location) {
          window.location.assign(result.data.location);
          return;
        }
        box.className = "error";
        box.textContent = message(result.data, "Lỗi " + result.status);
      } catch (error) {
        box.className = "error";
        box.textContent = "Không gửi được ảnh. / The image could not be sent.";
      }
    });
  }

  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }

  // The id the server makes from the Vietnamese name when the id field is left blank.
  const name = document.getElementById("f-name_vi");
  const id = document.getElementById("f-id");
  if (name && id) {
    const suggest = () => {
      id.placeholder = name.value.replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
        .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
    };
    name.addEventListener("input", suggest);
    suggest();
  }
})();
