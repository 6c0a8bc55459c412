/*
** desk.c — what a hall vendor's acceptance desk does with libwindow:
** load the catalog once at start-up, then for each submission evaluate
** it and show the clerk the decision and the one-time notice (一次性告知).
**
**   desk RULES_DIR SUBMISSION.json...          one notice per submission
**   desk --table RULES_DIR SUBMISSION.json...  one row per submission
**
** Only the public API (libwindow.h) is used.  Build: see meson.build here,
** or `cc desk.c $(pkg-config --cflags --libs libwindow)` once installed.
*/
#include <libwindow.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *decision_zh(wnd_decision d) {
  switch (d) {
    case WND_ACCEPTED: return "受理";
    case WND_ACCEPTED_WITH_GAPS: return "容缺受理";
    case WND_INCOMPLETE: return "补正（一次性告知）";
    case WND_REJECTED: return "不予受理";
  }
  return "?";
}

static const char *flow_zh(wnd_flow f) {
  switch (f) {
    case WND_FLOW_ON_SPOT_COMPLETION: return "当场办结";
    case WND_FLOW_ON_SPOT_ACCEPTANCE: return "当场受理";
    case WND_FLOW_RECEIPT: return "当场收件";
    default: return "—";
  }
}

static const char *document_zh(const char *d) {
  static const char *const map[][2] = {
      {"acceptance_notice", "受理通知书"},     {"receipt", "收件凭证"},
      {"gap_notice", "容缺受理通知书"},        {"gap_commitment", "容缺受理承诺书"},
      {"correction_notice", "补正材料通知书"}, {"rejection_notice", "不予受理通知书"}};
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    if (!strcmp(map[i][0], d)) return map[i][1];
  return d;
}

static char *read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
  if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
    free(buf);
    buf = NULL;
  }
  fclose(f);
  if (buf) *len = (size_t)n;
  return buf;
}

/* The notice for one item result. */
static void print_notice(const wnd_result *r) {
  printf("事项：%s（%s）\n", wnd_result_item_name(r), wnd_result_item_code(r));
  printf("决定：%s（%s）    流程：%s\n", decision_zh(wnd_result_decision(r)),
         wnd_result_decided_by(r) == WND_DECIDED_BY_WINDOW ? "窗口决定" : "后台决定",
         flow_zh(wnd_result_flow(r)));
  const char *sec = wnd_result_route(r, "section");
  const char *esc = wnd_result_route(r, "escalated_from");
  printf("承办：%s%s%s%s    收件窗口：%s    出件窗口：%s\n",
         wnd_result_route(r, "department_name") ? wnd_result_route(r, "department_name") : "—",
         sec ? " / " : "", sec ? sec : "", esc ? "（上报上级审批）" : "",
         wnd_result_route(r, "window") ? wnd_result_route(r, "window") : "—",
         wnd_result_route(r, "output_window") ? wnd_result_route(r, "output_window") : "—");
  int k = 0;
  for (size_t i = 0; i < wnd_result_finding_count(r); i++) {
    const wnd_finding *f = wnd_result_finding(r, i);
    if (f->severity != WND_SEV_ERROR) continue;
    if (k++ == 0) printf("一次性告知：\n");
    if (f->tolerated)
      printf("  %d. %s（容缺，请于 %s 前补齐）\n", k, f->message, f->due ? f->due : "—");
    else
      printf("  %d. %s\n", k, f->message);
  }
  for (size_t i = 0; i < wnd_result_finding_count(r); i++) {
    const wnd_finding *f = wnd_result_finding(r, i);
    if (f->severity != WND_SEV_ERROR) printf("  （提示）%s\n", f->message);
  }
  const char *names[][2] = {{"promised", "承诺办结"}, {"statutory", "法定办结"},
                            {"supplement", "补齐材料"}, {"notify", "告知是否受理"},
                            {"transfer", "流转后台"}};
  int shown = 0;
  for (size_t i = 0; i < 5; i++) {
    const char *v = wnd_result_deadline(r, names[i][0]);
    if (!v) continue;
    printf("%s%s %s", shown++ ? "；" : "期限：", names[i][1], v);
  }
  if (shown) printf("\n");
  printf("出具文书：");
  for (size_t i = 0; i < wnd_result_document_count(r); i++)
    printf("%s%s", i ? "、" : "", document_zh(wnd_result_document(r, i)));
  printf("\n");
}

/* Display width: CJK characters take two terminal columns. */
static int width(const char *s) {
  int w = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    if ((*p & 0xC0) != 0x80) w += *p >= 0xE0 ? 2 : 1;
  return w;
}

