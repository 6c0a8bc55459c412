/*
** value.h — the runtime value shared by the expression evaluator, the
** submission readers (JSON, YAML, builders) and the decision engine.
**
** A value is a small tagged struct passed by value.  Aggregates and strings
** point into an arena owned by whoever built them (a catalog's constants, a
** submission, one evaluation); values are immutable once built and are
** never freed one by one.  Strings are validated UTF-8, NUL-terminated, with
** their byte length in `n`, so they can be handed to C hosts directly.
*/
#ifndef WND_CORE_VALUE_H
#define WND_CORE_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum wnd__vkind {
  WV_NULL = 0,
  WV_BOOL,
  WV_INT,
  WV_UINT,
  WV_DOUBLE,
  WV_STRING,
  WV_LIST,
  WV_MAP,
  WV_TIMESTAMP,
  WV_DURATION,
  WV_TYPE,
  WV_ERROR,
} wnd__vkind;

/* Evaluation error kinds (CEL errors are values, not exceptions). */
typedef enum wnd__errcode {
  WE_NO_SUCH_KEY = 1,     /* map lookup / field selection of an absent key */
  WE_NO_OVERLOAD,         /* no function overload for these argument types */
  WE_DIV_ZERO,
  WE_OVERFLOW,            /* int/uint overflow, timestamp/duration range */
  WE_RANGE,               /* index out of range */
  WE_INVALID,             /* invalid argument (bad format, bad conversion) */
  WE_COST,                /* evaluation cost budget exhausted */
  WE_REGEX,               /* regex match limit or error */
  WE_HOST,                /* host function reported failure */
  WE_NOMEM,               /* allocation failed */
  WE_LIMIT,               /* other bound exceeded (depth, size) */
} wnd__errcode;

typedef struct wnd__err {
  int code;               /* wnd__errcode */
  const char *msg;        /* NUL-terminated; static or in the evaluation arena */
} wnd__err;

typedef struct wnd__value wnd__value;
typedef struct wnd__mapent wnd__mapent;

/* wnd__value.flags: facts a reader learnt for free that later passes use.
** Zero (nothing known) is always correct; constructors leave it zero. */
enum {
  WVF_PLAIN = 1,          /* WV_STRING holding no byte JSON escapes ('"', '\\', controls) */
};

/*
** 16 bytes, so that a value passed or returned by value travels in two
** registers (the x86-64 and AArch64 C ABIs pass structs of up to 16 bytes
** that way, larger ones through memory) and a map entry fills half a cache
** line.  A timestamp's or duration's nanoseconds live beside the kind, in
** the word a string, list or map uses for its length.
*/
struct wnd__value {
  uint8_t kind;           /* wnd__vkind */
  uint8_t flags;          /* WVF_*, in what was padding */
  union {
    uint32_t n;           /* string bytes, list items, map entries */
    int32_t nsec;         /* WV_TIMESTAMP: 0..999999999; WV_DURATION: same sign as sec */
  };
  union {
    bool b;
    int64_t i;
    uint64_t u;
    double d;
    const char *s;        /* WV_STRING, WV_TYPE (type name) */
    const wnd__value *items;
    const wnd__mapent *ents;
    struct {
      int64_t sec;        /* seconds since 1970-01-01T00:00:00Z, or of the duration */
    } t;
    const wnd__err *err;
  } u;
};
_Static_assert(sizeof(wnd__value) <= 16,
               "a value is 16 bytes: two registers when passed by value");

struct wnd__mapent {
  wnd__value key;
  wnd__value val;
};

