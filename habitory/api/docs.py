"""/api/openapi.json and /api/docs: the description, and a page that reads it to people.

The page is rendered on the server from the same document (no script, no CDN), so it works
under the site's CSP and without JavaScript.
"""

from __future__ import annotations

from flask import jsonify, render_template

from habitory.api import bp
from habitory.api.spec import document

METHOD_ORDER = ("get", "post", "put", "patch", "delete")


@bp.get("/openapi.json")
def openapi():
    """The OpenAPI 3.1 document of the API."""
    return jsonify(document())


def _schema(doc: dict, schema: dict | None, depth: int = 0) -> dict:
    """A schema with its $ref followed (components only), for the page's field tables."""
    schema = schema or {}
    ref = schema.get("$ref")
    if ref and depth < 5:
        return _schema(doc, doc["components"]["schemas"].get(ref.rsplit("/", 1)[-1]), depth + 1)
    return schema


def _type(doc: dict, schema: dict) -> str:
    """A short type for people: "string (date)", "array of Check-in", "done | skipped"."""
    if "$ref" in schema:
        return _schema(doc, schema).get("title") or schema["$ref"].rsplit("/", 1)[-1]
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if "anyOf" in schema:
        return " or ".join(_type(doc, s) for s in schema["anyOf"])
    kind = schema.get("type", "any")
    if kind == "array":
        return "array of " + _type(doc, schema.get("items", {}))
    return f"{kind} ({schema['format']})" if "format" in schema else str(kind)


def _fields(doc: dict, schema: dict | None) -> list[dict]:
    schema = _schema(doc, schema)
    if schema.get("type") == "array":
        schema = _schema(doc, schema.get("items"))
    required = set(schema.get("required", []))
    return [{"name": name, "type": _type(doc, prop), "required": name in required,
             "description": prop.get("description", "")}
            for name, prop in schema.get("properties", {}).items()]


def operations(doc: dict) -> list[dict]:
    """Every operation of the document, in path order, as the page lists them."""
    found = []
    for path, item in doc.get("paths", {}).items():
        for method in METHOD_ORDER:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            ok = {status: r for status, r in operation.get("responses", {}).items()
                  if status.startswith("2")}
            result = next(iter(ok.values()), {}).get("content", {}).get("application/json")
            found.append({
                "id": operation.get("operationId", f"{method}-{path}"),
                "method": method.upper(), "path": path,
                "summary": operation.get("summary", ""),
                "description": operation.get("description", ""),
                "parameters": [{"name": p["name"], "in": p["in"], "required": p.get("required"),
                                "type": _type(doc, p.get("schema", {})),
                                "description": p.get("description", "")}
                               for p in operation.get("parameters", [])],
                "body": _fields(doc, body["schema"]) if body else [],
                "result": _fields(doc, result["schema"]) if result else [],
                "statuses": sorted(operation.get("responses", {})),
            })
    return found


@bp.get("/docs")
def docs():
    """The API reference, for people."""
    doc = document()
    return render_template("api/docs.html", doc=doc, operations=operations(doc))
