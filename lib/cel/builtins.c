/*
** builtins.c — the table of builtin functions: names, call style and
** overloads.  The checker resolves names and checks arguments against it;
** the evaluator dispatches on the function id and re-checks kinds at run
** time (arguments of type dyn are only known then).
*/
#include "cel_int.h"

#include <string.h>

#include "builtins.h"

/*
** Signatures: one char per argument (receiver first), '>' and the result.
**   b bool, i int, u uint, d double, s string, l list, m map,
**   t timestamp, r duration, n null, y type, * any.
*/
static const char *const sig_size[] = {"s>i", "l>i", "m>i", NULL};
static const char *const sig_strpred[] = {"ss>b", NULL};
static const char *const sig_int[] = {"i>i", "u>i", "d>i", "s>i", "t>i", NULL};
static const char *const sig_uint[] = {"i>u", "u>u", "d>u", "s>u", NULL};
static const char *const sig_double[] = {"i>d", "u>d", "d>d", "s>d", NULL};
static const char *const sig_string[] = {"i>s", "u>s", "d>s", "s>s", "b>s", "t>s", "r>s", NULL};
static const char *const sig_bool[] = {"b>b", "s>b", NULL};
static const char *const sig_type[] = {"*>y", NULL};
static const char *const sig_dyn[] = {"*>*", NULL};
static const char *const sig_timestamp[] = {"s>t", "i>t", "t>t", NULL};
static const char *const sig_duration[] = {"s>r", "r>r", NULL};
static const char *const sig_tsget[] = {"t>i", "ts>i", NULL};
static const char *const sig_tdget[] = {"t>i", "ts>i", "r>i", NULL};
static const char *const sig_s_b[] = {"s>b", NULL};
static const char *const sig_s_t[] = {"s>t", NULL};
static const char *const sig_s_s[] = {"s>s", NULL};
static const char *const sig_st_i[] = {"st>i", NULL};
static const char *const sig_ti_t[] = {"ti>t", NULL};
static const char *const sig_tt_i[] = {"tt>i", NULL};

/* Operators (checked by the same machinery). */
static const char *const sig_add[] = {"ii>i", "uu>u", "dd>d", "ss>s", "ll>l",
                                      "tr>t", "rt>t", "rr>r", NULL};
static const char *const sig_sub[] = {"ii>i", "uu>u", "dd>d", "tt>r", "tr>t", "rr>r", NULL};
static const char *const sig_muldiv[] = {"ii>i", "uu>u", "dd>d", NULL};
static const char *const sig_mod[] = {"ii>i", "uu>u", NULL};
static const char *const sig_order[] = {"ii>b", "uu>b", "dd>b", "id>b", "di>b", "iu>b",
                                        "ui>b", "ud>b", "du>b", "ss>b", "bb>b", "tt>b",
                                        "rr>b", NULL};
static const char *const sig_eq[] = {"**>b", NULL};
static const char *const sig_in[] = {"*l>b", "*m>b", NULL};
static const char *const sig_neg[] = {"i>i", "d>d", NULL};
static const char *const sig_not[] = {"b>b", NULL};

