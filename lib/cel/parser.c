/*
** parser.c — recursive-descent parser for CEL's grammar (cel-spec
** langdef "Syntax"), producing the AST of cel_int.h with the byte offset of
** every node.  Macros (has, all, exists, exists_one, map, filter) are
** expanded here, as CEL does at parse time.
**
** Bounds: every recursive production and every repetition of a
** left-associative operator counts one level against max_expr_depth, so
** both the parser's and the evaluator's C stacks are bounded by the AST
** height.  The parser stops at the first syntax error: later messages
** would mostly be consequences of the first.
*/
#include "cel_int.h"

#include <string.h>

struct cel_parser {
  cel_lexer lx;
  cel_token tok;          /* current token */
  wnd__arena *arena;
  wnd__cel_diags *diags;
  const cel_limits *lim;
  uint32_t depth;
  bool failed;            /* a diagnostic was emitted: unwind */
  bool oom;
};

static void next(cel_parser *ps) {
  if (!wnd__cel_lex(&ps->lx, &ps->tok)) {
    ps->oom = true;
    ps->failed = true;
    ps->tok.kind = T_EOF;
    return;
  }
  if (ps->tok.kind == T_ERROR && !ps->failed) {
    wnd__cel_diag_add(ps->diags, WND_SEV_ERROR, "expr-syntax", ps->tok.err_off, "%s", ps->tok.err);
    ps->failed = true;
  }
}

static const char *tok_text(cel_tok k) {
  switch (k) {
    case T_EOF: return "end of expression";
    case T_IDENT: return "identifier";
    case T_INT: case T_UINT: case T_DOUBLE: return "number";
    case T_STRING: return "string";
    case T_RPAREN: return "')'";
    case T_RBRACK: return "']'";
    case T_RBRACE: return "'}'";
    case T_COLON: return "':'";
    case T_COMMA: return "','";
    default: return "token";
  }
}

static cel_node *syntax(cel_parser *ps, uint32_t off, const char *msg) {
  if (!ps->failed)
    wnd__cel_diag_add(ps->diags, WND_SEV_ERROR, "expr-syntax", off, "%s", msg);
  ps->failed = true;
  return NULL;
}

static cel_node *unexpected(cel_parser *ps) {
  if (ps->failed) return NULL;
  const cel_token *t = &ps->tok;
  if (t->kind == T_EOF) return syntax(ps, t->off, "unexpected end of expression");
  if (t->kind == T_RESERVED) {
    wnd__cel_diag_add(ps->diags, WND_SEV_ERROR, "expr-syntax", t->off,
                  "reserved word '%.*s' cannot be used here", (int)t->n, t->s);
    ps->failed = true;
    return NULL;
  }
  wnd__cel_diag_add(ps->diags, WND_SEV_ERROR, "expr-syntax", t->off, "unexpected '%.*s'",
                (int)(t->len > 40 ? 40 : t->len), ps->lx.src + t->off);
  ps->failed = true;
  return NULL;
}

static bool expect(cel_parser *ps, cel_tok k) {
  if (ps->failed) return false;
  if (ps->tok.kind != k) {
    if (ps->tok.kind == T_EOF || ps->tok.kind == T_RESERVED) {
      unexpected(ps);
    } else {
      wnd__cel_diag_add(ps->diags, WND_SEV_ERROR, "expr-syntax", ps->tok.off,
                    "expected %s, found '%.*s'", tok_text(k),
                    (int)(ps->tok.len > 40 ? 40 : ps->tok.len), ps->lx.src + ps->tok.off);
      ps->failed = true;
    }
    return false;
  }
  next(ps);
  return !ps->failed;
}

static cel_node *mk(cel_parser *ps, cel_nkind kind, uint32_t off) {
  cel_node *n = wnd__arena_calloc(ps->arena, 1, sizeof *n);
  if (!n) {
    ps->oom = true;
    ps->failed = true;
    return NULL;
  }
  n->kind = (uint8_t)kind;
  n->off = off;
  return n;
}

static bool enter(cel_parser *ps, uint32_t off) {
  if (++ps->depth > ps->lim->max_expr_depth) {
    if (!ps->failed)
      wnd__cel_diag_add(ps->diags, WND_SEV_ERROR, "expr-limit", off,
                    "expression nesting exceeds %u levels", ps->lim->max_expr_depth);
    ps->failed = true;
    return false;
  }
  return true;
}

static cel_node *parse_expr(cel_parser *ps);

