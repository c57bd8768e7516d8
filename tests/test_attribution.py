from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.attribution import attribute_speakers, attributions_frame, find_quotes, sentences_frame
from framing.datasets import load_sample
from framing.sources import load_sources
from framing.types import Document

HERE = Path(__file__).parent


def spoken(text):
    """(speaker, mode, content) for every attribution."""
    return [(a.speaker, a.mode, a.text) for a in attribute_speakers(Document("t", text))]


def speaker_of(text, fragment):
    """The speaker of the attribution that covers ``fragment`` (None: the outlet)."""
    i = text.index(fragment)
    for a in attribute_speakers(Document("t", text)):
        if a.start <= i and i + len(fragment) <= a.end:
            return a.speaker
    return None


@pytest.mark.parametrize(
    ("text", "fragment", "speaker"),
    [
        # direct quotes before, after and around the cue
        ("“The enemy attacked at dawn,” SANA said.", "The enemy attacked", "SANA"),
        ("SANA said: “The enemy attacked at dawn.”", "The enemy attacked", "SANA"),
        ("“We were asleep,” she said, “and then the roof fell.” Rima Haddad lives there.",
         "and then the roof fell", "she"),
        ("“They burnt the depots,” said Omar Haddad of the news site TellNews.", "They burnt", "Omar Haddad"),
        ("“Enough,” the minister said.", "Enough", "minister"),  # a description never named stays as it is
        # a subject with an aside before the cue: what follows the cue is the content, not a source
        ("The ministry, in a statement, said the bridge had collapsed.", "the bridge had collapsed", "ministry"),
        ("Ana Ruiz, speaking on condition of anonymity, said the dam held.", "the dam held", "Ana Ruiz"),
        ("A ministry spokesperson, who declined to be named, said the dam held.", "the dam held",
         "ministry spokesperson"),
        ("The ministry, however, said the bridge stood.", "the bridge stood", "ministry"),
        ("The toll rose, said officials in Gaza.", "The toll rose", "officials"),
        ("Police said two men were arrested.", "two men were arrested", "police"),  # as "police said"
        # a quotation signed after a dash
        ("“We will win.” — Ana Ruiz, the mayor.", "We will win", "Ana Ruiz"),
        ("Intro.\n\n“We will win,” – UNICEF\n\nMore.", "We will win", "UNICEF"),
        # a quotation taken by one sentence's statement is not the next one's
        ("Ana Ruiz said: “We are ready.” She added: “And we will win.”", "We are ready", "Ana Ruiz"),
        # "told <whom>" ends before a determiner opening the content
        ("Ruiz told Reuters the deal was dead.", "the deal was dead", "Ruiz"),
        # an adverb opening the sentence is not part of the name
        ("Minister Ana Ruiz visited. Later Ruiz said the raid failed.", "the raid failed", "Ana Ruiz"),
        ("Meanwhile UNICEF said schools were hit.", "schools were hit", "UNICEF"),
        # a quote over several sentences, and over paragraphs
        ("“We are not waiting. We are active,” Gantz said.", "We are active", "Gantz"),
        ("Dar said: “The first wave hit the depot.\n\n“The second wave hit the road.”", "The second wave", "Dar"),
        # reported speech
        ("SANA reported that the strikes hit two depots.", "the strikes hit", "SANA"),
        ("The ministry said the strikes hit two depots.", "the strikes hit", "ministry"),  # never named: itself
        ("The report said the strikes hit two depots.", "the strikes hit", None),  # whose report is unknown
        ("Amal Dar told reporters that the strikes hit two depots.", "the strikes hit", "Amal Dar"),
        ("Amal Dar stated that the strikes hit two depots.", "the strikes hit", "Amal Dar"),
        ("Amal Dar claimed the strikes hit two depots.", "the strikes hit", "Amal Dar"),
        ("Amal Dar added that the strikes hit two depots.", "the strikes hit", "Amal Dar"),
        ("Amal Dar warned on Tuesday that more strikes would follow.", "more strikes", "Amal Dar"),
        # inverted and parenthetical
        ("The strikes hit two depots, Amal Dar said.", "The strikes hit", "Amal Dar"),
        ("The strikes hit two depots, said Amal Dar, a resident.", "The strikes hit", "Amal Dar"),
        ("The strikes, Amal Dar said, hit two depots.", "hit two depots", "Amal Dar"),
        # passive with an agent
        ("It was reported by SANA that the strikes hit two depots.", "the strikes hit", "SANA"),
        # according to, both ways
        ("According to SOHR, the strikes killed 23 people.", "the strikes killed", "SOHR"),
        ("The strikes killed 23 people, according to SOHR.", "The strikes killed", "SOHR"),
        # the outlet's own voice
        ("The strikes killed 23 people.", "The strikes killed", None),
        ("The IDF did not comment on the strikes.", "on the strikes", None),
        ("Casualties are listed as 23 killed.", "23 killed", None),
        ("There are many who feel that the U.S. will attack.", "the U.S. will attack", None),
        # short scare quotes and quoted names are not speech
        ("The positions belonged to the “Fatemiyoun Brigade” and Hezbollah.", "Fatemiyoun", None),
        ("The route, a “land bridge” to Lebanon, was hit.", "land bridge", None),
    ],
)
def test_patterns(text, fragment, speaker):
    assert speaker_of(text, fragment) == speaker