/* member: 0 global only, 1 member only, 2 both */
static const cel_builtin_def defs[] = {
    {{"size", F_SIZE, 2, 1, 1}, sig_size},
    {{"contains", F_CONTAINS, 1, 2, 2}, sig_strpred},
    {{"startsWith", F_STARTS, 1, 2, 2}, sig_strpred},
    {{"endsWith", F_ENDS, 1, 2, 2}, sig_strpred},
    {{"matches", F_MATCHES, 2, 2, 2}, sig_strpred},
    {{"int", F_INT, 0, 1, 1}, sig_int},
    {{"uint", F_UINT, 0, 1, 1}, sig_uint},
    {{"double", F_DOUBLE, 0, 1, 1}, sig_double},
    {{"string", F_STRING, 0, 1, 1}, sig_string},
    {{"bool", F_BOOL, 0, 1, 1}, sig_bool},
    {{"type", F_TYPE, 0, 1, 1}, sig_type},
    {{"dyn", F_DYN, 0, 1, 1}, sig_dyn},
    {{"timestamp", F_TIMESTAMP, 0, 1, 1}, sig_timestamp},
    {{"duration", F_DURATION, 0, 1, 1}, sig_duration},
    {{"getFullYear", F_GETFULLYEAR, 1, 1, 2}, sig_tsget},
    {{"getMonth", F_GETMONTH, 1, 1, 2}, sig_tsget},
    {{"getDate", F_GETDATE, 1, 1, 2}, sig_tsget},
    {{"getDayOfMonth", F_GETDAYOFMONTH, 1, 1, 2}, sig_tsget},
    {{"getDayOfWeek", F_GETDAYOFWEEK, 1, 1, 2}, sig_tsget},
    {{"getDayOfYear", F_GETDAYOFYEAR, 1, 1, 2}, sig_tsget},
    {{"getHours", F_GETHOURS, 1, 1, 2}, sig_tdget},
    {{"getMinutes", F_GETMINUTES, 1, 1, 2}, sig_tdget},
    {{"getSeconds", F_GETSECONDS, 1, 1, 2}, sig_tdget},
    {{"getMilliseconds", F_GETMILLIS, 1, 1, 2}, sig_tdget},
    {{"cn.id_card", F_CN_ID_CARD, 0, 1, 1}, sig_s_b},
    {{"cn.uscc", F_CN_USCC, 0, 1, 1}, sig_s_b},
    {{"cn.mobile", F_CN_MOBILE, 0, 1, 1}, sig_s_b},
    {{"cn.birthdate", F_CN_BIRTHDATE, 0, 1, 1}, sig_s_t},
    {{"cn.age", F_CN_AGE, 0, 2, 2}, sig_st_i},
    {{"cn.gender", F_CN_GENDER, 0, 1, 1}, sig_s_s},
    {{"workdays.add", F_WD_ADD, 0, 2, 2}, sig_ti_t},
    {{"workdays.between", F_WD_BETWEEN, 0, 2, 2}, sig_tt_i},
    /* operators: not callable by name (member 3) */
    {{"_+_", OP_ADD, 3, 2, 2}, sig_add},
    {{"_-_", OP_SUB, 3, 2, 2}, sig_sub},
    {{"_*_", OP_MUL, 3, 2, 2}, sig_muldiv},
    {{"_/_", OP_DIV, 3, 2, 2}, sig_muldiv},
    {{"_%_", OP_MOD, 3, 2, 2}, sig_mod},
    {{"_==_", OP_EQ, 3, 2, 2}, sig_eq},
    {{"_!=_", OP_NE, 3, 2, 2}, sig_eq},
    {{"_<_", OP_LT, 3, 2, 2}, sig_order},
    {{"_<=_", OP_LE, 3, 2, 2}, sig_order},
    {{"_>_", OP_GT, 3, 2, 2}, sig_order},
    {{"_>=_", OP_GE, 3, 2, 2}, sig_order},
    {{"@in", OP_IN, 3, 2, 2}, sig_in},
    {{"-_", OP_NEG, 3, 1, 1}, sig_neg},
    {{"!_", OP_NOT, 3, 1, 1}, sig_not},
    {{NULL, 0, 0, 0, 0}, NULL},
};

const cel_builtin *wnd__cel_builtin_find(const char *name, size_t n) {
  for (const cel_builtin_def *d = defs; d->b.name; d++)
    if (d->b.member != 3 && strlen(d->b.name) == n && !memcmp(d->b.name, name, n))
      return &d->b;
  return NULL;
}

const cel_builtin_def *wnd__cel_builtin_def(int fn) {
  for (const cel_builtin_def *d = defs; d->b.name; d++)
    if (d->b.fn == fn) return d;
  return NULL;
}

const char *wnd__cel_fn_name(int fn) {
  const cel_builtin_def *d = wnd__cel_builtin_def(fn);
  return d ? d->b.name : "function";
}

wnd__cel_type wnd__cel_sig_type(char c) {
  switch (c) {
    case 'b': return WND_CT_BOOL;
    case 'i': return WND_CT_INT;
    case 'u': return WND_CT_UINT;
    case 'd': return WND_CT_DOUBLE;
    case 's': return WND_CT_STRING;
    case 'l': return WND_CT_LIST;
    case 'm': return WND_CT_MAP;
    case 't': return WND_CT_TIMESTAMP;
    case 'r': return WND_CT_DURATION;
    case 'n': return WND_CT_NULL;
    case 'y': return WND_CT_TYPE;
    default: return WND_CT_DYN;
  }
}

const char *wnd__cel_type_name(wnd__cel_type t) {
  switch (t) {
    case WND_CT_NULL: return "null_type";
    case WND_CT_BOOL: return "bool";
    case WND_CT_INT: return "int";
    case WND_CT_UINT: return "uint";
    case WND_CT_DOUBLE: return "double";
    case WND_CT_STRING: return "string";
    case WND_CT_LIST: return "list";
    case WND_CT_MAP: return "map";
    case WND_CT_TIMESTAMP: return "timestamp";
    case WND_CT_DURATION: return "duration";
    case WND_CT_TYPE: return "type";
    default: return "dyn";
  }
}