static cel_node *call2(cel_parser *ps, cel_fn fn, uint32_t off, cel_node *l, cel_node *r) {
  cel_node *n = mk(ps, N_CALL, off);
  if (!n) return NULL;
  n->op = (uint8_t)fn;
  n->args = wnd__arena_alloc(ps->arena, 2 * sizeof(cel_node *));
  if (!n->args) {
    ps->oom = ps->failed = true;
    return NULL;
  }
  n->args[0] = l;
  n->args[1] = r;
  n->n = 2;
  return n;
}

/* Comma-separated expressions up to `close`; the opening token is consumed. */
static bool parse_list(cel_parser *ps, cel_tok close, cel_node ***out, uint32_t *count,
                       bool trailing_ok) {
  cel_node **items = NULL;
  size_t n = 0, cap = 0;
  /* gather in a small growing arena array: re-copy on growth */
  while (!ps->failed && ps->tok.kind != close) {
    cel_node *e = parse_expr(ps);
    if (!e) return false;
    if (n == cap) {
      size_t ncap = cap ? cap * 2 : 4;
      cel_node **ni = wnd__arena_alloc(ps->arena, ncap * sizeof *ni);
      if (!ni) {
        ps->oom = ps->failed = true;
        return false;
      }
      if (n) memcpy(ni, items, n * sizeof *ni);
      items = ni;
      cap = ncap;
    }
    items[n++] = e;
    if (ps->tok.kind == T_COMMA) {
      next(ps);
      if (ps->tok.kind == close && !trailing_ok) {
        unexpected(ps);
        return false;
      }
    } else if (ps->tok.kind != close) {
      expect(ps, close);
      return false;
    }
  }
  if (!expect(ps, close)) return false;
  *out = items;
  *count = (uint32_t)n;
  return true;
}

static char *dup_name(cel_parser *ps, const char *s, size_t n) {
  char *d = wnd__arena_strndup(ps->arena, s, n);
  if (!d) ps->oom = ps->failed = true;
  return d;
}

/* ---- macros ------------------------------------------------------------- */

static cel_node *expand_macro(cel_parser *ps, cel_node *call) {
  /* call: N_CALL F_UNRESOLVED with str = name, a = receiver (or NULL) */
  const char *name = call->str;
  if (!call->a) {
    if (strcmp(name, "has") == 0) {
      if (call->n != 1) return call; /* arity reported by the checker */
      cel_node *arg = call->args[0];
      if (arg->kind != N_SELECT)
        return syntax(ps, arg->off, "invalid argument to has() macro: expected a field selection");
      arg->kind = N_HAS;
      arg->off = call->off;
      return arg;
    }
    return call;
  }
  int m = 0;
  if (!strcmp(name, "all")) m = M_ALL;
  else if (!strcmp(name, "exists")) m = M_EXISTS;
  else if (!strcmp(name, "exists_one")) m = M_EXISTS_ONE;
  else if (!strcmp(name, "map")) m = M_MAP;
  else if (!strcmp(name, "filter")) m = M_FILTER;
  if (!m) return call;
  bool ok = (m == M_MAP) ? (call->n == 2 || call->n == 3) : call->n == 2;
  if (!ok) return call; /* not a macro: the checker reports unknown/arity */
  cel_node *var = call->args[0];
  if (var->kind != N_IDENT || strchr(var->str, '.'))
    return syntax(ps, var->off, "argument must be a simple name");
  cel_node *c = mk(ps, N_COMPR, call->off);
  if (!c) return NULL;
  c->op = (uint8_t)m;
  c->a = call->a;
  c->str = var->str;
  c->slen = var->slen;
  c->len = var->len;
  c->aux = var->off;   /* checker replaces with the local index */
  c->b = call->args[1];
  c->c = call->n == 3 ? call->args[2] : NULL;
  return c;
}

/* ---- primary and member ------------------------------------------------- */

