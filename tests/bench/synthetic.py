"""Synthetic briefings: deterministic English-like news articles for benchmarks and tests.

Words follow a Zipf-like distribution over a fixed vocabulary (common English and news words
first, then made-up words for the long tail), so a common word matches many passages and a
rare one few. The topic words of ``config.yaml`` (Kursk, Zaporizhzhia, "nuclear power plants",
prisoners of war, ceasefire, the president's spellings...) are mixed in at low rates, as in a
real briefing. Articles vary their header the way the seeds do: a ``date YYYY-MM-DD Title``
first line, a ``Kyiv • Outlet`` dateline, an AP ``KYIV, Ukraine (AP) —`` lead, or nothing.

The same ``(count, seed, size)`` always gives the same files, byte for byte.
"""

from __future__ import annotations

import itertools
import random
from pathlib import Path

COMMON_WORDS = """
the of and to a in that is was for on it with as he said by at from his an be have
has are but not this were which they had their been who will its would more also after
one or there all we about when than two new other she up into over out can could first
her some last year what only people years time if them no so may most while because
president officials government military country war state minister talks call statement
leaders week meeting forces security support agreement peace deal attack said on united
states russian ukrainian foreign national international region city border troops
strikes drones missiles weapons aid defense defence ministry spokesman office house
white kremlin european union nato allies council sanctions economy energy oil gas
market prices trade talks negotiations proposal plan conflict fighting front line
territory control power plant plants nuclear civilians children families residents
attacks reported according told reporters news agency sources officials added
tuesday wednesday thursday monday friday saturday sunday march april day days month
months hours morning night early later before during since under between against
without through across around near toward towards including such many several few
any each every both either another same own high long large small old young good
great important major public political economic social local former senior top
end start way part place case point group number fact world life home work
system program question issue issues problem right left hand head eye area water
service services information data report reports review situation efforts effort
support supported supporting call calls called calling discuss discussed discussion
agree agreed agreeing hold held holding meet met meets visit visited visiting
help helped helping continue continued continuing take took taken make made making
give gave given find found show showed shown come came go went going know knew
think thought see saw seen want wanted use used work worked working need needed
expected expect expects likely possible potential critical key full partial
temporary lasting immediate direct joint bilateral technical strategic regional
infrastructure railway railways port ports grid electricity stations facility
facilities operator operators inspectors agency atomic reactor reactors safety
exchange exchanged release released return returned prisoner captured soldiers
army navy air force units battalion brigade commander commanders general staff
intelligence satellite images video footage claims claimed denied confirmed
announced warned urged called demanded rejected accepted welcomed praised criticised
criticized accused blamed signed approved voted passed parliament lawmakers
senate congress election campaign voters poll administration envoy envoys delegation
diplomats diplomatic embassy ambassador summit conference capital region regions
oblast district village villages town towns homes buildings damage damaged destroyed
killed wounded injured casualties dead victims rescue emergency workers firefighters
shelling artillery drone missile strike barrage overnight launched intercepted shot
down systems system patriot javelin tanks vehicles equipment supplies ammunition
funding billion million dollars euros budget package loan loans minerals resources
ownership investment companies company business businesses industry industrial
""".split()  # noqa: SIM905

_SYLLABLE_TEXT = (
    "ba be bi bo bu da de di do du fa fe fi fo ka ke ki ko la le li lo lu ma me mi mo mu na ne "
    "ni no nu pa pe pi po ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo za ze zo "
    "bar ber dor dan fen gal ker lin mar mon nor pen ran rin sol sten tar ton ver vin wal zen "
    "str tra pro con dis mis tion ment ness ance ence ing ous ive ate ize ful less able"
)
_SYLLABLES = _SYLLABLE_TEXT.split()

# (phrase, weight): the words and phrases of config.yaml's topics and aliases, and near misses.
TOPIC_PHRASES = (
    ("Kursk", 6),
    ("the Kursk region", 3),
    ("Zaporizhzhia", 4),
    ("the Zaporizhzhia nuclear power plant", 2),
    ("Zaporizhzhia plant", 1),
    ("Zaporozhye", 1),
    ("nuclear power plants", 3),
    ("power plants", 3),
    ("power stations", 2),
    ("the nuclear plant", 1),
    ("prisoners of war", 3),
    ("prisoners", 4),
    ("POWs", 2),
    ("a prisoner exchange", 2),
    ("ceasefire", 8),
    ("a partial ceasefire", 3),
    ("a truce", 2),
    ("halt strikes", 1),
    ("energy infrastructure", 4),
    ("electricity", 2),
    ("Patriot systems", 2),
    ("air defense", 2),
    ("air defence", 1),
    ("Javelin missiles", 1),
    ("missing children", 1),
    ("children returned", 1),
    ("Zelensky", 6),
    ("Zelenskyy", 6),
    ("Zelenskiy", 2),
    ("Zelenski", 1),
    ("President Volodymyr Zelenskyy", 3),
    ("Putin", 6),
    ("Vladimir Putin", 3),
    ("Trump", 8),
    ("Donald Trump", 3),
    ("Kyiv", 5),
    ("Kiev", 1),
    ("Moscow", 3),
    ("Jeddah", 1),
    ("Saudi Arabia", 2),
)
TOPIC_RATE = 0.1
"""Share of sentences that carry one topic phrase."""
RARE_RATE = 0.3
"""Share of sentences that carry a rare token (a number or a new name): the vocabulary keeps
growing with the corpus, as real news does (Heaps' law)."""

