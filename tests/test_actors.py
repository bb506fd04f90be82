"""Chapter 'Actors': tables and figures computed from the data."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from article_evidence import actors, evidence, figtext, style  # noqa: E402


@pytest.fixture(scope="module")
def ev():
    style.apply()
    return evidence.load()


def test_every_actor_is_mentioned_where_the_data_says(ev):
    table = actors.actor_table(ev)
    assert len(table) == len(ev.actors)
    by_actor = ev.mentions.groupby("actor_id")["paragraph_id"].apply(set)
    for actor_id, listed in zip(ev.actors["actor_id"], table["Paragraphs"], strict=True):
        assert set(listed.split(", ")) == by_actor[actor_id], actor_id


def test_each_actor_is_mentioned_in_its_evidence_paragraph(ev):
    mentioned = set(zip(ev.mentions["actor_id"], ev.mentions["paragraph_id"], strict=True))
    for row in ev.actors.itertuples():
        assert (row.actor_id, row.paragraph_id) in mentioned, row.actor_id


def test_mention_matrix_counts_every_mention(ev):
    matrix = actors.mention_matrix(ev)
    assert matrix.to_numpy().sum() == len(ev.mentions)
    assert list(matrix.columns) == list(ev.paragraphs["paragraph_id"])


def test_counterparts_follow_the_channels_table(ev):
    pairs = actors.counterpart_pairs(ev).set_index("channel_id")
    channels = ev.channels.set_index("channel_id")
    for channel_id, pair in pairs.iterrows():
        assert pair["state_at_publication"] == channels.loc[channel_id, "state_at_publication"]
    assert (
        pairs["china_ar"].isna().tolist()
        == channels.loc[pairs.index, "china_actor_id"].isna().tolist()
    )


def test_corrections_carry_outside_sources(ev):
    table = actors.corrections(ev)
    assert len(table) == len(ev.corrections)
    assert table["source_url"].str.startswith("http").all()
    assert set(table["paragraph"]) <= set(ev.paragraphs["paragraph_id"])


def test_counterpart_figure_draws_every_pair_in_arabic(ev):
    fig = actors.draw_counterparts(ev)
    texts = {t.get_text() for t in fig.axes[0].texts}
    pairs = actors.counterpart_pairs(ev)
    assert {figtext.ar(name) for name in pairs["us_ar"]} <= texts
    assert {figtext.ar(name) for name in pairs["china_ar"].dropna()} <= texts


def test_counterpart_table_names_the_vacant_post(ev):
    table = actors.counterpart_table(ev)
    vacant = table.loc[actors.counterpart_pairs(ev)["china_ar"].isna().to_numpy(), "China"]
    li = ev.actors.set_index("actor_id").loc["li_shangfu", "name_ar"]
    assert len(vacant) == 1 and "vacant" in vacant.iloc[0] and li in vacant.iloc[0]
