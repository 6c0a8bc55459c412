#!/usr/bin/env node
// cel2json.js — turn the CEL conformance suite shipped in the npm package
// @bufbuild/cel-spec into one JSON object per line for the C runner
// (runner.c).  Values (bindings, expected results) are rewritten as CEL
// literal expressions, so the runner needs no protobuf: "1u",
// "double(\"NaN\")", "[1, \"a\"]", "duration(\"1.5s\")".
//
// Cases that need a feature outside libwindow's subset (SPEC §3) get a
// "skip" reason naming that feature; the runner reports them per suite.
//
// usage: node cel2json.js NODE_MODULES_DIR OUT.jsonl
'use strict';
const fs = require('fs');
const path = require('path');

const [modules, out] = process.argv.slice(2);
if (!modules || !out) {
  console.error('usage: node cel2json.js NODE_MODULES_DIR OUT.jsonl');
  process.exit(2);
}
const { tests } = require(path.join(modules, '@bufbuild/cel-spec/dist/cjs/testdata/conformance.js'));

class Skip extends Error {}
const skip = (why) => { throw new Skip(why); };

const TYPE_NAMES = new Set(['bool', 'int', 'uint', 'double', 'string', 'null_type', 'list',
  'map', 'type', 'google.protobuf.Timestamp', 'google.protobuf.Duration']);

// A CEL string literal for a JS string.
function str(s) {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c < 0xdc00 && d >= 0xdc00 && d <= 0xdfff) { i++; continue; }
      skip('lone surrogates (not representable in UTF-8 strings)');
    }
  }
  return JSON.stringify(s);
}

function value(v) {
  if ('nullValue' in v) return 'null';
  if ('boolValue' in v) return v.boolValue ? 'true' : 'false';
  if ('int64Value' in v) return String(v.int64Value);
  if ('uint64Value' in v) return String(v.uint64Value) + 'u';
  if ('doubleValue' in v) {
    const d = v.doubleValue;
    if (typeof d === 'string') return `double(${str(d)})`; // NaN, Infinity, -Infinity
    if (Object.is(d, -0)) return 'double("-0")';
    return `double(${str(String(d))})`;
  }
  if ('stringValue' in v) return str(v.stringValue);
  if ('bytesValue' in v) skip('bytes');
  if ('listValue' in v) return '[' + (v.listValue.values || []).map(value).join(', ') + ']';
  if ('mapValue' in v) {
    return '{' + (v.mapValue.entries || []).map((e) => value(e.key) + ': ' + value(e.value)).join(', ') + '}';
  }
  if ('typeValue' in v) {
    if (v.typeValue === 'bytes') skip('bytes');
    if (!TYPE_NAMES.has(v.typeValue)) skip('protobuf messages');
    return v.typeValue;
  }
  if ('enumValue' in v) skip('enums');
  if ('objectValue' in v) {
    const o = v.objectValue;
    const t = o['@type'] || '';
    if (t.endsWith('/google.protobuf.Duration')) return `duration(${str(o.value)})`;
    if (t.endsWith('/google.protobuf.Timestamp')) return `timestamp(${str(o.value)})`;
    if (/\/google\.protobuf\.(Int64|UInt64|Int32|UInt32|Double|Float|Bool|String|Bytes)Value$/.test(t)) skip('protobuf wrappers');
    if (/\/google\.protobuf\.(Value|Struct|ListValue|Any|NullValue)$/.test(t)) skip('protobuf messages');
    skip('protobuf messages');
  }
  skip('unsupported value form ' + Object.keys(v).join(','));
}

function declType(t) {
  if (!t) return 'dyn';
  if (t.primitive) {
    const m = { BOOL: 'bool', INT64: 'int', UINT64: 'uint', DOUBLE: 'double', STRING: 'string' };
    if (t.primitive === 'BYTES') skip('bytes');
    return m[t.primitive] || 'dyn';
  }
  if ('null' in t) return 'null';
  if (t.listType) return 'list';
  if (t.mapType) return 'map';
  if (t.messageType) {
    if (t.messageType === 'google.protobuf.Duration') return 'duration';
    if (t.messageType === 'google.protobuf.Timestamp') return 'timestamp';
    skip('protobuf messages');
  }
  if (t.wellKnown) {
    if (t.wellKnown === 'DURATION') return 'duration';
    if (t.wellKnown === 'TIMESTAMP') return 'timestamp';
    skip('protobuf messages');
  }
  if (t.wrapper) skip('protobuf wrappers');
  if (t.abstractType) skip('optionals');
  if (t.type) return 'type';
  return 'dyn';
}

// Features visible in the expression text.
function exprSkip(e, container) {
  e = e.replace(/\/\/[^\n]*/g, ' '); // comments may split a message literal
  if (container) skip('protobuf messages');
  if (/(^|[^\w.])[bB][rR]?['"]|(^|[^\w.])[rR][bB]['"]|\bbytes\s*\(/.test(e)) skip('bytes');
  if (/\.\?|\[\?|\{\s*\?|\?\s*[\w"']+\s*:|\boptional\./.test(e) && /optional|\.\?|\[\?|\{\s*\?/.test(e)) skip('optionals');
  if (/\b[A-Z]\w*\s*\{/.test(e)) skip('protobuf messages');
  if (/google\.protobuf\.(?!Timestamp\b|Duration\b)/.test(e)) skip('protobuf messages');
  if (/'[A-Za-z_]+\/[A-Za-z_\/]+'|"[A-Za-z_]+\/[A-Za-z_\/]+"/.test(e) && /\.get\w+\(/.test(e)) skip('IANA time zones');
  if (/\bproto\.|\bcel\.(bind|block)|\bmath\.|\bstrings\.|\bbase64\./.test(e)) skip('extension libraries');
}

const lines = [];
for (const suite of tests.suites) {
  for (const section of suite.suites || []) {
    for (const t of section.tests || []) {
      const o = t.original;
      const rec = { suite: suite.name, section: section.name, name: o.name, expr: o.expr,
        check: !o.disableCheck };
      try {
        exprSkip(o.expr, o.container);
        const types = {};
        for (const d of o.typeEnv || []) {
          if (d.ident) types[d.name] = declType(d.ident.type);
          else if (d.function) skip('custom function declarations');
        }
        const bindings = {};
        for (const [k, b] of Object.entries(o.bindings || {})) {
          if (!b.value) skip('unsupported binding form');
          bindings[k] = value(b.value);
          if (!(k in types)) types[k] = 'dyn';
        }
        rec.types = types;
        rec.bindings = bindings;
        if (o.value) rec.expect = value(o.value);
        else if (o.evalError || o.anyEvalErrors) rec.error = true;
        else if (o.typedResult) {
          if (!o.typedResult.result) skip('type-only results');
          rec.expect = value(o.typedResult.result);
        } else if (o.unknown || o.anyUnknowns) skip('unknown values');
        else rec.expect = 'true'; // SimpleTest default: the result is true
      } catch (e) {
        if (!(e instanceof Skip)) throw e;
        rec.skip = e.message;
        delete rec.expr; // skipped: the runner does not need the text
      }
      lines.push(JSON.stringify(rec));
    }
  }
}
fs.writeFileSync(out, lines.join('\n') + '\n');
console.error(`cel2json: ${lines.length} cases written to ${out}`);