/* Constructors: cheap, no allocation. */
static inline wnd__value wnd__v_null(void) {
  wnd__value v = {0};
  v.kind = WV_NULL;
  return v;
}
static inline wnd__value wnd__v_bool(bool b) {
  wnd__value v = {0};
  v.kind = WV_BOOL;
  v.u.b = b;
  return v;
}
static inline wnd__value wnd__v_int(int64_t i) {
  wnd__value v = {0};
  v.kind = WV_INT;
  v.u.i = i;
  return v;
}
static inline wnd__value wnd__v_uint(uint64_t u) {
  wnd__value v = {0};
  v.kind = WV_UINT;
  v.u.u = u;
  return v;
}
static inline wnd__value wnd__v_double(double d) {
  wnd__value v = {0};
  v.kind = WV_DOUBLE;
  v.u.d = d;
  return v;
}
/* s must be NUL-terminated valid UTF-8 of n bytes that outlives the value. */
static inline wnd__value wnd__v_string(const char *s, uint32_t n) {
  wnd__value v = {0};
  v.kind = WV_STRING;
  v.n = n;
  v.u.s = s;
  return v;
}
static inline wnd__value wnd__v_list(const wnd__value *items, uint32_t n) {
  wnd__value v = {0};
  v.kind = WV_LIST;
  v.n = n;
  v.u.items = items;
  return v;
}
static inline wnd__value wnd__v_map(const wnd__mapent *ents, uint32_t n) {
  wnd__value v = {0};
  v.kind = WV_MAP;
  v.n = n;
  v.u.ents = ents;
  return v;
}
static inline wnd__value wnd__v_timestamp(int64_t sec, int32_t nsec) {
  wnd__value v = {0};
  v.kind = WV_TIMESTAMP;
  v.u.t.sec = sec;
  v.nsec = nsec;
  return v;
}
static inline wnd__value wnd__v_duration(int64_t sec, int32_t nsec) {
  wnd__value v = {0};
  v.kind = WV_DURATION;
  v.u.t.sec = sec;
  v.nsec = nsec;
  return v;
}
static inline wnd__value wnd__v_type(const char *name) {
  wnd__value v = {0};
  v.kind = WV_TYPE;
  v.u.s = name;
  return v;
}
static inline wnd__value wnd__v_error(const wnd__err *e) {
  wnd__value v = {0};
  v.kind = WV_ERROR;
  v.u.err = e;
  return v;
}
static inline bool wnd__v_is_error(wnd__value v) { return v.kind == WV_ERROR; }

/*
** Whether the n bytes at a and at b are equal (both at least n long).
** Keys and field names are short: two (four past 16 bytes) overlapping loads per side, all
** inside the n bytes, instead of a memcmp call (about a third of a field
** selection's cost).  Shared by the CEL field selection (lib/cel/eval.c)
** and the engine's lookups (lib/engine/mapfind.h).
*/
static inline bool wnd__key_eq(const char *a, const char *b, uint32_t n) {
  if (n >= 8 && n <= 16) {
    uint64_t a0, a1, b0, b1;
    __builtin_memcpy(&a0, a, 8);
    __builtin_memcpy(&b0, b, 8);
    __builtin_memcpy(&a1, a + n - 8, 8);
    __builtin_memcpy(&b1, b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  if (n >= 4 && n < 8) {
    uint32_t a0, a1, b0, b1;
    __builtin_memcpy(&a0, a, 4);
    __builtin_memcpy(&b0, b, 4);
    __builtin_memcpy(&a1, a + n - 4, 4);
    __builtin_memcpy(&b1, b + n - 4, 4);
    return ((a0 ^ b0) | (a1 ^ b1)) == 0;
  }
  /* material ids run past 16 bytes (safety_manager_cert, property_certificate):
  ** four words, not a memcmp call */
  if (n > 16 && n <= 32) {
    uint64_t a0, a1, a2, a3, b0, b1, b2, b3;
    __builtin_memcpy(&a0, a, 8);
    __builtin_memcpy(&b0, b, 8);
    __builtin_memcpy(&a1, a + 8, 8);
    __builtin_memcpy(&b1, b + 8, 8);
    __builtin_memcpy(&a2, a + n - 16, 8);
    __builtin_memcpy(&b2, b + n - 16, 8);
    __builtin_memcpy(&a3, a + n - 8, 8);
    __builtin_memcpy(&b3, b + n - 8, 8);
    return ((a0 ^ b0) | (a1 ^ b1) | (a2 ^ b2) | (a3 ^ b3)) == 0;
  }
  return n == 0 || __builtin_memcmp(a, b, n) == 0;
}

/* Whether map entry e has the string key of len bytes at key: the test of
** every hot lookup (the CEL field selection, the engine's mapfind.h). */
static inline bool wnd__mapent_is(const wnd__mapent *e, const char *key, uint32_t len) {
  return e->key.n == len && e->key.kind == WV_STRING && wnd__key_eq(e->key.u.s, key, len);
}

/*
** Map lookup by string key (the common case: submission objects).
** Returns NULL when absent.  Linear: submission maps are small.  The
** first byte is compared before memcmp: it rejects almost every key of the
** right length without a library call (a hot path of every evaluation).
*/
static inline const wnd__value *wnd__map_get_str(wnd__value map, const char *key,
                                                 uint32_t keylen) {
  if (map.kind != WV_MAP) return NULL;
  for (uint32_t i = 0; i < map.n; i++) {
    const wnd__mapent *e = &map.u.ents[i];
    if (e->key.n == keylen && e->key.kind == WV_STRING &&
        (keylen == 0 || (e->key.u.s[0] == key[0] &&
                         __builtin_memcmp(e->key.u.s + 1, key + 1, keylen - 1) == 0)))
      return &e->val;
  }
  return NULL;
}

#endif
