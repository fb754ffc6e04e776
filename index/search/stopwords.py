"""Words that carry no fact, left out where passages are compared or topics are expanded."""

from __future__ import annotations

from whoosh.analysis import STOP_WORDS

from index.search.languages import stem_in


def wordlist(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (for word lists kept readable in source)."""
    return frozenset(text.split())


ENGLISH = frozenset(STOP_WORDS) | wordlist(
    """
    about after also am any because been before being both but did do does doing during each
    had has having he her here hers him his how i into its itself just me more most my no nor
    now off once only other our ours out over own same she should so some such than their
    theirs them then there these they those through too under until up very was were what
    when where which while who whom why would could s t said says say told according
    """
)
"""Whoosh's English list plus pronouns, auxiliaries and 'said'."""

RUSSIAN = wordlist(
    """
    я ты он она оно мы вы они меня тебя его ее её ему ей нам вам им их ими нас вас мной мне
    себя себе собой свой своя свое своё свои своего своей своих своим своими
    мой моя мое моё мои наш наша наше наши ваш ваша ваше ваши
    этот эта это эти этого этой этих этим этими этому том тот та то те того той тех тому
    весь вся все всё всех всем всего всей всеми сам сама само сами самого
    который которая которое которые которого которой которых которому которым которыми котором
    кто что чего чему чем чём кого кому какой какая какое какие каких
    такой такая такое такие таких
    и а но или либо да чтобы если когда пока хотя потому поэтому так также тоже как будто
    ни не нет лишь только уже еще ещё даже вот ведь же ли бы однако причем причём зато тогда
    затем
    в во на с со к ко по о об обо от из у за под над при про для до без через между перед
    после около среди против вместо кроме
    быть был была было были будет будут буду будем есть является являются может могут мог
    могла могли можно нужно надо должен должна должны
    где здесь там тут сейчас теперь очень более менее
    сказал сказала сказали заявил заявила заявили сообщил сообщила сообщили отметил отметила
    отметили добавил добавила добавили подчеркнул подчеркнула говорит говорят пишет передает
    передаёт сообщает заявляет словам
    """
)
"""Russian pronouns, conjunctions, particles, prepositions, auxiliaries and 'said'-verbs
("стал", "стали" are left out: they are also the stem and a form of "сталь", steel)."""

UKRAINIAN = wordlist(
    """
    я ти він вона воно ми ви вони мене тебе його її йому їй нам вам їм їх ними нас вас мною
    мені тобою себе собі собою свій своя своє свої свого своєї своїх своїм своїми
    мій моя моє мої наш наша наше наші ваш ваша ваше ваші
    цей ця це ці цього цієї цих цим цими цьому той та те ті того тієї тих тим тими тому
    весь вся все всі всього всієї всіх всім усе усі усіх сам сама само самі
    який яка яке які якого якої яких якому яким якими якій
    хто що чого чому чим кого кому такий така таке такі таких
    і й та а але або чи щоб якщо коли поки хоча тож також теж як ніби ні не немає лише тільки
    вже ще навіть ось адже ж же б би проте однак зате тоді потім бо
    в у на з із зі до від по о об про при для без через між перед після біля серед проти
    замість крім під над за поза
    бути був була було були буде будуть буду будемо є може можуть міг могла могли можна треба
    потрібно має мають
    де тут там зараз тепер дуже більш більше менше
    сказав сказала сказали заявив заявила заявили повідомив повідомила повідомили зазначив
    зазначила зазначили додав додала додали наголосив наголосила наголосили каже кажуть пише
    передає повідомляє заявляє словами
    """
)
"""Ukrainian pronouns, conjunctions, particles, prepositions, auxiliaries and 'said'-verbs."""

SHARED_STEMS = wordlist("посл переда біл")
"""Stems of a function word that are also a content word's, which a topic may still learn:
"после" (after) and "посла" (the ambassador's), "передает" (reports) and "передали" (handed
over), "біля" (near) and "Білого" (the White House's)."""


def _with_stems(words: frozenset[str], lang: str) -> frozenset[str]:
    """``words`` and their stems in ``lang``: expansion compares stems ("котор")."""
    stems = {stem_in(word, lang) for word in words}
    return words | frozenset(stems - SHARED_STEMS)


STOPWORDS = ENGLISH | _with_stems(RUSSIAN, "ru") | _with_stems(UKRAINIAN, "uk")
"""Words that carry no fact, in English, Russian and Ukrainian, with the Cyrillic ones'
stems."""
