#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""validate.py SCHEMA [FILE]: check that FILE (default stdin) holds exactly
one JSON object valid under SCHEMA. Prints the first problem and exits 1.

The JSON Schema subset Documentation/klpreloc-json.schema.json uses, so
that the tests need nothing outside python3: $ref (local), type, enum,
const, required, properties, additionalProperties, items, minimum,
pattern, allOf, anyOf, not, if/then. When the jsonschema module is
installed the document is checked with it as well.
"""
import json
import re
import sys

TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
KNOWN = {"$schema", "$id", "$defs", "title", "description", "$ref", "type",
         "enum", "const", "required", "properties", "additionalProperties",
         "items", "minimum", "pattern", "allOf", "anyOf", "not", "if", "then"}


def same(a, b):
    return type(a) is type(b) and a == b


def check(root, s, v, path):
    """The first problem as a string, or None."""
    unknown = set(s) - KNOWN
    if unknown:
        return "schema uses %s, which validate.py does not know" % unknown
    if "$ref" in s:
        node = root
        for part in s["$ref"].lstrip("#/").split("/"):
            node = node[part]
        err = check(root, node, v, path)
        if err:
            return err
    if "type" in s:
        ts = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(TYPES[t](v) for t in ts):
            return "%s: %r is not %s" % (path, v, " or ".join(ts))
    if "const" in s and not same(v, s["const"]):
        return "%s: %r is not %r" % (path, v, s["const"])
    if "enum" in s and not any(same(v, e) for e in s["enum"]):
        return "%s: %r is not one of %r" % (path, v, s["enum"])
    if "minimum" in s and TYPES["number"](v) and v < s["minimum"]:
        return "%s: %r < %r" % (path, v, s["minimum"])
    if "pattern" in s and isinstance(v, str) and not re.search(s["pattern"], v):
        return "%s: %r does not match %s" % (path, v, s["pattern"])
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                return "%s: no key %r" % (path, k)
        props = s.get("properties", {})
        extra = s.get("additionalProperties", True)
        for k, x in v.items():
            if k in props:
                err = check(root, props[k], x, "%s.%s" % (path, k))
            elif extra is False:
                err = "%s: unexpected key %r" % (path, k)
            elif isinstance(extra, dict):
                err = check(root, extra, x, "%s.%s" % (path, k))
            else:
                err = None
            if err:
                return err
    if isinstance(v, list) and "items" in s:
        for i, x in enumerate(v):
            err = check(root, s["items"], x, "%s[%d]" % (path, i))
            if err:
                return err
    for sub in s.get("allOf", []):
        err = check(root, sub, v, path)
        if err:
            return err
    if "anyOf" in s and all(check(root, sub, v, path) for sub in s["anyOf"]):
        return "%s: matches none of anyOf" % path
    if "not" in s and not check(root, s["not"], v, path):
        return "%s: matches what 'not' forbids: %s" % (path, s["not"])
    if "if" in s and not check(root, s["if"], v, path) and "then" in s:
        return check(root, s["then"], v, path)
    return None


def main():
    with open(sys.argv[1]) as f:
        schema = json.load(f)
    text = open(sys.argv[2]).read() if len(sys.argv) > 2 else sys.stdin.read()
    if text.count("\n") != 1 or not text.endswith("\n"):
        print("not one line ending in a newline: %r" % text[:200])
        return 1
    try:
        doc = json.loads(text)
    except ValueError as e:
        print("not JSON: %s: %r" % (e, text[:200]))
        return 1
    err = check(schema, schema, doc, "$")
    if err:
        print(err)
        return 1
    try:
        import jsonschema
    except ImportError:
        return 0
    try:
        jsonschema.validate(doc, schema)
    except jsonschema.ValidationError as e:
        print("jsonschema: %s" % e.message)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