@pytest.mark.parametrize(
    ("text", "speaker", "content"),
    [
        # a subject with an age and a description between commas is not an inverted "…, said X"
        ("Maria T. Ortiz, 52, a nurse from the port district, said she wanted the clinics reopened.",
         "Maria T. Ortiz", "she wanted the clinics reopened."),
        ("Mr. Dabrowski, who runs a bakery near the border, said he voted for the mayor twice.",
         "Dabrowski", "he voted for the mayor twice."),
        # "said a …" keeps its article; "said in a statement" skips the setting
        ("Henrik Vale, an economist at the Northern Institute of Trade, said a lower tariff could replace "
         "most subsidies.", "Henrik Vale", "a lower tariff could replace most subsidies."),
        ("The Defense Ministry said in a statement that the strikes would continue.", "Defense Ministry",
         "that the strikes would continue."),
        # "…, X told <whom>": the one told is not the rest of the sentence
        ("The union will sit out the election, Director Phil Smith told Meridian Wire earlier this week.",
         "Phil Smith", "The union will sit out the election"),
        # a real inversion with a long setting is still one
        ("The strikes will continue, said Colonel Amir Haddad in a statement on Tuesday.", "Amir Haddad",
         "The strikes will continue"),
    ],
)
def test_subject_with_appositives(text, speaker, content):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == [(speaker, content)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Hezbollah called for resistance against the occupation.",
         [("Hezbollah", "resistance against the occupation.")]),
        ("The minister railed against the sanctions.", [("minister", "the sanctions.")]),
        ("Deputy Minister Rana Aziz railed against the sanctions.", [("Rana Aziz", "the sanctions.")]),
        ("Colonel Haddad warned of reprisals if the truce collapses.",
         [("Haddad", "reprisals if the truce collapses.")]),
        # a prepositional cue is a cue only with its preposition
        ("Israel pressed the offensive in the north.", []),
        ("Israel pressed for a wider offensive in the north.", [("Israel", "a wider offensive in the north.")]),
    ],
)
def test_stance_after_a_preposition(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the speaker of a relative clause is its antecedent; the mention is the relative pronoun
        ("The plan was condemned by Omar Haddad, who has long argued that the army should withdraw, and by others.",
         [("Omar Haddad", "who", "that the army should withdraw")]),
        ("Residents of Tell Qasr, who said the shelling lasted all night, fled north.",
         [("Residents of Tell Qasr", "who", "the shelling lasted all night")]),
        ("There are many who believe the truce will fail.", []),  # no one in particular
    ],
)
def test_relative_clause_speaker(text, expected):
    got = [(a.speaker, text[a.speaker_start:a.speaker_end], a.text) for a in attribute_speakers(Document("t", text))]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # stance verbs with a noun-phrase object: the object is the source's position
        ("The Syrian foreign ministry called the strikes a dangerous escalation.",
         [("Syrian foreign ministry", "the strikes a dangerous escalation.")]),
        ("Local farmers support the new water plan.", [("local farmers", "the new water plan.")]),
        ("The senator endorsed Haddad.", [("senator", "Haddad.")]),
        # but not a vague subject, nor a participle after a noun
        ("Many oppose the plan.", []),
        ("Thousands marched amid chants denouncing the aggression.", []),
    ],
)
def test_stance_verbs_with_objects(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Sources told the agency that the convoy turned back.", "sources"),  # same as "sources" elsewhere
        ("Israeli officials said that the convoy turned back.", "Israeli officials"),  # not lower-cased
        ("The Observatory for Civilian Protection counted the dead on Monday. It said that 14 were fighters.",
         "Observatory for Civilian Protection"),  # no "The"
        # "according to figures from X" is X; a registry phrase is kept whole
        ("According to figures from the Health Ministry, 12 people died.", "Health Ministry"),
        ("Strikes killed 19 people, according to accounts from Syrian state media and a war monitor.",
         "Syrian state media"),
        # the place after "in" is not the source
        ("The Health Directorate in Deir ez-Zor said that a nurse was wounded.", "Health Directorate"),
        ("Officials in Damascus said the strikes hit two depots.", "officials"),
        ("The embassy in Beirut said it was closed.", "embassy in Beirut"),
        # a possessor speaks through its report or office, not through its ministry or agency
        ("OCP's report said that 23 people died.", "OCP"),
        ("Netanyahu's office said the operation would continue.", "Netanyahu"),
        ("Iran's state news agency said the strikes were a crime.", "IRNA"),  # the registry knows it
    ],
)
def test_speaker_names_keep_their_case_and_drop_articles(text, speaker):
    assert [a.speaker for a in attribute_speakers(Document("t", text))] == [speaker]


def test_a_quotation_closing_the_previous_sentence_is_not_taken_by_a_new_clause():
    text = ("Colonel Haddad spoke of the town as “a place we will not abandon.” He said he expects the "
            "convoys to return within a week.")
    got = [(a.mode, a.text) for a in attribute_speakers(Document("t", text))]
    # ("spoke of" is a stance of its own: the quotation is his words there, not the second sentence's)
    assert got == [("reported", "the town as “a place we will not abandon.”"),
                   ("reported", "he expects the convoys to return within a week.")]
    # but a short cue after a quotation still takes it
    text = "“The strikes hit the depots.” SANA said on Monday evening."
    assert [(a.speaker, a.mode) for a in attribute_speakers(Document("t", text))] == [("SANA", "direct_quote")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ", saying …" after a sentence whose subject is a named source: the subject speaks
        ("Colonel Haddad inspected the depots on Monday, saying they held Iranian weapons.",
         [("Haddad", "reported", "they held Iranian weapons.")]),
        ("Rahbari toured the port, saying: “This is a lie.”", [("Rahbari", "direct_quote", "“This is a lie.”")]),
        # not when the subject is no one in particular, nor for other participles
        ("Protesters marched through the town, chanting slogans.", []),
    ],
)
def test_saying_after_the_main_clause(text, expected):
    assert [(a.speaker, a.mode, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "Name: what they said", as in headlines and transcripts
        ("Colonel Amir Dror: “We hit the depots.”", [("Amir Dror", "direct_quote", "“We hit the depots.”")]),
        ("Haddad: Strikes will continue until the depots are gone.",
         [("Haddad", "reported", "Strikes will continue until the depots are gone.")]),
        # labels and datelines do not speak
        ("BEIRUT: Strikes hit the depots.", []),
        ("Update: The toll rose to 23.", []),
    ],
)
def test_name_colon_lead(text, expected):
    assert [(a.speaker, a.mode, a.text) for a in attribute_speakers(Document("t", text))] == expected


def test_acronym_and_description_resolve_to_one_source():
    text = ("The Syrian Observatory for Human Rights (SOHR), a U.K. watchdog, said that 23 people died. "
            "According to SOHR, the depots burned.\n\n“It was a massacre,” the monitor said.")
    names = {a.speaker for a in attribute_speakers(Document("t", text))}
    assert names == {"SOHR"}


def test_titles_are_stripped_and_short_mentions_join():
    text = ("Israeli Defense Minister Benny Gantz visited troops. He stated that Israel would act. "
            "“We are active,” Gantz said.")
    assert [a.speaker for a in attribute_speakers(Document("t", text))] == ["Benny Gantz", "Benny Gantz"]


def test_continuations():
    text = ("“At 1:10 a.m., the enemy attacked,” SANA said, quoting a military source.\n\n"
            "“The results of the aggression are being verified,” the report added.\n\n"
            "The Times of Israel reported that the strikes used U.S. intelligence. It added that they hit "
            "warehouses.\n\nSOHR said that ten bases were hit. Additionally, six depots were targeted. "
            "Several of the targets were hit twice.")
    got = [(a.speaker, a.mode) for a in attribute_speakers(Document("t", text))]
    assert got == [("SANA", "direct_quote"), ("SANA", "direct_quote"), ("Times of Israel", "reported"),
                   ("Times of Israel", "reported"), ("SOHR", "reported"), ("SOHR", "continuation"),
                   ("SOHR", "continuation")]
    first = attribute_speakers(Document("t", text))[0]
    assert first.inner_speaker == "military source"


