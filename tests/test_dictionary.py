"""The data dictionary documents every column and is current with the schemas."""

import json

from article_evidence import dictionary, paths


def test_committed_dictionary_is_current():
    committed = (paths.DATA / "README.md").read_text(encoding="utf-8")
    assert committed == dictionary.render(), "run: python -m article_evidence.dictionary"


def test_every_column_of_every_file_is_documented():
    package = json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))
    text = dictionary.render()
    for resource in package["resources"]:
        header = (paths.DATA / resource["path"]).read_text(encoding="utf-8").split("\n")[0]
        for column in header.split(","):
            assert f"| `{column}` |" in text, (resource["path"], column)
        for field in resource["schema"]["fields"]:
            assert field["description"].strip(), (resource["path"], field["name"])