static cel_node *parse_primary(cel_parser *ps) {
  cel_token t = ps->tok;
  cel_node *n;
  switch (t.kind) {
    case T_INT:
      if (t.int_overflow) return syntax(ps, t.off, "integer literal out of range");
      n = mk(ps, N_CONST, t.off);
      if (n) n->val = wnd__v_int(t.num.i);
      next(ps);
      return n;
    case T_UINT:
      n = mk(ps, N_CONST, t.off);
      if (n) n->val = wnd__v_uint(t.num.u);
      next(ps);
      return n;
    case T_DOUBLE:
      n = mk(ps, N_CONST, t.off);
      if (n) n->val = wnd__v_double(t.num.d);
      next(ps);
      return n;
    case T_STRING:
      n = mk(ps, N_CONST, t.off);
      if (n) {
        n->val = wnd__v_string(t.s, t.n);
        n->len = t.len;
      }
      next(ps);
      return n;
    case T_BYTES:
      return syntax(ps, t.off, "bytes literals are not supported");
    case T_TRUE: case T_FALSE:
      n = mk(ps, N_CONST, t.off);
      if (n) n->val = wnd__v_bool(t.kind == T_TRUE);
      next(ps);
      return n;
    case T_NULL:
      n = mk(ps, N_CONST, t.off);
      if (n) n->val = wnd__v_null();
      next(ps);
      return n;
    case T_LPAREN: {
      next(ps);
      cel_node *e = parse_expr(ps);
      if (!e || !expect(ps, T_RPAREN)) return NULL;
      return e;
    }
    case T_LBRACK: {
      next(ps);
      n = mk(ps, N_LIST, t.off);
      if (!n || !parse_list(ps, T_RBRACK, &n->args, &n->n, true)) return NULL;
      return n;
    }
    case T_LBRACE: {
      next(ps);
      n = mk(ps, N_MAP, t.off);
      if (!n) return NULL;
      cel_node **items = NULL;
      size_t cnt = 0, cap = 0;
      while (!ps->failed && ps->tok.kind != T_RBRACE) {
        if (ps->tok.kind == T_QUESTION)
          return syntax(ps, ps->tok.off, "optional map entries are not supported");
        cel_node *k = parse_expr(ps);
        if (!k || !expect(ps, T_COLON)) return NULL;
        cel_node *v = parse_expr(ps);
        if (!v) return NULL;
        if (cnt + 2 > cap) {
          size_t ncap = cap ? cap * 2 : 8;
          cel_node **ni = wnd__arena_alloc(ps->arena, ncap * sizeof *ni);
          if (!ni) {
            ps->oom = ps->failed = true;
            return NULL;
          }
          if (cnt) memcpy(ni, items, cnt * sizeof *ni);
          items = ni;
          cap = ncap;
        }
        items[cnt++] = k;
        items[cnt++] = v;
        if (ps->tok.kind == T_COMMA) next(ps);
        else if (ps->tok.kind != T_RBRACE) {
          expect(ps, T_RBRACE);
          return NULL;
        }
      }
      if (!expect(ps, T_RBRACE)) return NULL;
      n->args = items;
      n->n = (uint32_t)(cnt / 2);
      return n;
    }
    case T_DOT:
    case T_IDENT: {
      uint32_t off = t.off;
      if (t.kind == T_DOT) {
        /* leading '.': root-scoped name; no containers here, so the same */
        next(ps);
        if (ps->tok.kind != T_IDENT) return unexpected(ps);
        t = ps->tok;
      }
      next(ps);
      if (ps->tok.kind == T_LBRACE)
        return syntax(ps, t.off, "message construction is not supported");
      if (ps->tok.kind == T_LPAREN) {
        next(ps);
        n = mk(ps, N_CALL, off);
        if (!n) return NULL;
        n->op = F_UNRESOLVED;
        n->str = dup_name(ps, t.s, t.n);
        n->slen = t.n;
        n->len = t.len;
        if (!n->str || !parse_list(ps, T_RPAREN, &n->args, &n->n, false)) return NULL;
        return expand_macro(ps, n);
      }
      n = mk(ps, N_IDENT, off);
      if (!n) return NULL;
      n->str = dup_name(ps, t.s, t.n);
      n->slen = t.n;
      n->len = t.len;
      return n->str ? n : NULL;
    }
    default:
      return unexpected(ps);
  }
}

