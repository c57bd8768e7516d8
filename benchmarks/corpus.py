"""A generated news-like corpus and a 1,000-entry codebook for speed measurements.

Sentences of 8-40 words with capitals, commas, quotes, hyphenated compounds,
abbreviations and paragraph breaks; about 1.5% of words are codebook hits
(single and multi-word, some inflected, some across a line break). Seeded, so
every run measures the same text.
"""

from __future__ import annotations

import random

from framing.lexicon import Lexicon, LexiconEntry, load_lexicon

_COMMON = """the of and to a in that is was he for it with as his on be at by i this had not are but from or
have an they which one you were her all she there would their we him been has when who will more no if out so
said what up its about into than them can only other new some could time these two may then do first any my now
such like our over man me even most made after also did many before must through back years where much your way
well down should because each just those people how too little state good very make world still own see men work
long get here between both life being under never day same another know while last might us great old year off
come since against go came right used take three officials government military forces region border city town
village residents sources statement ministry spokesman agency report reports news week month morning night early
late attack strikes strike troops fighters groups weapons depot depots warehouse convoy positions targets killed
wounded injured civilians soldiers police security council meeting talks deal sanctions pressure support aid
hospital school road bridge province capital northern southern eastern western local foreign national officials
analysts observers experts witnesses according told added noted warned called urged described confirmed denied""".split()
_NAMES = """Israel Iran Syria Lebanon Gaza Damascus Beirut Tehran Baghdad Iraq Jordan Egypt Hamas Hezbollah Moscow
Washington Ankara Riyadh Qatar Yemen Sanaa Aleppo Homs Idlib Deir Ezzor Tell Qasr Haddad Amin Khalil Levi Cohen
Rahimi Nasser Saleh Darwish Mansour Ben-Ami Dror Kessler""".split()
_ABBREV = ["U.S.", "U.N.", "U.K.", "a.m.", "p.m.", "Gen.", "Lt. Col.", "Dr."]
_HYPHEN = ["cross-border", "long-range", "Iran-aligned", "well-known", "so-far", "anti-aircraft", "24-hour"]


_SYLLABLES = ["ka", "ro", "mi", "tel", "san", "dar", "ven", "lo", "qu", "est", "ber", "nom", "pra", "tis",
              "ul", "gar", "hen", "dor", "mas", "lin", "cho", "rev", "at", "ion", "ment", "ful", "ic", "al"]


def _vocabulary(rnd: random.Random, n: int = 30_000) -> tuple[list[str], list[float]]:
    """Common words first, then generated words, with Zipf-like cumulative weights.

    Real news has a long tail of rare words; without it, tokenizers that cache
    by string (spaCy) look much faster than they are on real text.
    """
    words = list(dict.fromkeys(_COMMON))
    seen = set(words)
    while len(words) < n:
        w = "".join(rnd.choice(_SYLLABLES) for _ in range(rnd.choice([2, 2, 3, 3, 4])))
        if rnd.random() < 0.08:
            w = w.capitalize()
        if w not in seen:
            seen.add(w)
            words.append(w)
    cum, total = [], 0.0
    for rank in range(1, len(words) + 1):
        total += 1.0 / rank
        cum.append(total)
    return words, cum


def make_codebook(n_entries: int = 1000, seed: int = 7) -> Lexicon:
    """The bundled codebooks topped up with generated entries to ``n_entries`` (30% multi-word)."""
    rnd = random.Random(seed)
    base = [e for e in load_lexicon(["conflict", "cues"]).entries]
    entries = list(base[:n_entries])
    seen = {f.casefold() for e in entries for f in e.forms}
    while len(entries) < n_entries:
        if rnd.random() < 0.3:
            term = " ".join(rnd.choice(_COMMON) + rnd.choice("xyzq") for _ in range(rnd.choice([2, 2, 3])))
        else:
            term = rnd.choice(_COMMON) + rnd.choice(["ist", "ism", "ocracy", "ward", "ite"]) + rnd.choice("kqz")
        if term.casefold() in seen:
            continue
        seen.add(term.casefold())
        entries.append(LexiconEntry(term=term, category="generated", note="benchmark", lexicon="bench"))
    return Lexicon("bench", tuple(entries), categories={e.category: "" for e in entries})


def make_corpus(n_words: int = 5_000_000, *, hit_rate: float = 0.015, seed: int = 11) -> list[str]:
    """Articles of about 600 words, ``n_words`` in all."""
    rnd = random.Random(seed)
    lex = make_codebook()
    terms = [f for e in lex.entries for f in e.forms if e.loaded]
    vocab, cum = _vocabulary(rnd)
    docs, words = [], 0
    while words < n_words:
        paras, doc_words = [], 0
        while doc_words < 600:
            sents = []
            for _ in range(rnd.randint(1, 4)):
                length = rnd.randint(8, 40)
                toks = []
                for i in range(length):
                    r = rnd.random()
                    if r < hit_rate:
                        t = rnd.choice(terms)
                        if " " in t and rnd.random() < 0.05:
                            t = t.replace(" ", "\n", 1)
                    elif r < 0.12:
                        t = rnd.choice(_NAMES)
                    elif r < 0.13:
                        t = rnd.choice(_ABBREV)
                    elif r < 0.14:
                        t = rnd.choice(_HYPHEN)
                    elif r < 0.16:
                        t = str(rnd.randint(2, 2000))
                    else:
                        t = rnd.choices(vocab, cum_weights=cum)[0]
                    if i < length - 1 and rnd.random() < 0.06:
                        t += ","
                    toks.append(t)
                toks[0] = toks[0][:1].upper() + toks[0][1:]
                s = " ".join(toks) + rnd.choice([".", ".", ".", "?"])
                if rnd.random() < 0.2:
                    s = f"“{s[:-1]},” {rnd.choice(_NAMES)} said."
                sents.append(s)
                doc_words += length
            paras.append(" ".join(sents))
        docs.append("\n\n".join(paras))
        words += doc_words
    return docs
