"""What an editor's IDE shows about a field's value: a message in words when the value breaks the
field's pattern (yaml-language-server reads `patternErrorMessage`; without it, the editor sees the
regular expression), and an example in the hover (`markdownDescription`)."""

from __future__ import annotations

PATTERN_MESSAGES = {  # by the name of the field's type (or of the type it extends)
    "Date": "Not a date: write YYYY-MM-DD, YYYY-MM or YYYY, like 2023-10-29, 2023-10 or 2023.",
    "Ref": "Not a valid id: ids are lowercase letters, digits and hyphens, like {example} "
           "(the entry's file name without .yml).",
    "Country": "Not a country slug: lowercase letters and hyphens of the English short name, "
               "like iraq or united-states.",
    "Url": "Not a full web address: write it with http:// or https://, like https://www.longwarjournal.org/ "
           "(no spaces).",
    "Lang": "Not a language tag: use a BCP 47 tag such as ar, fa, ku or ar-IQ.",
    "Text": "The text contains an invisible control character: delete it.",
}
EXAMPLES = {"Date": "2023-10-29", "Country": "iraq", "Url": "https://www.longwarjournal.org/", "Lang": "ar-IQ"}
REF_EXAMPLES = {"group": "kataib-hezbollah", "base": "ain-al-asad-air-base"}


def _type_name(field_type, table: dict) -> str:
    return next((cls.__name__ for cls in type(field_type).__mro__ if cls.__name__ in table), "")


def example(field_type) -> str:
    kind = getattr(field_type, "kind", None)
    if kind is not None:
        return REF_EXAMPLES.get(kind, "old-id")
    return EXAMPLES.get(_type_name(field_type, EXAMPLES), "")


def with_hints(field_type, schema: dict) -> dict:
    """The type's JSON Schema with a message in words beside each pattern (items of a list too)."""
    item = getattr(field_type, "item", None)
    if item is not None and isinstance(schema.get("items"), dict):
        return {**schema, "items": with_hints(item, schema["items"])}
    message = PATTERN_MESSAGES.get(_type_name(field_type, PATTERN_MESSAGES))
    if "pattern" not in schema or not message:
        return schema
    kind = getattr(field_type, "kind", "")
    return {**schema, "patternErrorMessage": message.format(kind=kind, example=REF_EXAMPLES.get(kind, "old-id"))}


def with_example(field_type, doc: str) -> str:
    shown = example(getattr(field_type, "item", field_type))
    return doc + (f"\n\nExample: `{shown}`" if shown else "")


def present(name: str) -> dict:
    """JSON Schema for a rule across fields: `name` is written, and not left empty (null or "")."""
    return {"required": [name], "properties": {name: {"not": {"enum": [None, ""]}}}}