static cel_node *parse_member(cel_parser *ps) {
  cel_node *e = parse_primary(ps);
  uint32_t levels = 0;
  while (e && !ps->failed) {
    cel_token t = ps->tok;
    if (t.kind == T_OPT_DOT)
      return syntax(ps, t.off, "optional field selection is not supported");
    if (t.kind == T_DOT) {
      next(ps);
      cel_token f = ps->tok;
      /* reserved words are fine as field and method names ({'as': 1}.as) */
      if (f.kind == T_RESERVED) f.kind = T_IDENT;
      if (f.kind != T_IDENT && f.kind != T_QIDENT) return unexpected(ps);
      next(ps);
      if (!enter(ps, f.off)) return NULL;
      levels++;
      if (ps->tok.kind == T_LPAREN && f.kind == T_IDENT) {
        next(ps);
        cel_node *c = mk(ps, N_CALL, f.off);
        if (!c) return NULL;
        c->op = F_UNRESOLVED;
        c->a = e;
        c->str = dup_name(ps, f.s, f.n);
        c->slen = f.n;
        c->len = f.len;
        if (!c->str || !parse_list(ps, T_RPAREN, &c->args, &c->n, false)) return NULL;
        e = expand_macro(ps, c);
        continue;
      }
      if (ps->tok.kind == T_LBRACE && e->kind == N_IDENT)
        return syntax(ps, f.off, "message construction is not supported");
      cel_node *s = mk(ps, N_SELECT, f.off);
      if (!s) return NULL;
      s->a = e;
      s->str = dup_name(ps, f.s, f.n);
      s->slen = f.n;
      s->len = f.len;
      if (!s->str) return NULL;
      e = s;
    } else if (t.kind == T_LBRACK) {
      next(ps);
      if (ps->tok.kind == T_QUESTION)
        return syntax(ps, ps->tok.off, "optional indexing is not supported");
      if (!enter(ps, t.off)) return NULL;
      levels++;
      cel_node *ix = parse_expr(ps);
      if (!ix || !expect(ps, T_RBRACK)) return NULL;
      cel_node *s = mk(ps, N_INDEX, t.off);
      if (!s) return NULL;
      s->a = e;
      s->b = ix;
      e = s;
    } else {
      break;
    }
  }
  ps->depth -= levels;
  return ps->failed ? NULL : e;
}

static cel_node *parse_unary(cel_parser *ps) {
  cel_token t = ps->tok;
  if (t.kind == T_NOT || t.kind == T_MINUS) {
    /* Count a run of the same operator; `--x` is `-(-x)`. */
    uint32_t count = 0;
    uint32_t offs[8];
    cel_tok k = t.kind;
    while (ps->tok.kind == k && !ps->failed) {
      if (!enter(ps, ps->tok.off)) return NULL;
      if (count < 8) offs[count] = ps->tok.off;
      count++;
      next(ps);
    }
    uint32_t entered = count;
    cel_node *e;
    /* "-9223372036854775808" is a literal, not the negation of one that
    ** is out of range. */
    if (k == T_MINUS && ps->tok.kind == T_INT && !ps->failed) {
      cel_token lit = ps->tok;
      uint64_t mag = (uint64_t)lit.num.i;
      next(ps);
      /* only when no member access follows (-1.foo() is -(1.foo())) */
      if (ps->tok.kind != T_DOT && ps->tok.kind != T_LBRACK) {
        e = mk(ps, N_CONST, offs[count > 8 ? 7 : count - 1]);
        if (!e) return NULL;
        if (mag == (uint64_t)INT64_MAX + 1) e->val = wnd__v_int(INT64_MIN);
        else e->val = wnd__v_int(-(int64_t)mag);
        count--;
      } else {
        return syntax(ps, lit.off, "member access on a negated literal: add parentheses");
      }
    } else if (k == T_MINUS && ps->tok.kind == T_DOUBLE && !ps->failed) {
      cel_token lit = ps->tok;
      next(ps);
      if (ps->tok.kind == T_DOT || ps->tok.kind == T_LBRACK)
        return syntax(ps, lit.off, "member access on a negated literal: add parentheses");
      e = mk(ps, N_CONST, offs[count > 8 ? 7 : count - 1]);
      if (!e) return NULL;
      e->val = wnd__v_double(-lit.num.d);
      count--;
    } else {
      e = parse_member(ps);
    }
    for (uint32_t i = count; e && i > 0; i--) {
      cel_node *u = mk(ps, N_CALL, offs[i - 1 < 8 ? i - 1 : 7]);
      if (!u) return NULL;
      u->op = (uint8_t)(k == T_NOT ? OP_NOT : OP_NEG);
      u->args = wnd__arena_alloc(ps->arena, sizeof(cel_node *));
      if (!u->args) {
        ps->oom = ps->failed = true;
        return NULL;
      }
      u->args[0] = e;
      u->n = 1;
      e = u;
    }
    ps->depth -= entered;
    return e;
  }
  return parse_member(ps);
}