static void cell(const char *s, int w) {
  char buf[256];
  snprintf(buf, sizeof buf, "%s", s ? s : "—");
  /* cut to the column width on a character boundary */
  while (width(buf) > w) {
    size_t n = strlen(buf);
    while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80) n--;
    buf[n > 0 ? n - 1 : 0] = '\0';
  }
  printf("%s%*s ", buf, w - width(buf), "");
}

static void print_row(const char *file, const char *applicant, const wnd_result *r) {
  char missing[512] = "", due[64] = "";
  for (size_t i = 0; i < wnd_result_finding_count(r); i++) {
    const wnd_finding *f = wnd_result_finding(r, i);
    if (f->severity != WND_SEV_ERROR || !f->subject) continue;
    if (strlen(missing) + strlen(f->subject) + 2 < sizeof missing) {
      if (missing[0]) strcat(missing, ",");
      strcat(missing, f->subject);
    }
    if (f->due && (!due[0] || strcmp(f->due, due) < 0)) snprintf(due, sizeof due, "%s", f->due);
  }
  cell(file, 34);
  cell(wnd_result_item_name(r), 26);
  cell(applicant, 22);
  cell(wnd_decision_name(wnd_result_decision(r)), 18);
  cell(wnd_decider_name(wnd_result_decided_by(r)), 12);
  cell(wnd_flow_name(wnd_result_flow(r)), 18);
  cell(wnd_result_route(r, "department"), 12);
  cell(wnd_result_route(r, "window"), 16);
  cell(missing[0] ? missing : "—", 40);
  cell(due[0] ? due : "—", 10);
  printf("\n");
}

int main(int argc, char **argv) {
  bool table = argc > 1 && !strcmp(argv[1], "--table");
  int first = table ? 2 : 1;
  if (argc - first < 2) {
    fprintf(stderr, "usage: desk [--table] RULES_DIR SUBMISSION...\n");
    return 2;
  }
  wnd_env *env = NULL;
  if (wnd_env_new(&env, NULL) != WND_OK) return 2;
  wnd_catalog *cat = NULL;
  wnd_diags *diags = NULL;
  if (wnd_catalog_load(&cat, &diags, env, argv[first], NULL) != WND_OK) {
    for (size_t i = 0; i < wnd_diags_count(diags); i++) {
      const wnd_diag *d = wnd_diags_get(diags, i);
      fprintf(stderr, "%s:%u:%u: %s [%s]\n", d->file, d->line, d->column, d->message, d->code);
    }
    fprintf(stderr, "desk: %s\n", wnd_env_errmsg(env));
    wnd_diags_free(diags);
    wnd_env_free(env);
    return 1;
  }
  wnd_diags_free(diags);
  if (table) {
    cell("submission", 34), cell("item", 26), cell("applicant", 22), cell("decision", 18);
    cell("decided_by", 12), cell("flow", 18), cell("department", 12), cell("window", 16);
    cell("problems (subjects)", 40), cell("due", 10);
    printf("\n");
  }
  int rc = 0;
  for (int i = first + 1; i < argc; i++) {
    size_t len = 0;
    char *text = read_file(argv[i], &len);
    wnd_submission *sub = NULL;
    wnd_result *res = NULL;
    const char *base = strrchr(argv[i], '/') ? strrchr(argv[i], '/') + 1 : argv[i];
    if (!text || wnd_submission_parse(&sub, env, text, len, WND_FORMAT_AUTO) != WND_OK) {
      fprintf(stderr, "desk: %s: %s\n", argv[i], text ? wnd_env_errmsg(env) : "cannot read");
      rc = 1;
    } else if (wnd_evaluate(&res, cat, NULL, sub, NULL) != WND_OK) {
      fprintf(stderr, "desk: %s: no item or bundle '%s'\n", argv[i],
              wnd_submission_get_string(sub, "item") ? wnd_submission_get_string(sub, "item")
                                                     : "(missing \"item\")");
      rc = 1;
    } else {
      const char *who = wnd_submission_get_string(sub, "applicant.name");
      size_t n = wnd_result_is_bundle(res) ? wnd_result_item_count(res) : 1;
      if (!table) {
        printf("==== %s  申请人：%s\n", base, who ? who : "—");
        if (wnd_result_is_bundle(res))
          printf("一件事：%s    总体决定：%s\n", wnd_result_item_name(res),
                 decision_zh(wnd_result_decision(res)));
      }
      for (size_t k = 0; k < n; k++) {
        const wnd_result *r = wnd_result_is_bundle(res) ? wnd_result_item(res, k) : res;
        if (table)
          print_row(base, who, r);
        else
          print_notice(r);
      }
      if (!table) printf("\n");
    }
    wnd_result_free(res);
    wnd_submission_free(sub);
    free(text);
  }
  wnd_catalog_free(cat);
  wnd_env_free(env);
  return rc;
}