def test_offsets_and_fields():
    text = "Calm. “The enemy attacked at dawn,” SANA said."
    (a,) = attribute_speakers(Document("d", text))
    assert text[a.start:a.end] == a.text == "“The enemy attacked at dawn,”"
    assert text[a.speaker_start:a.speaker_end] == "SANA"
    assert text[a.cue_start:a.cue_end] == "said"
    assert (a.speaker_type, a.affiliation) == ("state_media", "Syrian government")
    df = attributions_frame([a])
    assert list(df.columns[:10]) == ["doc_id", "start", "end", "text", "speaker", "speaker_start", "speaker_end",
                                     "cue_start", "cue_end", "mode"]


def test_unbalanced_and_very_long_quotes():
    assert find_quotes("“Never closed. Still going") == [(0, 26)]
    assert find_quotes("Closed only.” Next.") == []
    long_quote = "“" + " ".join(["The strikes went on all night."] * 2000) + "” SANA said."
    attrs = attribute_speakers(Document("t", long_quote))
    assert [(a.speaker, a.start, a.end) for a in attrs] == [("SANA", 0, len(long_quote) - len(" SANA said."))]
    many = "“a” " * 5000 + "“b"
    assert attribute_speakers(Document("t", many)) == []


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from([*list("ab SANA,.“”\"'\n:"), " said ", " according to ", "He ", "\n\n"]),
                max_size=80).map("".join))
def test_spans_are_valid_on_arbitrary_text(text):
    attrs = attribute_speakers(Document("t", text))
    last = 0
    for a in attrs:
        assert 0 <= a.start < a.end <= len(text) and text[a.start:a.end] == a.text
        assert a.start >= last
        last = a.end
        if a.speaker_start is not None:
            assert 0 <= a.speaker_start < a.speaker_end <= len(text)


def test_registry_lookup_and_user_extension(tmp_path):
    reg = load_sources()
    assert reg.lookup("Syrian Arab News Agency").name == "SANA"
    assert reg.lookup("the Associated Press").type == "wire"
    mine = tmp_path / "mine.yaml"
    mine.write_text("sources:\n  - name: Tell Qasr Council\n    aliases: [the town council]\n"
                    "    type: government\n    affiliation: local\n", encoding="utf-8")
    reg2 = load_sources(mine)
    text = "The town council said that the water was cut."
    (a,) = attribute_speakers(Document("t", text), registry=reg2)
    assert (a.speaker, a.speaker_type) == ("Tell Qasr Council", "government")


def test_sentences_frame_has_speakers():
    text = "Strikes hit the town. “We were asleep,” a resident said. SANA reported that two died."
    df = sentences_frame([Document("d", text, outlet="Wire")])
    assert df["speaker"].isna().tolist() == [True, False, False]
    assert df["speaker"].tolist()[1:] == ["resident", "SANA"]
    assert df["mode"].tolist() == ["narration", "direct_quote", "reported"]
    assert (df["outlet"] == "Wire").all()


# names the fixture uses for sources the sample corpus writes in several ways
_ALIASES = {
    "OCP": ["Observatory for Civilian Protection", "Observatory"],
    "LNNA": ["Levant National News Agency"],
    "Foreign Ministry": ["Ministry of Foreign Affairs and Expatriates"],
}


def _same(system, gold):
    if gold == "OUTLET":
        return system is None
    if system is None:
        return False
    names = [gold.casefold()] + [a.casefold() for a in _ALIASES.get(gold, [])]
    return any(n in system.casefold() or system.casefold() in n for n in names)


def test_sample_corpus_speakers():
    """Hand-checked facts about the sample corpus: who speaks each fragment."""
    facts = yaml.safe_load((HERE / "data" / "sample_speakers.yaml").read_text(encoding="utf-8"))
    docs = {d.doc_id + ".txt": d for d in load_sample()}
    right = total = 0
    misses = []
    for name, items in facts.items():
        doc = docs[name]
        attrs = attribute_speakers(doc)
        for item in items:
            i = doc.text.index(item["text"])
            j = i + len(item["text"])
            cover: dict = {}
            for a in attrs:
                o = min(j, a.end) - max(i, a.start)
                if o > 0:
                    cover[a.speaker] = cover.get(a.speaker, 0) + o
            got = max(cover, key=cover.get) if cover and max(cover.values()) * 2 >= j - i else None
            total += 1
            if _same(got, item["speaker"]):
                right += 1
            else:
                misses.append((name, item["text"][:40], got, item["speaker"]))
    # the floor reached so far (86 of 93); raise it as the rules improve
    assert right / total >= 0.92, misses


@pytest.mark.slow
def test_polnear_dev_floor(shared_dir):
    """Attribution measured on PolNeAR dev (strict: the speaker mention must overlap the gold source)."""
    from framing.evaluate import evaluate_attribution, load_polnear, merge_continuations

    docs = load_polnear(shared_dir / "data" / "polnear", "dev")
    res = evaluate_attribution(lambda i, t: merge_continuations(attribute_speakers(Document(i, t))), docs)
    # floors reached so far (README: 65.6 content F1, 60.8 attribution F1); the targets are 0.80 / 0.75
    assert res["content_f1"] >= 0.651
    assert res["attribution_f1"] >= 0.603
    assert res["content_precision"] >= 0.80


def test_an_outlet_citing_itself_is_its_own_voice():
    text = ("The Observatory for Civilian Protection (OCP) said 12 people died. The Observatory said that the "
            "toll may rise. OCP reported that roads were closed. A resident said the roads were closed.")
    own = attribute_speakers(Document("t", text, outlet="Observatory for Civilian Protection"))
    assert [a.speaker for a in own] == ["resident"]
    other = attribute_speakers(Document("t", text, outlet="Meridian Wire"))
    assert [a.speaker for a in other] == ["OCP", "OCP", "OCP", "resident"]  # "the Observatory" joins OCP