static cel_node *parse_mul(cel_parser *ps) {
  cel_node *l = parse_unary(ps);
  uint32_t levels = 0;
  while (l && !ps->failed) {
    cel_fn fn;
    switch (ps->tok.kind) {
      case T_STAR: fn = OP_MUL; break;
      case T_SLASH: fn = OP_DIV; break;
      case T_PERCENT: fn = OP_MOD; break;
      default: goto done;
    }
    uint32_t off = ps->tok.off;
    if (!enter(ps, off)) return NULL;
    levels++;
    next(ps);
    cel_node *r = parse_unary(ps);
    if (!r) return NULL;
    l = call2(ps, fn, off, l, r);
  }
done:
  ps->depth -= levels;
  return ps->failed ? NULL : l;
}

static cel_node *parse_add(cel_parser *ps) {
  cel_node *l = parse_mul(ps);
  uint32_t levels = 0;
  while (l && !ps->failed && (ps->tok.kind == T_PLUS || ps->tok.kind == T_MINUS)) {
    cel_fn fn = ps->tok.kind == T_PLUS ? OP_ADD : OP_SUB;
    uint32_t off = ps->tok.off;
    if (!enter(ps, off)) return NULL;
    levels++;
    next(ps);
    cel_node *r = parse_mul(ps);
    if (!r) return NULL;
    l = call2(ps, fn, off, l, r);
  }
  ps->depth -= levels;
  return ps->failed ? NULL : l;
}

static cel_node *parse_rel(cel_parser *ps) {
  cel_node *l = parse_add(ps);
  uint32_t levels = 0;
  while (l && !ps->failed) {
    cel_fn fn;
    switch (ps->tok.kind) {
      case T_EQ: fn = OP_EQ; break;
      case T_NE: fn = OP_NE; break;
      case T_LT: fn = OP_LT; break;
      case T_LE: fn = OP_LE; break;
      case T_GT: fn = OP_GT; break;
      case T_GE: fn = OP_GE; break;
      case T_IN: fn = OP_IN; break;
      default: goto done;
    }
    uint32_t off = ps->tok.off;
    if (!enter(ps, off)) return NULL;
    levels++;
    next(ps);
    cel_node *r = parse_add(ps);
    if (!r) return NULL;
    l = call2(ps, fn, off, l, r);
  }
done:
  ps->depth -= levels;
  return ps->failed ? NULL : l;
}

static cel_node *parse_logic(cel_parser *ps, bool is_or) {
  cel_node *l = is_or ? parse_logic(ps, false) : parse_rel(ps);
  cel_tok k = is_or ? T_OROR : T_ANDAND;
  uint32_t levels = 0;
  while (l && !ps->failed && ps->tok.kind == k) {
    uint32_t off = ps->tok.off;
    if (!enter(ps, off)) return NULL;
    levels++;
    next(ps);
    cel_node *r = is_or ? parse_logic(ps, false) : parse_rel(ps);
    if (!r) return NULL;
    cel_node *n = mk(ps, is_or ? N_OR : N_AND, off);
    if (!n) return NULL;
    n->a = l;
    n->b = r;
    l = n;
  }
  ps->depth -= levels;
  return ps->failed ? NULL : l;
}

static cel_node *parse_expr(cel_parser *ps) {
  if (!enter(ps, ps->tok.off)) return NULL;
  cel_node *c = parse_logic(ps, true);
  if (c && !ps->failed && ps->tok.kind == T_QUESTION) {
    uint32_t off = ps->tok.off;
    next(ps);
    cel_node *a = parse_logic(ps, true);
    if (!a || !expect(ps, T_COLON)) return NULL;
    cel_node *b = parse_expr(ps);
    if (!b) return NULL;
    cel_node *n = mk(ps, N_COND, off);
    if (!n) return NULL;
    n->a = c;
    n->b = a;
    n->c = b;
    c = n;
  }
  ps->depth--;
  return ps->failed ? NULL : c;
}

cel_node *wnd__cel_parse(const char *src, uint32_t len, const cel_limits *lim,
                         wnd__arena *arena, wnd__cel_diags *diags, bool *oom) {
  cel_parser ps;
  memset(&ps, 0, sizeof ps);
  ps.lx.src = src;
  ps.lx.len = len;
  ps.lx.arena = arena;
  ps.arena = arena;
  ps.diags = diags;
  ps.lim = lim;
  next(&ps);
  cel_node *root = NULL;
  if (!ps.failed) {
    if (ps.tok.kind == T_EOF) {
      syntax(&ps, 0, "empty expression");
    } else {
      root = parse_expr(&ps);
      if (root && !ps.failed && ps.tok.kind != T_EOF) {
        unexpected(&ps);
        root = NULL;
      }
    }
  }
  *oom = ps.oom;
  return ps.failed ? NULL : root;
}
