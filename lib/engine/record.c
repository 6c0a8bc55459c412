/*
** record.c — the decision record of SPEC §4.5 (全程电子监察): which exact
** rules (catalog_digest, taken at load) decided which exact input
** (submission_digest), by which engine, at which receipt instant.
**
** The submission digest is SHA-256 (Nettle, see docs/design.md) of the
** submission's canonical JSON (lib/json/json_canon.c), so a submission
** given as JSON, as YAML or through the builders has one digest.  It is
** computed on the first evaluation of a submission and kept in it; the
** canonical text is streamed into the hash, never built.
*/
#include <nettle/sha2.h>
#include <string.h>

#include "../catalog/digest.h"
#include "../json/json.h"
#include "../time/civil.h"
#include "evalctx.h"

static void to_sha(void *ud, const char *p, size_t n) {
  sha256_update(ud, n, (const uint8_t *)p);
}

int wnd__submission_digest(const wnd_submission *sub, wnd__arena *tmp, char out[72]) {
  /* The submission is const to its evaluators, and may be evaluated from
  ** several threads; the cache is written once behind an atomic state. */
  wnd_submission *s = (wnd_submission *)sub;
  if (atomic_load_explicit(&s->digest_state, memory_order_acquire) == 2) {
    memcpy(out, s->digest, 72);
    return WND_OK;
  }
  struct sha256_ctx ctx;
  sha256_init(&ctx);
  int st = wnd__json_canon(sub->root, tmp, to_sha, &ctx); /* in large pieces */
  if (st != WND_OK) return st;
  unsigned char d[SHA256_DIGEST_SIZE];
  sha256_digest(&ctx, sizeof d, d);
  wnd__sha256_text(d, out);
  int expected = 0;
  if (atomic_compare_exchange_strong(&s->digest_state, &expected, 1)) {
    memcpy(s->digest, out, 72);
    atomic_store_explicit(&s->digest_state, 2, memory_order_release);
  }
  return WND_OK;
}

/* The received_at text: formatted once per submission for the instant
** and offset it is evaluated with (most often always the same ones), and
** kept with its length so the record copies it without a strlen. */
static const char *received_at(const wnd_submission *sub, int32_t offset, int64_t sec,
                               int32_t nsec, char buf[WND_TS_BUFSZ], size_t *len) {
  _Static_assert(sizeof sub->received_at == WND_TS_BUFSZ, "received_at holds a timestamp");
  if (wnd__sub_cache_ready(&sub->received_state) && sub->received_sec == sec &&
      sub->received_nsec == nsec && sub->received_offset == offset) {
    *len = sub->received_len;
    return sub->received_at;
  }
  if (!wnd__sub_cache_claim(&sub->received_state)) {
    *len = wnd__ts_format(buf, sec, nsec, offset, false);
    return buf;
  }
  wnd_submission *w = (wnd_submission *)sub; /* the cache fields only */
  *len = wnd__ts_format(w->received_at, sec, nsec, offset, false);
  w->received_len = (uint32_t)*len;
  w->received_sec = sec;
  w->received_nsec = nsec;
  w->received_offset = offset;
  wnd__sub_cache_publish(&sub->received_state);
  return w->received_at; /* unchanged until a setter, never during an evaluation */
}

/* The record's texts are copied into the result (it outlives the catalog
** and the submission) as one arena block of known sizes: the two digests
** are whole 72-byte arrays ("sha256:" + 64 hex + NUL, or "" for a catalog
** whose digest is unknown, which the copy keeps), received_at's length
** comes with it, and the engine text is a constant that needs no copy. */
void wnd__set_record(wnd_result *r, const wnd_catalog *c, const wnd_submission *sub,
                     const char *sub_digest, int64_t sec, int32_t nsec) {
  enum { DIG = sizeof c->digest };
  _Static_assert(sizeof c->digest == 72 && sizeof sub->digest == 72, "digest texts are 72 bytes");
  char buf[WND_TS_BUFSZ];
  size_t n;
  const char *at = received_at(sub, c->offset, sec, nsec, buf, &n);
  r->has_record = true;
  r->record[REC_ENGINE] = "libwindow " WND_VERSION;
  char *d = wnd__result_alloc(r, 2 * DIG + n + 1);
  if (!d) {
    r->oom = true;
    r->record[REC_CATALOG_DIGEST] = r->record[REC_SUBMISSION_DIGEST] = NULL;
    r->record[REC_RECEIVED_AT] = NULL;
    return;
  }
  memcpy(d, c->digest, DIG);
  memcpy(d + DIG, sub_digest, DIG); /* evaluate.c's char[72] */
  wnd__copy_text(d + 2 * DIG, at, n + 1);
  r->record[REC_CATALOG_DIGEST] = d;
  r->record[REC_SUBMISSION_DIGEST] = d + DIG;
  r->record[REC_RECEIVED_AT] = d + 2 * DIG;
}