@pytest.mark.parametrize(
    ("text", "quotes", "speakers"),
    [
        ("‘We will not surrender,’ the minister said.", ["‘We will not surrender,’"], ["minister"]),
        ("The minister said: ‘We will not surrender.’", ["‘We will not surrender.’"], ["minister"]),
        # ’ followed by a letter is an apostrophe; a plural possessive inside does not close the quote
        ("‘It’s over,’ said Ana Ruiz.", ["‘It’s over,’"], ["Ana Ruiz"]),
        ("‘The protesters’ demands are fair,’ Ana Ruiz said.", ["‘The protesters’ demands are fair,’"],
         ["Ana Ruiz"]),
        # a scare quote closes before the next opening mark; ‘90s is not a quotation
        ("The so-called ‘red line’ held in the ‘90s. ‘Enough,’ Ruiz said.", ["‘red line’", "‘Enough,’"],
         ["Ruiz"]),
        # with double marks in the text, single ones are quotations inside quotations
        ("“He said ‘no’ twice,” Ruiz said.", ["“He said ‘no’ twice,”"], ["Ruiz"]),
        # an opening mark that is never closed is no quotation
        ("‘Never closed. Ruiz left.", [], []),
    ],
)
def test_single_quotation_marks(text, quotes, speakers):
    assert [text[s:e] for s, e in find_quotes(text)] == quotes
    assert [a.speaker for a in attribute_speakers(Document("t", text)) if a.mode == "direct_quote"] == speakers


def test_consecutive_quotations_stay_apart():
    text = "Ana Ruiz said: “We are ready.” She added: “And we will win.”"
    got = attribute_speakers(Document("t", text))
    assert [(a.speaker, a.text) for a in got] == [("Ana Ruiz", "“We are ready.”"), ("Ana Ruiz", "“And we will win.”")]
    got = attribute_speakers(Document("t", "Ruiz told Reuters the deal was dead."))
    assert [a.text for a in got] == ["the deal was dead."]


@pytest.mark.parametrize("text", ["“It was a good year” — Sales rose.", "The “red line” — Ruiz said — held."])
def test_a_dash_after_a_quotation_is_not_always_a_signature(text):
    assert [a.mode for a in attribute_speakers(Document("t", text)) if a.mode == "direct_quote"] == []


def test_told_whom_set_off_by_commas_is_parenthetical():
    text = "The deal, Ruiz told Reuters, was dead."
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == [("Ruiz", text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a to-infinitive after a verb of promising, refusing or hoping is the source's stance, "to" included
        ("Mayor Ana Ruiz vowed to rebuild the bridge.", [("Ana Ruiz", "to rebuild the bridge.")]),
        ("The ministry declined to comment.", [("ministry", "to comment.")]),
        ("Haddad refused to discuss the convoy.", [("Haddad", "to discuss the convoy.")]),
        ("The two parties agreed to meet again in March.", [("parties", "to meet again in March.")]),
        ("Colonel Haddad sought to reassure the families.", [("Haddad", "to reassure the families.")]),
        # but not a fall in numbers, a plural noun, a vague subject or a recipient
        ("Exports declined to $3 billion.", []),
        ("Grain prices declined to levels not seen since 2008.", []),
        ("Many hope to leave before winter.", []),
        ("Ruiz promised to the council that the bridge would open.", []),
    ],
)
def test_stance_as_an_infinitive(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "…, X told <whom> <when>.": the clause before the comma is what X told
        ("The convoy turned back at the border, Colonel Haddad told a council hearing on Tuesday.",
         [("Haddad", "The convoy turned back at the border")]),
        # "X told <whom> <clause>" keeps the clause after the cue
        ("After the vote, Ruiz told reporters the deal was dead.", [("Ruiz", "the deal was dead.")]),
    ],
)
def test_told_whom_after_the_clause(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a group's belief ("His advisers believe …") is theirs, as a group's stance is
        ("His advisers believe the bridge can open by May.", [("advisers", "the bridge can open by May.")]),
        # ", saying …" after a lead phrase and a subject that is a group
        ("In May, the farmers' union rejected the plan, saying it would ruin the harvest.",
         [("union", "the plan"), ("union", "it would ruin the harvest.")]),
        ("Both families criticized the council, saying that the water was unsafe.",
         [("families", "the council"), ("families", "that the water was unsafe.")]),
        # a time phrase before the subject, and a pronoun subject
        ("This year, she rose to the defense of the council, saying it had acted well.",
         [("she", "it had acted well.")]),
    ],
)
def test_group_stances_and_saying_after_a_lead(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a headline in title case has its verb capitalised
        ("Mayor Ruiz Says Bridge Will Reopen In May", [("Ruiz", "Bridge Will Reopen In May")]),
        ("Regional Water Board Claims Plan Is Unsafe", [("Regional Water Board", "Plan Is Unsafe")]),
        ("The United States Said Nothing About The Convoy", [("United States", "Nothing About The Convoy")]),
        # but a capitalised word inside a name or after a possessive is not a verb
        ("The United States Army Left The Base Last Week", []),
        ("Why Ruiz’s Attacks On The Water Plan Failed", []),
        ("Haddad Told Reporters Nothing", []),
    ],
)
def test_title_case_headlines(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    "text",
    [
        "“The bridge will hold,” Ana Ruiz said, adding that repairs would start in May.",
        "Ana Ruiz said the bridge would hold, adding that repairs would start in May.",
        "The bridge will hold, Ana Ruiz said, adding that repairs would start in May.",
    ],
)
def test_adding_names_the_same_mention(text):
    """"X said A, adding B": both statements are X's, mentioned once, and A keeps its words."""
    got = attribute_speakers(Document("t", text))
    assert [a.speaker for a in got] == ["Ana Ruiz", "Ana Ruiz"]
    mention = (text.index("Ana Ruiz"), text.index("Ana Ruiz") + len("Ana Ruiz"))
    assert [(a.speaker_start, a.speaker_end) for a in got] == [mention, mention]
    assert got[1].text == "that repairs would start in May."
    assert "hold" in got[0].text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "according to X" set off inside the statement: the statement runs on after it
        ("Over the long term, according to the ministry, deficits will rise.",
         "Over the long term, according to the ministry, deficits will rise."),
        ("Ruiz, according to aides, was furious.", "Ruiz, according to aides, was furious."),
        # after a clause with its own verb, or before a relative clause, it closes the statement
        ("The bridge collapsed on Monday, according to the ministry, killing two.", "The bridge collapsed on Monday"),
        ("The bridge will open in May, according to the ministry, which blamed the rain.",
         "The bridge will open in May"),
    ],
)
def test_according_to_inside_the_statement(text, expected):
    assert attribute_speakers(Document("t", text))[0].text == expected