_OUTLETS = ("UNN", "Ukrinform", "Reuters", "AP", "Kyiv Independent", "BBC", "TASS", "Meduza")
_PLACES = ("Kyiv", "Kharkiv", "Odesa", "Dnipro", "Lviv", "Washington", "Moscow", "Brussels")
_VOCABULARY_SIZE = 30_000


def _vocabulary() -> list[str]:
    """The general vocabulary, most frequent first."""
    words = list(dict.fromkeys(COMMON_WORDS))
    seen = set(words)
    rng = random.Random(20250319)  # fixed: every seed shares one vocabulary
    while len(words) < _VOCABULARY_SIZE:
        word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.choice((2, 2, 3, 3, 4))))
        if word not in seen and len(word) > 3:
            seen.add(word)
            words.append(word)
    return words


def _draw_table(words: list[str], slots: int) -> list[str]:
    """Each word repeated in proportion to its Zipf–Mandelbrot weight: a uniform draw from
    this table is a weighted draw from ``words``, without a bisect per word."""
    weights = list(itertools.accumulate(1.0 / (rank + 2.7) ** 1.05 for rank in range(len(words))))
    total = weights[-1]
    table: list[str] = []
    for word, cumulative in zip(words, weights, strict=True):
        table.extend([word] * (round(cumulative / total * slots) - len(table)))
    return table


_TABLE_BITS = 20
_TABLE = _draw_table(_vocabulary(), 1 << _TABLE_BITS)
_PHRASES = [phrase for phrase, _weight in TOPIC_PHRASES]
_PHRASE_CUMULATIVE = list(itertools.accumulate(weight for _phrase, weight in TOPIC_PHRASES))


def _sentences(rng: random.Random, count: int) -> list[str]:
    """``count`` sentences; words are drawn in one batch, which keeps generation fast."""
    bits = rng.getrandbits
    lengths = [8 + bits(4) + bits(2) for _ in range(count)]  # 8 to 26 words
    table = _TABLE
    words = [table[bits(_TABLE_BITS)] for _ in range(sum(lengths))]
    sentences = []
    start = 0
    for length in lengths:
        sentence = words[start : start + length]
        start += length
        if rng.random() < TOPIC_RATE:
            phrase = rng.choices(_PHRASES, cum_weights=_PHRASE_CUMULATIVE)[0]
            sentence.insert(rng.randrange(length + 1), phrase)
        if rng.random() < RARE_RATE:
            sentence.insert(rng.randrange(length + 1), _rare(rng))
        sentence[0] = sentence[0][:1].upper() + sentence[0][1:]
        if length > 12 and rng.random() < 0.4:
            sentence[length // 2] += ","
        sentences.append(" ".join(sentence) + rng.choice("....!?"))
    return sentences


def _rare(rng: random.Random) -> str:
    if rng.random() < 0.4:
        return str(rng.randrange(2, 100_000))
    name = "".join(rng.choice(_SYLLABLES) for _ in range(3))
    return name[:1].upper() + name[1:]


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentences(rng, rng.randint(2, 6)))


def _title(rng: random.Random) -> str:
    title = _sentences(rng, 1)[0].rstrip(".!?,")
    return title[:90]


def _date(rng: random.Random) -> str:
    return f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def article_text(rng: random.Random, size: int = 3000) -> str:
    """One article of about ``size`` characters with a header in one of the seeds' forms."""
    style = rng.randrange(5)
    head: list[str] = []
    if style == 0:
        head = [f"date {_date(rng)} {_title(rng)}", ""]
    elif style == 1:
        head = [_title(rng), f"{rng.choice(_PLACES)} • {rng.choice(_OUTLETS)}"]
    elif style == 2:
        head = [f"Source: {rng.choice(_OUTLETS)}", f"Title: {_title(rng)}", f"Date: {_date(rng)}"]
        head.append("")
    paragraphs: list[str] = []
    length = 0
    budget = size - sum(len(line) + 1 for line in head)
    while True:
        paragraph = _paragraph(rng)
        if paragraphs and length + len(paragraph) // 2 > budget:
            break
        paragraphs.append(paragraph)
        length += len(paragraph) + 2
    if style == 3:
        paragraphs[0] = f"{rng.choice(_PLACES).upper()}, Ukraine (AP) — {paragraphs[0]}"
    separator = "\n" if style == 1 or rng.random() < 0.3 else "\n\n"
    return "\n".join(head) + ("\n" if head else "") + separator.join(paragraphs) + "\n"


def make_corpus(folder: Path, count: int, seed: int = 0, size: int = 3000) -> list[Path]:
    """Write ``count`` articles of about ``size`` bytes into ``folder``; return their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    digits = max(5, len(str(count - 1)))
    paths = []
    for number in range(count):
        path = folder / f"{number:0{digits}d}_{rng.getrandbits(32):08x}.txt"
        path.write_text(article_text(rng, size), encoding="utf-8")
        paths.append(path)
    return paths
