/* briefgen serve: upload with progress, indicator review with inline saving, live delivery status.
   Plain JavaScript, no build step. Data from reports is always inserted as text, never as markup. */
(function () {
  "use strict";
  var csrf = document.querySelector("meta[name=csrf]").content;
  var READABLE = [".txt", ".text", ".md", ".markdown", ".docx", ".pdf"];

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function errorText(xhrOrResp, body) {
    try { return JSON.parse(body).error || ("出错了（" + xhrOrResp.status + "）"); }
    catch (e) { return "出错了（" + xhrOrResp.status + "）"; }
  }

  /* ---------- upload page ---------- */
  function initUpload(drop) {
    var input = document.getElementById("file");
    var list = document.getElementById("uploads");
    var maxMb = parseFloat(drop.dataset.max);
    var queue = [], busy = false;

    function add(files) {
      Array.prototype.forEach.call(files, function (f) {
        var row = el("li");
        var name = el("span", "name", f.name);
        var bar = el("progress"); bar.max = 100; bar.value = 0;
        var state = el("span", "state", "等待上传");
        row.append(name, bar, state);
        list.appendChild(row);
        var dot = f.name.lastIndexOf(".");
        var ext = dot >= 0 ? f.name.slice(dot).toLowerCase() : "";
        if (READABLE.indexOf(ext) < 0) {
          bar.remove(); row.insertBefore(el("span"), state);
          state.className = "err";
          state.textContent = "不能读取 " + (ext || "无扩展名") + " 文件：请上传 .docx、.pdf、.txt 或 .md（.doc/.wps 请先另存为 .docx）";
          return;
        }
        if (f.size > maxMb * 1024 * 1024) {
          state.className = "err";
          state.textContent = "文件 " + (f.size / 1048576).toFixed(1) + " MB，超过上限 " + maxMb + " MB";
          return;
        }
        queue.push({ file: f, bar: bar, state: state });
      });
      next();
    }

    function next() {
      if (busy) return;
      var job = queue.shift();
      if (!job) { refreshList(); return; }
      busy = true;
      var form = new FormData();
      form.append("file", job.file);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", "/api/reports");
      xhr.setRequestHeader("X-CSRF-Token", csrf);
      job.state.textContent = "上传中…";
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) job.bar.value = Math.round(80 * e.loaded / e.total);
      };
      xhr.upload.onload = function () {
        job.bar.removeAttribute("value");  // indeterminate while the server reads the report
        job.state.textContent = "正在读取和分析…";
      };
      xhr.onload = function () {
        busy = false;
        if (xhr.status === 200 || xhr.status === 201) {
          var r = JSON.parse(xhr.responseText);
          job.bar.value = 100;
          job.state.textContent = "";
          job.state.className = "done";
          job.state.append(
            (r.existing ? "这份报告已在工作区，保留了之前的修改。" : "读取完成：找到 " + r.indicators + " 个数字。"), " ");
          var a = el("a", "btn small", "去核对 →"); a.href = r.url;
          job.state.appendChild(a);
        } else {
          job.bar.value = 0;
          job.state.className = "err";
          job.state.textContent = "读取失败：" + errorText(xhr, xhr.responseText);
        }
        next();
      };
      xhr.onerror = function () {
        busy = false;
        job.state.className = "err";
        job.state.textContent = "上传中断：请检查 briefgen serve 是否仍在运行";
        next();
      };
      xhr.send(form);
    }

    function refreshList() {
      fetch("/").then(function (r) { return r.text(); }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.getElementById("reports"), old = document.getElementById("reports");
        if (fresh && old) old.replaceWith(fresh);
      });
    }

    input.addEventListener("change", function () { add(input.files); input.value = ""; });
    ["dragenter", "dragover"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
    });
    ["dragleave", "drop"].forEach(function (t) {
      drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
    });
    drop.addEventListener("drop", function (e) { add(e.dataTransfer.files); });
  }

  /* ---------- review page ---------- */
  function initReview(root) {
    var rid = root.dataset.rid;
    var data = {};
    JSON.parse(document.getElementById("indicator-data").textContent).forEach(function (i) { data[i.id] = i; });
    var detail = document.getElementById("detail");
    var img = document.getElementById("pdf-preview");
    var outline = document.getElementById("outline");

    function mark(id) { return document.querySelector('mark.ind[data-id="' + CSS.escape(id) + '"]'); }
    function row(id) { return document.querySelector('#indicators tr[data-id="' + CSS.escape(id) + '"]'); }

    function show(id, from) {
      var i = data[id];
      if (!i) return;
      document.querySelectorAll("mark.active, tr.active").forEach(function (e) { e.classList.remove("active"); });
      var m = mark(id), r = row(id);
      if (m) { m.classList.add("active"); if (from !== "text") m.scrollIntoView({ block: "center", behavior: "smooth" }); }
      if (r) { r.classList.add("active"); if (from !== "table") r.scrollIntoView({ block: "nearest", behavior: "smooth" }); }
      detail.textContent = "";
      var dl = el("dl");
      [["原文数字", i.text], ["指标名称", i.label], ["数值", (i.qualifier_cn ? i.qualifier_cn + " " : "") + i.value],
       ["单位", i.unit || "（无）"], ["类型", i.kind_cn + (i.excluded ? "（不采用）" : "")], ["所在章节", i.section],
       ["原句", i.sentence]].forEach(function (p) {
        dl.append(el("dt", "", p[0]), el("dd", p[0] === "原句" ? "sentence" : "", p[1]));
      });
      detail.appendChild(dl);
    }

    document.getElementById("source").addEventListener("click", function (e) {
      var m = e.target.closest("mark.ind");
      if (m) show(m.dataset.id, "text");
    });
    document.getElementById("source").addEventListener("keydown", function (e) {
      var m = e.target.closest("mark.ind");
      if (m && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); show(m.dataset.id, "text"); }
    });

    var table = document.getElementById("indicators");
    table.addEventListener("click", function (e) {
      var b = e.target.closest("[data-show]");
      if (b) show(b.dataset.show, "table");
    });
    table.addEventListener("focusin", function (e) {
      var r = e.target.closest("tr[data-id]");
      if (r) show(r.dataset.id, "table");
    });
    table.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && e.target.name === "label") { e.preventDefault(); e.target.blur(); }
    });
    table.addEventListener("change", function (e) {
      var t = e.target, r = t.closest("tr[data-id]");
      if (!r) return;
      var id = r.dataset.id, change = {};
      if (t.name === "label") change.label = t.value;
      else if (t.name === "kind") change.kind = t.value;
      else if (t.name === "excluded") change.excluded = t.checked;
      else return;
      save(id, change, r, t);
    });

    function save(id, change, r, input) {
      var state = r.querySelector(".state");
      state.className = "state saving"; state.textContent = "保存中…";
      fetch("/api/reports/" + encodeURIComponent(rid) + "/indicators/" + encodeURIComponent(id), {
        method: "PATCH", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify(change), credentials: "same-origin"
      }).then(function (resp) {
        return resp.text().then(function (body) {
          if (!resp.ok) throw new Error(errorText(resp, body));
          return JSON.parse(body);
        });
      }).then(function (res) {
        var i = res.view;
        data[id] = i;
        state.className = "state saved"; state.textContent = "已保存 ✓";
        r.classList.toggle("ex", i.excluded);
        var m = mark(id);
        if (m) {
          m.className = "ind k-" + i.kind + (i.excluded ? " ex" : "") + " active";
          m.title = i.label + "（" + i.kind_cn + "）";
        }
        show(id, "table");
        refreshPreview(res.preview);
      }).catch(function (err) {
        state.className = "state bad"; state.textContent = err.message;
        var i = data[id];  // show what is saved, not the refused edit
        if (input.name === "label") input.value = i.label;
        if (input.name === "kind") input.value = i.kind;
        if (input.name === "excluded") input.checked = i.excluded;
      });
    }

    function refreshPreview(p) {
      if (img && p && img.getAttribute("src") !== p.url) {
        img.classList.add("updating");
        img.onload = function () { img.classList.remove("updating"); };
        img.setAttribute("src", p.url);
        var w = document.getElementById("pdf-warnings");
        if (w) { w.textContent = ""; p.warnings.forEach(function (t) { w.appendChild(el("li", "", t)); }); }
      }
      loadOutline();
    }

    var outlineTimer = null;
    function loadOutline() {
      clearTimeout(outlineTimer);
      outlineTimer = setTimeout(function () {
        fetch(outline.dataset.src, { credentials: "same-origin" }).then(function (r) { return r.text(); })
          .then(function (html) { outline.innerHTML = html; });  // our own server's escaped fragment
      }, 300);
    }
    loadOutline();
  }

  /* ---------- distribution status ---------- */
  function initStatus(table) {
    var body = table.querySelector("tbody"), job = document.getElementById("job");
    function poll() {
      fetch("/api/delivery", { credentials: "same-origin" }).then(function (r) { return r.json(); }).then(function (s) {
        if (s.job) {
          job.className = s.job.error ? "err" : "muted";
          job.textContent = s.job.running ? "正在发送（名单 " + s.job.roster + "）…"
            : (s.job.error || ("发送完成：" + s.job.summary));
        }
        if (s.deliveries.length) {
          body.textContent = "";
          s.deliveries.forEach(function (d) {
            var tr = el("tr");
            tr.append(el("td", "", (d.name ? d.name + " " : "") + "<" + d.recipient + ">"),
                      el("td", d.status === "sent" ? "ok" : (d.status === "failed" ? "err" : ""), d.status_cn),
                      el("td", "", d.time.replace("T", " ").replace("Z", "")),
                      el("td", "", (d.files || []).join("、")), el("td", "", d.error));
            body.appendChild(tr);
          });
        }
        setTimeout(poll, s.job && s.job.running ? 1000 : 4000);
      }).catch(function () { setTimeout(poll, 5000); });
    }
    poll();
  }

  var drop = document.getElementById("drop");
  if (drop) initUpload(drop);
  var review = document.getElementById("review");
  if (review) initReview(review);
  var deliveries = document.getElementById("deliveries");
  if (deliveries) initStatus(deliveries);
})();