def test_a_quotation_goes_on_after_a_participle():
    text = '"That is the question," Clark said, noting he would back any candidate. "We have a deep bench here."'
    got = [(a.speaker, a.mode) for a in attribute_speakers(Document("t", text))]
    assert got == [("Clark", "direct_quote"), ("Clark", "reported"), ("Clark", "continuation")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # whoever puts out a statement speaks through it
        ("The town council released a statement Wednesday saying the bridge was safe.",
         [("town council", "the bridge was safe.")]),
        ("The ministry issued a letter claiming the convoy had turned back.",
         [("ministry", "the convoy had turned back.")]),
        # wire-story labels are not speakers
        ("The Latest: Ruiz says the bridge will open.", [("Ruiz", "the bridge will open.")]),
        ("Contributing: Ana Ruiz in Beirut.", []),
    ],
)
def test_statements_and_labels(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a party and state after a name, then a description: a subject, not an inverted quotation
        ("Rep. Ana Ruiz (D-N.M.), chair of the water committee, said the dam held.", [("Ana Ruiz", "the dam held.")]),
        ("Sen. Omar Haddad (R-Utah) said the bridge was safe.", [("Omar Haddad", "the bridge was safe.")]),
        # a quotation closing the previous sentence, then the cue and where it was said
        ("“Who will pay for the bridge?” Ruiz said to a crowd of about 2,000 in the square.",
         [("Ruiz", "“Who will pay for the bridge?”")]),
    ],
)
def test_parenthesised_party_and_cue_with_a_place(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # nouns that look like cues
        ("The new supporters include state Rep. Ana Ruiz of the water committee.", []),
        ("Ruiz swept seven out of 11 states on Tuesday.", []),
        ("Haddad’s remarks about the convoy drew criticism.", []),
        ("The families will come back to the village in May.", []),
        ("Ruiz was the host of the reality TV show “The Bridge We Built Together,” which ran for years.", []),
        # the same words as verbs
        ("The charter states that the council must meet monthly.",
         [("charter", "that the council must meet monthly.")]),
        ("The mayor backed the plan on Monday.", [("mayor", "the plan on Monday.")]),
        # a tally or a list of names after a colon is not a statement
        ("Ruiz: 1,769.", []),
        ("Homs: Ana Ruiz, Omar Haddad, Rima Dar, Amal Saleh.", []),
        ("Ruiz: We will rebuild the bridge.", [("Ruiz", "We will rebuild the bridge.")]),
    ],
)
def test_cue_words_used_as_nouns_and_colon_lists(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # "the campaign", "the administration": the one named before, else the unnamed agent itself
        ("The Ruiz campaign said it would appeal. The campaign added that the ruling was wrong.",
         ["Ruiz campaign", "Ruiz campaign"]),
        ("The Haddad administration announced a plan. The administration said it would act.",
         ["Haddad administration", "Haddad administration"]),
        ("The campaign said it would appeal the ruling.", ["campaign"]),
        # never another kind of source spoken of before
        ("SANA reported the vote. The court said the law stood.", ["SANA", "court"]),
    ],
)
def test_the_campaign_refers_to_a_named_one(text, speakers):
    assert [a.speaker for a in attribute_speakers(Document("t", text))] == speakers


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # the source's next act ends what it said
        ("Ruiz criticized the council's plan and called for a new vote.", "the council's plan"),
        ("Ruiz said the bridge was unsafe, and he still speaks to the council every week.",
         "the bridge was unsafe"),
        ("Ruiz said she would veto the plan, a move that could split the council.", "she would veto the plan"),
        # but not a coordinated participle or an apposition inside the content
        ("Ruiz said Amal Dar, a nurse, was hurt.", "Amal Dar, a nurse, was hurt."),
        ("Ruiz said the bridge was closed and repaired in May.", "the bridge was closed and repaired in May."),
    ],
)
def test_content_ends_at_the_sources_next_act(text, content):
    assert attribute_speakers(Document("t", text))[0].text == content


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "adding" between two quotations makes two statements
        ("“The bridge will hold,” Ruiz said, adding, “Repairs start in May.”",
         ["“The bridge will hold,”", "“Repairs start in May.”"]),
        # "that" then an aside: the clause after the aside is the content
        ("SANA reported that, according to an analysis of the records, 85 of the trucks were hit.",
         ["that, according to an analysis of the records, 85 of the trucks were hit."]),
        # a participle after the parenthetical cue closes the statement
        ("Sales were great, Ruiz said, wiping sweat off her face.", ["Sales were great"]),
        ("Many of the closures, Ruiz said, have involved schools.",
         ["Many of the closures, Ruiz said, have involved schools."]),
    ],
)
def test_statements_around_the_cue(text, expected):
    assert [a.text for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ", calling X Y" after a main clause: the subject's words; a participle lead is not the subject
        ("Speaking at a rally, Ruiz went after Haddad, calling him “a total failure.”",
         [("Ruiz", "reported", "him “a total failure.”")]),
        # "adding" then a quotation: a direct quote of the same speaker, apart from the first statement
        ("Ruiz said the bridge was safe, adding: “We will open it in May.”",
         [("Ruiz", "reported", "the bridge was safe"), ("Ruiz", "direct_quote", "“We will open it in May.”")]),
        ("“The bridge will hold,” Ruiz said, adding, “Repairs start in May.”",
         [("Ruiz", "direct_quote", "“The bridge will hold,”"), ("Ruiz", "direct_quote", "“Repairs start in May.”")]),
    ],
)
def test_participles_after_the_statement(text, expected):
    assert [(a.speaker, a.mode, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # shares of those polled speak
        ("On economic issues, 42% say they are liberal.", [("42%", "they are liberal.")]),
        ("Two in three said they would vote again.", [("Two in three", "they would vote again.")]),
        ("72 percent of farmers said they agreed.", [("72 percent of farmers", "they agreed.")]),
        # "Others say", "Some said": unnamed, but not the outlet's voice
        ("Others, however, say the repairs are overdue.", [("others", "the repairs are overdue.")]),
        # a second verb of the sentence's subject
        ("Colonel Haddad spent five years in prison and says torture is wrong.",
         [("Haddad", "torture is wrong.")]),
    ],
)
def test_poll_shares_and_a_second_verb(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In a Meridian Wire poll released Monday, 52 percent favoured the bridge.",
         [("Meridian Wire", "according_to", "52 percent favoured the bridge.")]),
        ("In exit polls, voters were unhappy with the council.",
         [("exit polls", "according_to", "voters were unhappy with the council.")]),
        ("In a speech on Monday, the economy was barely mentioned.", []),  # not a poll
        # a clause with a number in it is not a share of those polled ("plan" is not the cue here)
        ("In a Meridian Wire poll released Monday, 52 percent favoured the plan.",
         [("Meridian Wire", "according_to", "52 percent favoured the plan.")]),
    ],
)
def test_a_poll_leading_the_sentence(text, expected):
    assert [(a.speaker, a.mode, a.text) for a in attribute_speakers(Document("t", text))][:1] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "to" after "refer", "point", "appeal" is a preposition, not an infinitive
        ("For the first time, the military publicly referred to the operation.",
         [("military", "the operation.")]),
        # "and" + a participle goes on with the participle before it, not with the sentence's subject
        ("Thousands of the people of Homs took part on Thursday in the funerals, amid chants denouncing the "
         "strikes and affirming loyalty to the homeland.", []),
    ],
)
def test_prepositions_and_participles_after_and(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the progressive is the active voice, not a passive ("is expected", "was told")
        ("Councillor Vale is criticizing the mayor for the delay.",
         [("Councillor Vale", "the mayor for the delay.")]),
        ("The union has been saying that the bridge is unsafe.", [("union", "that the bridge is unsafe.")]),
        ("The budget is expected to grow.", []),
        # an aside between the cue and "that"
        ("Ruiz said at a news conference last week that the port would reopen.",
         [("Ruiz", "that the port would reopen.")]),
        ("Ruiz said — on the radio, as it happens — that the port would reopen.",
         [("Ruiz", "that the port would reopen.")]),
        ("Ruiz believes, for example, that tolls should fall.", [("Ruiz", "that tolls should fall.")]),
        # a wh-clause after a stance verb, a number after "about", a one-word answer
        ("Ruiz described how the ferry sank.", [("Ruiz", "how the ferry sank.")]),
        ("The budget office said about half of the loans were late.",
         [("budget office", "about half of the loans were late.")]),
        ("Ana Ruiz said about the ferry that it was late.", []),
        ("Ana Ruiz said yes.", [("Ana Ruiz", "yes.")]),
        # "but said": the sentence's subject goes on speaking
        ("Ana Ruiz praised the crew but said the ferry was late.",
         [("Ana Ruiz", "the crew"), ("Ana Ruiz", "the ferry was late.")]),
        ("Ana Ruiz sold the ferry in May, but said she regretted it.", [("Ana Ruiz", "she regretted it.")]),
        # ... and a quotation the first statement ends with stays closed
        ('Ana Ruiz called the plan "reckless," but said the port should open.',
         [("Ana Ruiz", 'the plan "reckless,"'), ("Ana Ruiz", "the port should open.")]),
        # a role noun after an inverted cue names who speaks
        ("Tolls will rise, said the chief executive.", [("chief executive", "Tolls will rise")]),
        ("Tolls will rise, said the spokesman.", [("spokesman", "Tolls will rise")]),
        ("Tolls will rise, said the number.", []),
    ],
)
def test_progressive_asides_and_but_said(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "content"),
    [
        # after a stance's object, a participle or "which" is the source's next act or the writer's comment
        ("Ana Ruiz opposed the toll, seeking to calm the drivers.", "the toll"),
        ("Ana Ruiz refused to back the plan, which the council wanted.", "to back the plan"),
        ("Ana Ruiz praised Tomas Vale, the chief negotiator.", "Tomas Vale"),
        # a reduced relative: the object ends at the sentence's own verb
        ("Pastors supporting Ana Ruiz have organized in every county.", "Ana Ruiz"),
        # a closing comment of the writer's after a dash
        ("The agency insisted that the missiles were stopped — a claim nobody could check.",
         "that the missiles were stopped"),
        # ... but not inside a quotation, and not after "that" (a clause goes on)
        ('Ana Ruiz criticized "the toll, raising prices for all."', '"the toll, raising prices for all."'),
        ("Ana Ruiz said the toll was unfair, raising prices for all.", "the toll was unfair, raising prices for all."),
    ],
)
def test_stance_objects_end_before_a_participle(text, content):
    assert [a.text for a in attribute_speakers(Document("t", text))][:1] == [content]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # wants, plans and intentions as to-infinitives
        ("The drivers want to keep the old toll.", [("drivers", "to keep the old toll.")]),
        ("Ana Ruiz plans to vote against the bridge.", [("Ana Ruiz", "to vote against the bridge.")]),
        ("The ferry company expects to hire 200 workers.", [("ferry company", "to hire 200 workers.")]),
        ("The deficit is expected to grow.", []),
        ("The council plans to the letter were late.", []),
        # a belief closing the sentence after its content
        ("The toll will not last, the mayor's allies believe.", [("mayor's allies", "The toll will not last")]),
        ("The allies believe in the toll.", []),
        # a participle after "by", "upon", "after", "while": the sentence's subject speaks
        ("Ana Ruiz ended the debate by saying the toll would stay.", [("Ana Ruiz", "the toll would stay.")]),
        ("Ana Ruiz, after initially saying the toll would stay, dropped it.",
         [("Ana Ruiz", "the toll would stay")]),
        ("The ferry sank while the crew was sleeping.", []),
        # nobody speaks when the subject names nobody
        ("What nobody in Ostrava, Brno or the EU wants to say is simple: the toll is false.", []),
        ("No one at the ministry said the bridge was safe.", []),
        ("Ana Ruiz, who knew no one there, said the bridge was safe.",
         [("Ana Ruiz", "no one there"), ("Ana Ruiz", "the bridge was safe.")]),
    ],
)
def test_intentions_closing_beliefs_and_by_saying(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # names with a suffix, or words that are also modal verbs
        ("Tomas Vale Jr. said the ferry was late.", [("Tomas Vale Jr.", "the ferry was late.")]),
        ("The ferry was late, said Tomas Vale Jr.", [("Tomas Vale Jr.", "The ferry was late")]),
        ("“The ferry was late,” said Will Doyle.", [("Will Doyle", "“The ferry was late,”")]),
        ("The mayor in May said the toll rose.", [("mayor", "the toll rose.")]),
        ("Rosa May said the toll rose.", [("Rosa May", "the toll rose.")]),
        # a party and state, then a description
        ("Sen. Ann Vale, D-Ohio, a critic of the toll, said it was unfair.", [("Ann Vale", "it was unfair.")]),
        ("Sen. Ann Vale, R-S.C., a critic of the toll, said it was unfair.", [("Ann Vale", "it was unfair.")]),
        # a setting between the subject and the cue is not the subject
        ("Ana Ruiz in a Medium post said the toll would fall.", [("Ana Ruiz", "the toll would fall.")]),
        ("Her allies have in the past said she would run.", [("allies", "she would run.")]),
        ("Officials in Ostrava said the toll rose.", [("officials", "the toll rose.")]),
    ],
)
def test_names_and_settings_before_the_cue(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "show" after a poll, a survey, records: the verb, not the noun
        ("Early polls show voters rejecting the toll.", [("Early polls", "voters rejecting the toll.")]),
        ("The survey shows only a small gap.", [("survey", "only a small gap.")]),
        ("The TV show aired on Monday.", []),
        # "and has said": the source's next statement
        ("Ana Ruiz denied any wrongdoing and has said that the toll was fair.",
         [("Ana Ruiz", "any wrongdoing"), ("Ana Ruiz", "that the toll was fair.")]),
        # a new clause after a stance's object
        ("Ana Ruiz praised the crew, and at one point the crowd cheered.", [("Ana Ruiz", "the crew")]),
    ],
)
def test_evidence_shows_and_next_statements(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # verbs that report speech only next to a quotation
        ('“The toll is high,” said Ana Ruiz. She continued, “We will fight it in court.”',
         [("Ana Ruiz", "direct_quote", "“The toll is high,”"),
          ("Ana Ruiz", "direct_quote", "“We will fight it in court.”")]),
        ('“We will fight it in court,” Ruiz continued.', [("Ruiz", "direct_quote", "“We will fight it in court,”")]),
        ("The fighting continued for hours.", []),
        ("The toll continued to rise, said Ana Ruiz.", [("Ana Ruiz", "reported", "The toll continued to rise")]),
        ('The crowd chanted, "Cut the toll!"', [("crowd", "direct_quote", '"Cut the toll!"')]),
        ("The banner read: “No toll, no peace.”", [("banner", "direct_quote", "“No toll, no peace.”")]),
        ("She read the report on Monday.", []),
        # whoever released the statement speaks, also for a quotation
        ('The town released a statement saying, "The toll is fair and it stays."',
         [("town", "direct_quote", '"The toll is fair and it stays."')]),
    ],
)
def test_quotation_only_cues_and_statements(text, expected):
    assert [(a.speaker, a.mode, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # adverbs and settings between the subject and the cue
        ("Ana Ruiz, meanwhile, who owns two ferries, said the toll was fair.", [("Ana Ruiz", "the toll was fair.")]),
        ("Chairman Tomas Vale earlier in the day touted the new toll.", [("Tomas Vale", "the new toll.")]),
        ("Critics have in particular noted the cost of the toll.", [("critics", "the cost of the toll.")]),
        # a leading adverb is not the sentence's subject
        ("Shortly after, the drivers had gathered, warning that the toll would ruin them.",
         [("drivers", "that the toll would ruin them.")]),
        # a relative clause inside an apposition ends at its comma
        ("Ana Ruiz of Brno, a councillor who has refused to back the toll, said the ferry was late.",
         [("councillor", "to back the toll"), ("Ana Ruiz of Brno", "the ferry was late.")]),
        # cue words read as nouns after a determiner or before a noun
        ("Ruiz's attacks on the toll grew sharper.", []),
        ("Republican attacks on Ruiz have grown.", []),
        ("Drivers' plans differ.", []),
        ("Drivers attack the toll as unfair.", [("Drivers", "the toll as unfair.")]),
        # a contracted negation, like "not": the words were not said
        ("The ministry isn't saying the toll was fair.", []),
        ("The drivers don’t believe the toll was fair.", []),
    ],
)
def test_adverbs_settings_and_relative_appositions(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # more stance verbs with a named subject and an object
        ("Ana Ruiz expressed doubts about the toll.", [("Ana Ruiz", "doubts about the toll.")]),
        ("The union echoed the mayor's complaint.", [("union", "the mayor's complaint.")]),
        ("The ministry listed 14 dead.", [("ministry", "14 dead.")]),
        ("Ana Ruiz downplayed the risk to drivers.", [("Ana Ruiz", "the risk to drivers.")]),
        ("Ana Ruiz spoke about the toll at length.", [("Ana Ruiz", "the toll at length.")]),
        # "see" as a view only
        ("Officials see the toll as a test of the union.", [("officials", "the toll as a test of the union.")]),
        ("The council will see a new budget next year.", []),
        # the noun readings stay nouns
        ("The list of victims grew.", []),
        ("In order to win, the party must change.", []),
        ("The mayor is in charge of the port.", []),
    ],
)
def test_more_stance_verbs(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the source's label for something: "what X described as", "dismissed … as"
        ("The strikes hit what the agency described as civilian homes.", [("agency", "civilian homes.")]),
        ("The ferry sank near what Ruiz called a death trap.", [("Ruiz", "a death trap.")]),
        ("Ana Ruiz described the toll as theft.", [("Ana Ruiz", "the toll as theft.")]),
        ("The mayor was described as a hero.", []),
        # a pronoun before a noun-like cue makes it a verb; "claim to" opens a stance
        ("He calls for a ban on the toll.", [("He", "a ban on the toll.")]),
        ("The senators claim to oppose the toll.", [("senators", "to oppose the toll.")]),
    ],
)
def test_labels_and_pronoun_subjects(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a participle whose stance follows a preposition
        ("The talks will end by May, Ruiz said, referring to the ferry contract.",
         [("Ruiz", "said", "The talks will end by May"), ("Ruiz", "referring to", "the ferry contract.")]),
        # a plural possessive makes the cue word a noun
        ("Ruiz toured the port, referring to reporters' notes.", [("Ruiz", "referring to", "reporters' notes.")]),
    ],
)
def test_participles_with_prepositions(text, expected):
    got = [(a.speaker, text[a.cue_start:a.cue_end], a.text) for a in attribute_speakers(Document("t", text))]
    assert got == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a longer lead before a quotation: a description, a party, two names
        ("Veteran pollster Ana Ruiz: “Late deciders broke for the mayor in every district.”",
         [("Ana Ruiz", "“Late deciders broke for the mayor in every district.”")]),
        ('Rep. Ann Vale (D-Ohio):"I have not seen that figure anywhere else."',
         [("Ann Vale", '"I have not seen that figure anywhere else."')]),
        # not a clause before a colon
        ("The reason is simple: “No toll, no peace” is their motto.", []),
    ],
)
def test_longer_leads_before_a_quotation(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an opening mark typed where the closing one belongs
        ("“It is unusual,“ said Ana Ruiz, a lawyer. “It is a hard thing to do.”",
         [("Ana Ruiz", "direct_quote", "“It is unusual,“"),
          ("Ana Ruiz", "continuation", "“It is a hard thing to do.”")]),
        # an auxiliary between the speaker and the cue after a quotation
        ("“Nobody knows the cost of the toll,” she will say.",
         [("she", "direct_quote", "“Nobody knows the cost of the toll,”")]),
    ],
)
def test_typed_marks_and_future_cues(text, expected):
    assert [(a.speaker, a.mode, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "called" naming something, "found" as finding or founding
        ("A website called Real News Right Now ran the story.", []),
        ("The drivers called off the strike.", []),
        ("The ministry called the strikes an escalation.", [("ministry", "the strikes an escalation.")]),
        ("Ruiz has found ways to press her case.", []),
        ("Ruiz helped found the network in 1996.", []),
        ("The survey found that most voters back the toll.", [("survey", "that most voters back the toll.")]),
    ],
)
def test_naming_and_finding_are_not_statements(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ruiz recognized the union's concerns.", [("Ruiz", "the union's concerns.")]),
        ("The paper quoted the minister as saying the toll would stay.",
         [("paper", "the minister as saying the toll would stay.")]),
        ("Ruiz shared her doubts about the toll.", [("Ruiz", "her doubts about the toll.")]),
        ("The company's share of the market grew.", []),
    ],
)
def test_quoting_recognizing_sharing(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a restrictive relative clause between the subject and the cue
        ("Economists who favor the toll agree that it will rise slowly.",
         [("Economists", "the toll"), ("Economists", "that it will rise slowly.")]),
        ("Groups that have endorsed Ruiz say the toll is fair.",
         [("Groups", "the toll is fair.")]),
        # the cue is the relative clause's own verb
        ("Ana Ruiz, who has refused to back the toll, left early.", [("Ana Ruiz", "to back the toll")]),
        ("It is the plan that critics said would fail.", [("critics", "would fail.")]),
        # a subordinate clause is not a relative one
        ("The plan works when drivers know the toll is fair.", [("drivers", "the toll is fair.")]),
    ],
)
def test_relative_clauses_before_the_cue(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quotation after a colon that closes the sentence belongs to the clause's subject
        ("Ana Ruiz put it this way: “The toll is theft, plain and simple.”",
         [("Ana Ruiz", "direct_quote", "“The toll is theft, plain and simple.”")]),
        ("The Ostrava Port Authority was clear in its findings: “The ferry was overloaded.”",
         [("Ostrava Port Authority", "direct_quote", "“The ferry was overloaded.”")]),
        # not when the quotation goes on into the sentence, nor after a clause with no named subject
        ("The reason is simple: “No toll, no peace” is their motto.", []),
        ("The sign in the window was simple: “No toll, no peace, no justice for the drivers.”", []),
    ],
)
def test_a_quotation_after_a_colon(text, expected):
    assert [(a.speaker, a.mode, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ruiz hailed the ruling as a victory.", [("Ruiz", "the ruling as a victory.")]),
        ("Ruiz likened the toll to a tax on work.", [("Ruiz", "the toll to a tax on work.")]),
        ("Ruiz dubbed the toll a theft.", [("Ruiz", "the toll a theft.")]),
        ("A group dubbed the Toll Rebels marched.", []),
        ("Ruiz is in favor of the toll.", []),
        ("The view from the bridge is grand.", []),
    ],
)
def test_hailing_likening_dubbing(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a belief with a bare clause (no "that"), a sum after a preposition
        ("The mayor's strategists think drivers are tired of the toll.",
         [("mayor's strategists", "drivers are tired of the toll.")]),
        ("Most think tanks are funded by donors.", []),
        ("He calls for $1 trillion in new spending.", [("He", "$1 trillion in new spending.")]),
    ],
)
def test_bare_beliefs_and_sums(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "according to" a vague word the phrase goes on to name, a possessor's tally, a noun in -ly
        ("The meeting turned into a shouting match, according to people in attendance.",
         [("people in attendance", "The meeting turned into a shouting match")]),
        ("Turnout rose, according to the ministry's count.", [("ministry", "Turnout rose")]),
        ("The ferry carried 200 cars, according to the port's tally.", [("port", "The ferry carried 200 cars")]),
        ("Prices rose, the daily said.", [("daily", "Prices rose")]),
        ("Prices rose, he said recently.", [("he", "Prices rose")]),
    ],
)
def test_according_to_phrases_and_tallies(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # cue words as adjectives or nouns, and "maintained" only before a clause
        ("Clinton won 60 pledged delegates.", []),
        ("The stated goal of the toll is safety.", []),
        ("Rust Belt states that have lost jobs are angry.", []),
        ("Ruiz maintained her lead in the polls.", []),
        ("The campaign has long maintained that the emails were not classified.",
         [("campaign", "that the emails were not classified.")]),
    ],
)
def test_adjectives_and_clause_only_cues(text, expected):
    assert [(a.speaker, a.text) for a in attribute_speakers(Document("t", text))] == expected


@pytest.mark.parametrize(
    "text",
    [
        "RED STATES OUTNUMBER BLUE STATES\nAna Ruiz: “Our analysis of party affiliation shows a clear shift.”",
        "HIGHER THAN EXPECTED TURNOUT\nAna Ruiz:  “At long last the contests have finally started.”",
        "A NEW MAP\nAna Ruiz put it this way: “The toll is a theft from every driver.”",
    ],
)
def test_a_headline_line_glued_before_a_lead(text):
    assert [a.speaker for a in attribute_speakers(Document("t", text))] == ["Ana Ruiz"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # a dateline, a leading "Likewise", a participle's object, an adjective before a noun-like cue
        ("OSTRAVA — Ana Ruiz rallied the drivers, saying: “We will stop the toll.”", "Ana Ruiz"),
        ("Likewise, Ana Ruiz criticized the toll, saying it was unfair.", "Ana Ruiz"),
        ("A source speaking to Meridian Wire said, “The agents are looking at the donations.”", "source"),
        ('Ana Ruiz delivered a sharp retort: "Nobody is tearing this up. We go forward."', "Ana Ruiz"),
    ],
)
def test_datelines_leads_and_participles_before_the_subject(text, speaker):
    assert attribute_speakers(Document("t", text))[-1].speaker == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # an age, a place and a setting set off by commas between the name and the cue
        ("Tomas Vale, 22, of Brno, Moravia, said he had not given up hope.", "Tomas Vale"),
        ("Ana Ruiz, during a town hall meeting in Ostrava, Moravia, said the toll would go.", "Ana Ruiz"),
        ("In May, Ana Ruiz, a nurse, said the toll was high.", "Ana Ruiz"),
    ],
)
def test_places_and_settings_between_commas(text, speaker):
    assert [a.speaker for a in attribute_speakers(Document("t", text))] == [speaker]
